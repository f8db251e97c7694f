"""Commendation pages: the list (filters by year, kind, organizations or members, subtree),
one commendation, recording (an organization; a member from the member's page), changing and
deleting one; the proposed lists of a year from the ratings register (rated excellent in the
year, or N years in a row) with a box per subject and one "decide" action.

Views parse, scope (through ``awards.selectors`` and ``orgs.selectors``: outside the actor's
subtree answers 404), call one service and render. A read-only account gets the 403 page
with the reason on every page that writes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dangvu.awards import selectors, services
from dangvu.awards.models import Commendation, EmulationTitle
from dangvu.core.audit import history_for
from dangvu.core.errors import PermissionDenied, message
from dangvu.members import selectors as member_selectors
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import write_refusal
from dangvu.web.common.audit_display import audit_rows
from dangvu.web.common.exports import xlsx_response
from dangvu.web.common.forms import add_field_errors
from dangvu.web.common.pages import (
    org_filter_choices,
    paginate,
    query_without_page,
    register_filters,
    root_of,
    service_form,
    writable_root,
)
from dangvu.web.common.widgets import organization_choices
from dangvu.web.members import picker

from .exports import proposals_workbook
from .forms import (
    CommendationEditForm,
    CommendationFilterForm,
    CommendationForm,
    CommendationMemberForm,
    DecisionForm,
    MovementFilterForm,
    MovementForm,
    ProposedFilterForm,
    TitleFilterForm,
    TitleForm,
)

HELP = {
    "new": gettext_lazy(
        "Record a commendation: the kind (a grassroots committee's certificate of merit goes to its members and "
        "cells; the certificate of the committee above grassroots and the flag are given by the province or a "
        "committee directly under it, the flag to a grassroots organization only; the province's certificate of "
        "merit by the province), the year it rewards, the decision and the conference where it was announced."),
    "movement_new": gettext_lazy(
        "Record an emulation movement launched by your committee or one under it: its name, the years it runs "
        "(the last one empty while it goes on) and what it is about. Its titles are then conferred for the years "
        "it runs, to the organizations and members under the committee that launched it."),
    "title_new": gettext_lazy(
        "Confer an emulation title for a year: a title of a movement (the movement must run that year) or a "
        "\"four-good\" title (a Party organization's only), on an organization or a member standing under the "
        "deciding body."),
    "proposed": gettext_lazy(
        "The organizations or members rated excellent in the year (decided in the rating register), or every year "
        "of a streak ending that year. A unit formed by a merger continues the units merged into it in the years "
        "it has no rating of its own (every one of them rated excellent that year); a renamed unit keeps its "
        "years. Tick the subjects and record the decision once: all of them are commended, or none if one is "
        "refused."),
}


def commendation_list(request):
    root = root_of(request)
    form = CommendationFilterForm(request.GET)
    filters, org = register_filters(request, form, root)
    qs = selectors.commendation_list(actor=request.user, year=filters["year"], kind=filters["kind"],
                                     subject=filters["subject"], organization=org)
    page = paginate(qs, filters["page"])
    return render(request, "web/awards/list.html", {
        "form": form, "page": page, "params": query_without_page(request), "can_write": not write_refusal(request.user, root)})


def commendation_detail(request, pk: int):
    c = selectors.commendation_get(actor=request.user, pk=pk)
    return render(request, "web/awards/detail.html", {
        "c": c, "can_write": not services.commendation_update_refusal(actor=request.user, commendation=c),
        "history": audit_rows(history_for(c)[:50], Commendation)})


def _bodies(request):
    return organization_choices(selectors.deciding_bodies(actor=request.user))


def _new(request, form, *, member=None):
    actor = request.user
    form.fields["deciding_body"].choices = _bodies(request)
    if member is None:
        form.fields["organization"].choices = organization_choices(
            org_selectors.subtree(actor=actor, organization=root_of(request)))

    def call(data):
        data = dict(data)
        body = org_selectors.organization_get(actor=actor, pk=data.pop("deciding_body"))
        org = org_selectors.organization_get(actor=actor, pk=data.pop("organization")) if member is None else None
        services.commendation_create(actor=actor, deciding_body=body, organization=org, member=member, **data)

    return service_form(request, form, call, "web/awards/form.html", {
        "form_title": _("Record a commendation"), "help": HELP["new"], "subject": member.full_name if member else "",
        "cancel_url": reverse("awards:list")}, reverse("awards:list"))


def _initial():
    today = timezone.localdate()
    return {"decided_on": today, "year": today.year - 1}


def commendation_new(request):
    writable_root(request)
    return _new(request, CommendationForm(request.POST or None, initial=_initial()))


def commendation_new_member(request, pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    refusal = write_refusal(request.user, member.organization)
    if refusal:
        raise PermissionDenied(refusal)
    return _new(request, CommendationMemberForm(request.POST or None, initial=_initial()), member=member)


def _editable(request, pk: int) -> Commendation:
    c = selectors.commendation_get(actor=request.user, pk=pk)
    refusal = services.commendation_update_refusal(actor=request.user, commendation=c)
    if refusal:
        raise PermissionDenied(refusal)
    return c


def commendation_edit(request, pk: int):
    c = _editable(request, pk)
    url = reverse("awards:detail", args=[c.pk])
    fields = ["kind", "year", "streak_years", "reason", "number", "decided_on", "conference", "conference_on"]
    form = CommendationEditForm(request.POST or None, initial={f: getattr(c, f) for f in fields})
    return service_form(
        request, form, lambda data: services.commendation_update(actor=request.user, commendation=c, **data),
        "web/awards/form.html", {"form_title": _("Change the commendation"), "subject": c.subject_name,
                                 "cancel_url": url}, url)


def commendation_delete(request, pk: int):
    c = _editable(request, pk)
    if request.method == "POST":
        services.commendation_delete(actor=request.user, commendation=c)
        messages.success(request, _("The commendation was deleted."))
        return redirect("awards:list")
    return render(request, "web/awards/delete.html", {"c": c})


# Proposed lists

def _proposed(request, data, *, decide: bool):
    actor = request.user
    root = root_of(request)
    form = ProposedFilterForm(data, initial={"year": timezone.localdate().year - 1, "subject": "organizations",
                                             "years": 1})
    form.fields["org"].choices = org_filter_choices(request, root, _("All of %(org)s") % {"org": root.display_name})
    filters = form.filters(timezone.localdate().year - 1)
    org = org_selectors.organization_get(actor=actor, pk=filters["org"]) if filters["org"] else root
    rows = selectors.commendation_proposals(actor=actor, organization=org, year=filters["year"],
                                            subject=filters["subject"], years=filters["years"])
    can_decide = not write_refusal(actor, org)
    decision = None
    if can_decide:
        kinds = sorted({k for r in rows for k in r.kinds}) or [Commendation.Kind.GRASSROOTS_CERTIFICATE]
        decision = DecisionForm(request.POST if decide else None, initial={
            "decided_on": timezone.localdate(), "kind": kinds[0], "deciding_body": org.pk})
        decision.fields["deciding_body"].choices = _bodies(request)
    status = 200
    if decide and decision is not None and decision.is_valid():
        ids = [int(v) for v in request.POST.getlist("chosen") if v.isdigit() and len(v) < 19]
        chosen = selectors.proposal_subjects(actor=actor, organization=org, year=filters["year"],
                                             subject=filters["subject"], years=filters["years"], ids=ids)
        data = dict(decision.cleaned_data)
        body = org_selectors.organization_get(actor=actor, pk=data.pop("deciding_body"))
        key = "members" if filters["subject"] == "members" else "organizations"
        try:
            made = services.commendations_decide(
                actor=actor, year=filters["year"], deciding_body=body, streak_years=filters["years"]
                if filters["years"] > 1 else None, **{key: chosen}, **data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_field_errors(decision, exc)
            else:
                decision.add_error(None, exc.messages)
            status = 400
        except PermissionDenied as exc:
            decision.add_error(None, message(exc))
            status = 400
        else:
            messages.success(request, ngettext("%(n)s commended.", "%(n)s commended.", len(made)) % {"n": len(made)})
            return redirect(reverse("awards:proposed") + "?" + data_query(filters))
    elif decide:
        status = 400
    return render(request, "web/awards/proposed.html", {
        "form": form, "rows": rows, "filters": filters, "decision": decision, "help": HELP["proposed"],
        "organization": org, "query": data_query(filters), "first_year": filters["year"] - filters["years"] + 1},
        status=status)


def data_query(filters: dict) -> str:
    parts = {k: v for k, v in filters.items() if v not in (None, "")}
    return "&".join(f"{k}={v}" for k, v in parts.items())


def proposed_export(request):
    root = root_of(request)
    form = ProposedFilterForm(request.GET or None)
    form.fields["org"].choices = org_filter_choices(request, root, "")
    filters = form.filters(timezone.localdate().year - 1)
    org = org_selectors.organization_get(actor=request.user, pk=filters["org"]) if filters["org"] else root
    rows = selectors.commendation_proposals(actor=request.user, organization=org, year=filters["year"],
                                            subject=filters["subject"], years=filters["years"])
    return xlsx_response(proposals_workbook(org, filters, rows),
                         f"de-nghi-khen-thuong-{org.code}-{filters['year']}-{filters['years']}.xlsx")


def proposed(request):
    return _proposed(request, request.GET or None, decide=False)


def proposed_decide(request):
    writable_root(request)
    if request.method != "POST":
        return _proposed(request, request.GET or None, decide=False)
    return _proposed(request, request.POST, decide=True)


# Emulation movements and titles

def movement_list(request):
    root = root_of(request)
    form = MovementFilterForm(request.GET)
    filters = form.filters()
    page = paginate(selectors.movement_list(actor=request.user, year=filters["year"]), filters["page"])
    return render(request, "web/awards/movements.html", {
        "form": form, "page": page, "params": query_without_page(request),
        "refusal": write_refusal(request.user, root)})


def movement_detail(request, pk: int):
    movement, titles = selectors.movement_detail(actor=request.user, pk=pk)
    return render(request, "web/awards/movement.html", {
        "movement": movement, "titles": titles, "refusal": write_refusal(request.user, root_of(request))})


def movement_new(request):
    actor = request.user
    writable_root(request)
    form = MovementForm(request.POST or None, initial={"first_year": timezone.localdate().year})
    form.fields["organization"].choices = _bodies(request)

    def call(data):
        data = dict(data)
        org = org_selectors.organization_get(actor=actor, pk=data.pop("organization"))
        return services.movement_create(actor=actor, organization=org, **data)

    return service_form(request, form, call, "web/awards/form.html", {
        "form_title": _("Record an emulation movement"), "help": HELP["movement_new"], "tab": "movements",
        "cancel_url": reverse("awards:movements")}, reverse("awards:movements"))


def title_list(request):
    root = root_of(request)
    form = TitleFilterForm(request.GET)
    filters, org = register_filters(request, form, root)
    qs = selectors.title_list(actor=request.user, year=filters["year"], kind=filters["kind"], organization=org)
    return render(request, "web/awards/titles.html", {
        "form": form, "page": paginate(qs, filters["page"]), "params": query_without_page(request),
        "refusal": write_refusal(request.user, root)})


def title_new(request):
    actor = request.user
    root = writable_root(request)
    today = timezone.localdate()
    initial = {"decided_on": today, "year": today.year - 1, "subject": "organization",
               "kind": EmulationTitle.Kind.MOVEMENT}
    if request.GET.get("movement", "").isdigit() and len(request.GET["movement"]) < 19:
        initial["movement"] = request.GET["movement"]
    form = TitleForm(request.POST or None, initial=initial)
    form.fields["organization"].choices = organization_choices(
        org_selectors.subtree(actor=actor, organization=root), empty="—")
    picker.offer(form.fields["member"], request, "title")
    form.fields["movement"].choices = [("", "—"), *[
        (m.pk, m.name) for m in selectors.movement_list(actor=actor)]]
    form.fields["deciding_body"].choices = _bodies(request)

    def call(data):
        data = dict(data)
        subject, org_pk, member_pk = data.pop("subject"), data.pop("organization"), data.pop("member")
        movement_pk = data.pop("movement")
        body = org_selectors.organization_get(actor=actor, pk=data.pop("deciding_body"))
        if subject == "member":
            data["member"] = selectors.title_member(actor=actor, pk=member_pk)
        else:
            data["organization"] = org_selectors.organization_get(actor=actor, pk=org_pk)
        movement = selectors.movement_get(actor=actor, pk=movement_pk) if movement_pk else None
        services.title_create(actor=actor, deciding_body=body, movement=movement, **data)

    return service_form(request, form, call, "web/awards/form.html", {
        "form_title": _("Confer an emulation title"), "help": HELP["title_new"], "tab": "titles",
        "cancel_url": reverse("awards:titles")}, reverse("awards:titles"))
