"""Party badge pages: the list of an award date for an organization's subtree (due,
excluded with the reason, may come early, awarded) with its printable version and its Excel
export; awarding the whole list in one decision or one member (early with a reason); the
award dates committees set; the rule tables; the member-work statistical form.

Views parse, scope (through ``awards.selectors``: outside the actor's subtree answers 404),
call one service and render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.awards import badges, selectors, services
from dangvu.core import formatting
from dangvu.core.errors import PermissionDenied
from dangvu.orgs.scope import write_refusal
from dangvu.web.common.exports import xlsx_response
from dangvu.web.common.pages import root_of, service_form
from dangvu.web.common.widgets import organization_choices

from .exports import badge_workbook, work_form_workbook
from .forms import BadgeAwardForm, BadgeDateForm, BadgeFilterForm, DecisionFields, WorkFormForm

HELP = {
    "award_list": gettext_lazy(
        "Every member in the list “Due a badge” receives the badge due, under one decision. If one of them may "
        "not receive it, nobody does and the page says why."),
    "award": gettext_lazy(
        "A badge before the milestone is reached needs a reason: serious illness (up to 12 months early for 30 "
        "to 65 years, 24 months for 70 to 90 years) or posthumously (up to 12 months)."),
    "date": gettext_lazy(
        "Besides 3/2, 19/5, 2/9 and 7/11, a committee may set another award date for the organizations under "
        "it."),
}


def _list_params(request):
    actor = request.user
    form = BadgeFilterForm(request.GET)
    form.fields["org"].choices = organization_choices(selectors.badge_organizations(actor=actor))
    filters = form.filters()
    organization = selectors.badge_organization(actor=actor, pk=filters["org"])
    on = filters["on"] or badges.next_award_date(timezone.localdate())
    return form, organization, on


def _query(organization, on) -> str:
    return urlencode({"on": on.strftime("%d/%m/%Y"), "org": organization.pk})


def badge_list(request):
    form, organization, on = _list_params(request)
    listing = selectors.badge_list(actor=request.user, organization=organization, on=on)
    refusal = write_refusal(request.user, organization)
    return render(request, "web/badges/list.html", {
        "form": form, "listing": listing, "query": _query(organization, on), "can_write": not refusal,
    })


def badge_print(request):
    _form, organization, on = _list_params(request)
    listing = selectors.badge_list(actor=request.user, organization=organization, on=on)
    return render(request, "web/badges/print.html", {"listing": listing, "query": _query(organization, on),
                                                     "today": timezone.localdate()})


def badge_export(request):
    _form, organization, on = _list_params(request)
    listing = selectors.badge_list(actor=request.user, organization=organization, on=on)
    return xlsx_response(badge_workbook(listing), f"huy-hieu-{organization.code}-{on:%Y-%m-%d}.xlsx")


def badge_award_list(request):
    """The whole list of an award date (``?on=…&org=…``, as the list page links it) under one
    decision."""
    actor = request.user
    _form, organization, on = _list_params(request)
    refusal = write_refusal(actor, organization)
    if refusal:
        raise PermissionDenied(refusal)
    form = DecisionFields(request.POST or None, initial={"decision_date": on})

    def call(data):
        services.badge_award_list(actor=actor, organization=organization, awarded_on=on,
                                  decision_number=data["decision_number"], decision_date=data["decision_date"])

    back = reverse("badges:list") + "?" + _query(organization, on)
    return service_form(request, form, call, "web/badges/form.html", {
        "form_title": _("Award the list of %(date)s") % {"date": on.strftime("%d/%m/%Y")},
        "subject": organization.name, "help": HELP["award_list"], "cancel_url": back}, back)


def badge_award(request, pk: int):
    actor = request.user
    member = selectors.badge_member(actor=actor, pk=pk)
    refusal = write_refusal(actor, member.organization)
    if refusal:
        raise PermissionDenied(refusal)
    initial = {"awarded_on": badges.next_award_date(timezone.localdate())}
    for key in ("milestone", "early_reason"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    if request.GET.get("on"):
        initial["awarded_on"] = request.GET["on"]
    form = BadgeAwardForm(request.POST or None, initial=initial)

    def call(data):
        services.badge_award(actor=actor, member=member, **data)

    back = reverse("members:detail", args=[member.pk])
    return service_form(request, form, call, "web/badges/form.html", {
        "form_title": _("Award a Party badge"), "subject": member.full_name, "help": HELP["award"],
        "cancel_url": back}, back)


def badge_dates(request):
    year = timezone.localdate().year
    if request.GET.get("year", "").isdigit() and 1930 <= int(request.GET["year"]) <= 2100:
        year = int(request.GET["year"])
    root = root_of(request)
    return render(request, "web/badges/dates.html", {
        "year": year, "dates": selectors.badge_dates(actor=request.user, year=year),
        "can_write": not write_refusal(request.user, root)})


def badge_date_new(request):
    actor = request.user
    root = root_of(request)
    refusal = write_refusal(actor, root)
    if refusal:
        raise PermissionDenied(refusal)
    form = BadgeDateForm(request.POST or None, initial={"organization": root.pk})
    form.fields["organization"].choices = organization_choices(selectors.badge_organizations(actor=actor))

    def call(data):
        organization = selectors.badge_organization(actor=actor, pk=data["organization"])
        services.badge_date_create(actor=actor, organization=organization, on=data["on"], note=data["note"])

    return service_form(request, form, call, "web/badges/form.html", {
        "form_title": _("Set an award date"), "help": HELP["date"], "cancel_url": reverse("badges:dates")},
        reverse("badges:dates"))


def badge_rules(request):
    root_of(request)
    return render(request, "web/badges/rules.html", {"tables": selectors.badge_rule_tables(),
                                                     "milestones": badges.MILESTONES})


def _work_form(request):
    actor = request.user
    form = WorkFormForm(request.GET)
    form.fields["org"].choices = organization_choices(selectors.badge_organizations(actor=actor))
    filters = form.filters()
    organization = selectors.badge_organization(actor=actor, pk=filters["org"])
    today = timezone.localdate()
    start = filters["start"] or today.replace(month=1, day=1)
    end = filters["end"] or today
    if end < start:
        start, end = end, start
    return form, selectors.badge_work_form(actor=actor, organization=organization, start=start, end=end)


def work_form(request):
    form, result = _work_form(request)
    sections = [(title, [(label, now, before, formatting.percent_sign(share), total)
                         for label, now, before, share, total in rows]) for title, rows in result.sections()]
    return render(request, "web/badges/work_form.html", {"form": form, "result": result, "sections": sections})


def work_form_export(request):
    _form, result = _work_form(request)
    return xlsx_response(work_form_workbook(result),
                         f"cong-tac-dang-vien-{result.organization.code}-{result.start:%Y%m%d}-{result.end:%Y%m%d}.xlsx")

