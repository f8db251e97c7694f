"""Inspection, supervision and discipline pages: the list of inspections and supervisions
(filters by year, kind, organization subtree), one with what it covers and its conclusion,
recording one and its conclusion; the yearly programs; discipline decisions (list, detail,
recording one, annulling it, a complaint).

Views parse, scope (through ``inspections.selectors`` and ``orgs.selectors``: outside the
actor's subtree answers 404), call one service and render. A read-only account gets the
403 page with the reason on every page that writes."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.core.audit import history_for
from dangvu.core.errors import PermissionDenied
from dangvu.inspections import selectors, services
from dangvu.inspections.models import Discipline, Inspection
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import writable_organizations, write_refusal
from dangvu.web.common.audit_display import audit_rows
from dangvu.web.common.pages import (
    paginate,
    query_without_page,
    register_filters,
    root_of,
    service_form,
    writable_root,
)
from dangvu.web.common.widgets import organization_choices
from dangvu.web.members import picker

from .forms import (
    AnnulForm,
    ComplaintForm,
    ConcludeForm,
    DisciplineFilterForm,
    DisciplineForm,
    InspectionFilterForm,
    InspectionForm,
    ProgramForm,
)

HELP = {
    "inspection": gettext_lazy(
        "Record an inspection or a supervision: its kind, the organization conducting it (its committee or "
        "inspection commission), the yearly program it belongs to if any, the dates, and the organizations and "
        "members it covers (each counts once in the figures, in the year of the start date). The conclusion is "
        "recorded on its own page when it is known."),
    "discipline": gettext_lazy(
        "Record a discipline decision. The form must be allowed for the subject (an organization: reprimand, "
        "warning, dissolution; a full member: reprimand, warning, removal from post, expulsion; a probationary "
        "member: reprimand, warning) and within the statute of limitations (5 years for a reprimand, 10 for a "
        "warning or removal from post). An expulsion expels the member; a dissolution dissolves the organization. "
        "A decision stays in effect 12 months."),
    "annul": gettext_lazy(
        "Annul a decision found wrong: it stays in the history, marked annulled with your reason; an expulsion is "
        "undone (the member is back on the rolls)."),
}


# Inspections and supervisions

def inspection_list(request):
    root = root_of(request)
    form = InspectionFilterForm(request.GET)
    form.fields["kind"].choices = [("", _("All")), *[(k.pk, k.name) for k in selectors.inspection_kinds()]]
    filters, org = register_filters(request, form, root)
    kind = selectors.kind_get(filters["kind"]) if filters["kind"] else None
    qs = selectors.inspection_list(actor=request.user, year=filters["year"], kind=kind, organization=org)
    return render(request, "web/inspections/list.html", {
        "form": form, "page": paginate(qs, filters["page"]), "params": query_without_page(request),
        "can_write": not write_refusal(request.user, root)})


def inspection_detail(request, pk: int):
    inspection = selectors.inspection_get(actor=request.user, pk=pk)
    orgs, members = selectors.inspection_subjects(inspection=inspection)
    return render(request, "web/inspections/detail.html", {
        "inspection": inspection, "organizations": orgs, "members": members,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=inspection.organization),
        "can_conclude": not services.inspection_conclude_refusal(actor=request.user, inspection=inspection),
        "history": audit_rows(history_for(inspection)[:50], Inspection)})


def inspection_new(request):
    actor = request.user
    root = writable_root(request)
    form = InspectionForm(request.POST or None, initial={"start": timezone.localdate()})
    form.fields["kind"].choices = [(k.pk, k.name) for k in selectors.inspection_kinds()]
    form.fields["organization"].choices = organization_choices(
        writable_organizations(actor).filter(dissolved_on__isnull=True).order_by("path"))
    form.fields["program"].choices = [("", "—"), *[(p.pk, f"{p.year} · {p.number} · {p.organization.display_name}")
                                                   for p in selectors.program_list(actor=actor)]]
    form.fields["organizations"].choices = organization_choices(
        selectors.subject_organizations(actor=actor, organization=root))
    picker.offer(form.fields["members"], request, "inspection")

    def call(data):
        data = dict(data)
        conducting = org_selectors.organization_get(actor=actor, pk=data.pop("organization"))
        program = selectors.program_get(actor=actor, pk=data.pop("program")) if data.get("program") else None
        data.pop("program", None)
        orgs = [org_selectors.organization_get(actor=actor, pk=o) for o in data.pop("organizations")]
        members = [selectors.discipline_subject_member(actor=actor, pk=m) for m in data.pop("members")]
        services.inspection_create(
            actor=actor, kind=selectors.kind_get(data.pop("kind")), organization=conducting, program=program,
            organizations=orgs, members=members, **data)

    return service_form(request, form, call, "web/inspections/form.html", {
        "form_title": _("Record an inspection or supervision"), "help": HELP["inspection"],
        "cancel_url": reverse("inspections:list")}, reverse("inspections:list"))


def inspection_conclude(request, pk: int):
    inspection = selectors.inspection_get(actor=request.user, pk=pk)
    refusal = services.inspection_conclude_refusal(actor=request.user, inspection=inspection)
    if refusal:
        raise PermissionDenied(refusal)
    url = reverse("inspections:detail", args=[inspection.pk])
    form = ConcludeForm(request.POST or None, initial={
        "concluded_on": timezone.localdate(), "findings": inspection.findings, "conclusion": inspection.conclusion,
        "end": inspection.end})
    return service_form(
        request, form, lambda data: services.inspection_conclude(actor=request.user, inspection=inspection, **data),
        "web/inspections/form.html", {"form_title": _("Record the conclusion"), "subject": inspection,
                                      "cancel_url": url}, url)


# Programs

def program_list(request):
    root = root_of(request)
    year = request.GET.get("year", "")
    programs = selectors.program_list(actor=request.user, year=int(year) if year.isdigit() and len(year) == 4 else None)
    return render(request, "web/inspections/programs.html", {
        "programs": programs, "can_write": not write_refusal(request.user, root)})


def program_new(request):
    actor = request.user
    writable_root(request)
    today = timezone.localdate()
    form = ProgramForm(request.POST or None, initial={"year": today.year, "issued_on": today})
    form.fields["organization"].choices = organization_choices(
        writable_organizations(actor).filter(dissolved_on__isnull=True).order_by("path"))

    def call(data):
        data = dict(data)
        org = org_selectors.organization_get(actor=actor, pk=data.pop("organization"))
        services.program_create(actor=actor, organization=org, **data)

    return service_form(request, form, call, "web/inspections/form.html", {
        "form_title": _("Record a yearly program"), "cancel_url": reverse("inspections:programs")},
        reverse("inspections:programs"))


# Discipline

def discipline_list(request):
    root = root_of(request)
    form = DisciplineFilterForm(request.GET)
    filters, org = register_filters(request, form, root)
    qs = selectors.discipline_list(actor=request.user, year=filters["year"], form=filters["form"], organization=org)
    return render(request, "web/inspections/disciplines.html", {
        "form": form, "page": paginate(qs, filters["page"]), "params": query_without_page(request),
        "can_write": not write_refusal(request.user, root), "today": timezone.localdate()})


def discipline_detail(request, pk: int):
    decision = selectors.discipline_get(actor=request.user, pk=pk)
    refusal = selectors.discipline_annul_refusal(actor=request.user, discipline=decision)
    return render(request, "web/inspections/discipline.html", {
        "decision": decision, "complaints": list(decision.complaints.all()), "annul_refusal": refusal,
        "can_write": not write_refusal(request.user, decision.unit), "today": timezone.localdate(),
        "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=decision.unit),
        "history": audit_rows(history_for(decision)[:50], Discipline)})


def discipline_new(request):
    actor = request.user
    root = writable_root(request)
    initial = {"decided_on": timezone.localdate(), "subject": "member"}
    if request.GET.get("member", "").isdigit():
        initial["member"] = request.GET["member"]
    form = DisciplineForm(request.POST or None, initial=initial)
    picker.offer(form.fields["member"], request, "discipline")
    form.fields["organization"].choices = organization_choices(
        selectors.subject_organizations(actor=actor, organization=root), empty="—")
    form.fields["deciding_body"].choices = organization_choices(selectors.deciding_body_choices(actor=actor))

    def call(data):
        data = dict(data)
        subject = data.pop("subject")
        member_pk, org_pk = data.pop("member"), data.pop("organization")
        body = selectors.deciding_body_get(actor=actor, pk=data.pop("deciding_body"))
        if subject == "member":
            data["member"] = selectors.discipline_subject_member(actor=actor, pk=member_pk)
        else:
            data["organization"] = org_selectors.organization_get(actor=actor, pk=org_pk)
        services.discipline_create(actor=actor, deciding_body=body, **data)

    return service_form(request, form, call, "web/inspections/form.html", {
        "form_title": _("Record a discipline decision"), "help": HELP["discipline"],
        "cancel_url": reverse("inspections:disciplines")}, reverse("inspections:disciplines"))


def _writable_decision(request, pk: int) -> Discipline:
    decision = selectors.discipline_get(actor=request.user, pk=pk)
    refusal = write_refusal(request.user, decision.unit)
    if refusal:
        raise PermissionDenied(refusal)
    return decision


def discipline_annul(request, pk: int):
    decision = _writable_decision(request, pk)
    url = reverse("inspections:discipline", args=[decision.pk])
    context = {"form_title": _("Annul the decision"), "help": HELP["annul"], "subject": decision, "cancel_url": url}
    refusal = selectors.discipline_annul_refusal(actor=request.user, discipline=decision)
    if refusal:
        return render(request, "web/inspections/form.html", context | {"refusal": refusal}, status=409)
    return service_form(
        request, AnnulForm(request.POST or None),
        lambda data: services.discipline_annul(actor=request.user, discipline=decision, **data),
        "web/inspections/form.html", context, url)


def complaint_new(request, pk: int):
    decision = _writable_decision(request, pk)
    url = reverse("inspections:discipline", args=[decision.pk])
    return service_form(
        request, ComplaintForm(request.POST or None),
        lambda data: services.complaint_record(actor=request.user, discipline=decision, **data),
        "web/inspections/form.html", {"form_title": _("Record a complaint"), "subject": decision,
                                      "cancel_url": url}, url)
