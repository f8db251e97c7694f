"""Rating pages: the rounds (list, opening one), the round of a grassroots organization on
one page (every subject with its self-assessment, proposal, score, automatic case and
decision, the cap and how near it is, each proposal checked as it is typed), the appraisal
and the decision of one subject, the statistical form of review results (page and .xlsx)
and the printable rating sheet of a round.

Views parse, scope (through ``ratings.selectors``: outside the actor's subtree answers 404),
call one service and render."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.core.errors import PermissionDenied
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import write_refusal
from dangvu.ratings import selectors, services
from dangvu.ratings.models import LEVELS, Rating
from dangvu.web.common.exports import xlsx_response
from dangvu.web.common.pages import root_of, service_form
from dangvu.web.common.widgets import organization_choices

from .exports import summary_workbook
from .forms import DecideForm, OpenForm, ProposeForm, RoundFilterForm, SelfForm, SummaryForm

HELP = {
    "open": gettext_lazy(
        "Open the rating round of a year: every grassroots organization under the organization chosen gets its "
        "round under the rule set of that year, with its cells and its members. Members admitted less than 6 "
        "months before the end of the year, exempt or suspended are listed as not rated, with the reason."),
    "propose": gettext_lazy(
        "The appraisal proposes a level. Under 366-QĐ/TW give the score out of 100 and, for a member, the tasks "
        "of the year and the share of results beyond requirement; an organization's tasks, targets and discipline "
        "are read from the registers. A member disciplined in the year is proposed as not having completed their "
        "duties: the deciding level may rate otherwise with a note."),
    "decide": gettext_lazy(
        "The competent level decides the level. A level other than the proposal needs its reason."),
}


def _year_choices() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


def round_list(request):
    root = root_of(request)
    form = RoundFilterForm(request.GET)
    year = form.filters()["year"]
    rounds = selectors.round_list(actor=request.user, year=year)
    return render(request, "web/ratings/rounds.html", {
        "form": form, "rounds": rounds, "years": selectors.round_years(actor=request.user),
        "can_write": not write_refusal(request.user, root), "root": root})


def round_open(request):
    actor = request.user
    root = root_of(request)
    refusal = write_refusal(actor, root)
    if refusal:
        raise PermissionDenied(refusal)
    form = OpenForm(request.POST or None, initial={"year": timezone.localdate().year, "organization": root.pk})
    form.fields["organization"].choices = organization_choices(selectors.grassroots_choices(actor=actor))

    def call(data):
        organization = org_selectors.organization_get(actor=actor, pk=data["organization"])
        services.round_open(actor=actor, organization=organization, year=data["year"])

    return service_form(request, form, call, "web/ratings/form.html", {
        "form_title": _("Open a rating round"), "help": HELP["open"], "cancel_url": reverse("ratings:rounds")},
        reverse("ratings:rounds"))


def round_detail(request, pk: int):
    actor = request.user
    rnd = selectors.round_get(actor=actor, pk=pk)
    ratings = selectors.round_ratings(rating_round=rnd)
    cap_text, cap_state = selectors.round_cap(rating_round=rnd)
    rows = []
    for r in ratings:
        rows.append({"rating": r, "can_propose": not selectors.rating_propose_refusal(actor=actor, rating=r),
                     "can_decide": not selectors.rating_decide_refusal(actor=actor, rating=r)})
    return render(request, "web/ratings/round.html", {
        "round": rnd, "rows": rows, "cap_text": cap_text, "cap_state": cap_state, "levels": LEVELS,
        "crumbs": org_selectors.breadcrumbs(actor=actor, organization=rnd.organization),
        "crumb_tail": _("Rating %(year)s") % {"year": rnd.year}})


def _rating_form(request, pk: int, form_class, service, refusal_of, title: str, help_text):
    actor = request.user
    rating = selectors.rating_get(actor=actor, pk=pk)
    back = reverse("ratings:round", args=[rating.round_id]) + f"#r{rating.pk}"
    refusal = refusal_of(actor=actor, rating=rating)
    if refusal:
        raise PermissionDenied(refusal)
    form = form_class(request.POST or None, initial={"level": rating.current_level or rating.self_level})

    def call(data):
        service(actor=actor, rating=rating, data=data, form=form)

    return service_form(request, form, call, "web/ratings/form.html", {
        "form_title": title, "subject": f"{rating.subject_name} — {rating.round.year} ({rating.round.rule_set.name})",
        "help": help_text, "cancel_url": back, "rating": rating,
        "check_url": reverse("ratings:check", args=[rating.pk]) if form_class is ProposeForm else ""}, back)


def rating_propose(request, pk: int):
    def service(*, actor, rating, data, form):
        services.rating_propose(actor=actor, rating=rating, note=data.get("note") or "", **form.values())
    return _rating_form(request, pk, ProposeForm, service, selectors.rating_propose_refusal, _("Appraisal"),
                        HELP["propose"])


def rating_self(request, pk: int):
    def service(*, actor, rating, data, form):
        services.rating_self_assess(actor=actor, rating=rating, level=data["level"], note=data.get("note") or "")
    return _rating_form(request, pk, SelfForm, service, selectors.rating_propose_refusal, _("Self-assessment"), "")


def rating_decide(request, pk: int):
    def service(*, actor, rating, data, form):
        services.rating_decide(actor=actor, rating=rating, level=data["level"], note=data.get("note") or "")
    return _rating_form(request, pk, DecideForm, service, selectors.rating_decide_refusal, _("Decision"),
                        HELP["decide"])


def rating_check(request, pk: int):
    """The rules' answer to a proposal as it is typed (HTMX fragment)."""
    rating = selectors.rating_get(actor=request.user, pk=pk)
    form = ProposeForm(request.GET)
    message, ok = "", False
    if form.is_valid():
        message = selectors.proposal_refusal(rating=rating, **form.values())
        ok = not message
    else:
        message = " ".join(e for errors in form.errors.values() for e in errors)
    return render(request, "web/ratings/_check.html", {"message": message, "ok": ok})


def _summary(request):
    actor = request.user
    root = root_of(request)
    form = SummaryForm(request.GET)
    form.fields["org"].choices = organization_choices(selectors.grassroots_choices(actor=actor))
    filters = form.filters()
    organization = org_selectors.organization_get(actor=actor, pk=filters["org"]) if filters["org"] else root
    year = filters["year"] or (selectors.round_years(actor=actor) or [timezone.localdate().year])[0]
    return form, selectors.summary(actor=actor, organization=organization, year=year)


def summary(request):
    form, result = _summary(request)
    return render(request, "web/ratings/summary.html", {
        "form": form, "summary": result, "levels": LEVELS, "reasons": Rating.NotRated.choices,
        "params": request.GET.urlencode()})


def summary_export(request):
    _form, result = _summary(request)
    return xlsx_response(summary_workbook(result), f"xep-loai-{result.organization.code}-{result.year}.xlsx")


def round_sheet(request, pk: int):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    ratings = selectors.round_ratings(rating_round=rnd)
    cap_text, _state = selectors.round_cap(rating_round=rnd)
    return render(request, "web/ratings/sheet.html", {"round": rnd, "ratings": ratings, "cap_text": cap_text,
                                                      "today": timezone.localdate()})
