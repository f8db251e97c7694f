"""Review report pages: the list of the reports of the user's tree, a new report, one report
(its heading, its build followed by polling, its files, its paragraphs with the staff's
edits and the flags of figures changed under them), the paragraph form, an organization's
document settings, and the review conferences.

Views parse, scope (through ``reports.selectors``: outside the actor's subtree answers 404),
call one service and render. A read-only account gets the 403 page with the reason on every
page that writes."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.core.errors import RuleViolation, message
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import require_write, write_refusal
from dangvu.plans import selectors as plan_selectors
from dangvu.plans.models import Plan
from dangvu.reports import formats, selectors, services
from dangvu.reports.models import Report
from dangvu.reports.services import SETTINGS_FIELDS
from dangvu.web.common.pages import (
    paginate,
    query_without_page,
    register_filters,
    root_of,
    service_form,
    writable_root,
)
from dangvu.web.common.widgets import organization_choices

from .forms import (
    ConferenceEditForm,
    ConferenceForm,
    ParagraphForm,
    ReportFilterForm,
    ReportForm,
    SettingsForm,
)

RUNNING = (Report.State.QUEUED, Report.State.BUILDING)
HELP = {
    "new": gettext_lazy(
        "A report is made once for an organization, a kind and a period: a year-end review for a year, a "
        "half-year review for a half-year, a mid-term review for a term, an action program report for the year "
        "of the program. The figures are read from the registers when it is built; you can rebuild it at any time."),
    "settings": gettext_lazy(
        "These lines head and sign every document of the organization. Since the 2025 reorganization names "
        "differ from one body to another: write them as your organization uses them today, nothing is assumed."),
    "conference": gettext_lazy(
        "A review conference of an organization for a period. The commendations recorded with the conference's "
        "date are shown as announced there, and its reports name it."),
}


# Reports

def report_list(request):
    root = root_of(request)
    form = ReportFilterForm(request.GET)
    filters, org = register_filters(request, form, root)
    qs = selectors.report_list(actor=request.user, organization=org, kind=filters["kind"], year=filters["year"])
    return render(request, "web/reports/list.html", {
        "form": form, "page": paginate(qs, filters["page"]), "params": query_without_page(request), "root": root,
        "can_write": not write_refusal(request.user, root)})


def report_new(request):
    actor = request.user
    root = writable_root(request)
    form = ReportForm(request.POST or None, initial={"kind": Report.Kind.YEAR_END, "organization": root.pk})
    form.fields["organization"].choices = organization_choices(org_selectors.subtree(actor=actor, organization=root))
    programs = plan_selectors.visible_plans(actor).filter(kind=Plan.Kind.ACTION_PROGRAM).order_by("-period", "code")
    form.fields["plan"].choices = [("", "—")] + [
        (p.code, f"{p.number} — {p.title}" if p.number else p.title) for p in programs]
    form.fields["conference"].choices = [("", "—")] + [
        (c.pk, f"{c.name} ({c.held_on:%d/%m/%Y})") for c in selectors.conference_list(actor=actor)]

    def call(data):
        data = dict(data)
        organization = org_selectors.organization_get(actor=actor, pk=data.pop("organization"))
        code = data.pop("plan")
        plan = plan_selectors.plan_get(actor=actor, code=code) if code else None
        conference = data.pop("conference")
        conference = selectors.conference_get(actor=actor, pk=conference) if conference else None
        report = services.report_create(actor=actor, organization=organization, plan=plan, conference=conference,
                                        **data)
        return reverse("reports:detail", args=[report.pk])

    return service_form(request, form, call, "web/reports/form.html", {
        "form_title": _("Make a review report"), "help": HELP["new"], "cancel_url": reverse("reports:list")})


def _changes(edit, labels: dict) -> list[tuple[str, str, str]]:
    """The figures changed under an edit as (what it is, then, now): their keys are the
    system's own and never shown."""
    if edit is None or not edit.flagged:
        return []
    return [(labels.get(key, ""), then if then is not None else "—", now if now is not None else "—")
            for key, (then, now) in edit.changed.items()]


def _state(report: Report) -> dict:
    return {"report": report, "running": report.state in RUNNING}


def report_detail(request, pk: int):
    report = selectors.report_get(actor=request.user, pk=pk)
    paragraphs = [p | {"changes": _changes(p["edit"], p["labels"])} for p in selectors.report_paragraphs(report=report)]
    sections = [(section, list(items)) for section, items in groupby(paragraphs, key=lambda p: p["section"])]
    try:
        pdf = formats.pdf_available()
    except ImportError:  # the PDF writer is not installed with this copy
        pdf = False
    return render(request, "web/reports/detail.html", _state(report) | {
        "files": selectors.report_files(report=report), "sections": sections, "pdf_available": pdf,
        "flagged": selectors.flagged_count(report=report),
        "can_write": not write_refusal(request.user, report.organization)})


def report_build(request, pk: int):
    report = selectors.report_get(actor=request.user, pk=pk)
    require_write(request.user, report.organization)
    if request.method == "POST":
        services.report_queue(actor=request.user, report=report)
        messages.success(request, _("The report is being built: the page follows it."))
    return redirect("reports:detail", pk=report.pk)


def report_progress(request, pk: int):
    """The build's progress, as the report page polls it; once it has ended, an HTMX request
    reloads the page (files and paragraphs)."""
    report = selectors.report_get(actor=request.user, pk=pk)
    response = render(request, "web/reports/_progress.html", _state(report))
    if request.headers.get("HX-Request") and report.state not in RUNNING:
        response["HX-Refresh"] = "true"
    return response


def report_file(request, pk: int, fmt: str):
    report = selectors.report_get(actor=request.user, pk=pk)
    if fmt not in formats.FORMATS:
        raise Http404
    file = selectors.report_file(actor=request.user, report=report, fmt=fmt)
    response = HttpResponse(bytes(file.content), content_type=formats.CONTENT_TYPES[fmt])
    name = f"bao-cao-{report.organization.code}-{report.period}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(fmt != "html", name)
    return response


def _paragraph_write(request, pk: int) -> Report:
    report = selectors.report_get(actor=request.user, pk=pk)
    require_write(request.user, report.organization)
    return report


def paragraph_edit(request, pk: int):
    report = _paragraph_write(request, pk)
    key = request.POST.get("key") if request.method == "POST" else request.GET.get("key")
    if report.paragraph(key) is None:
        raise Http404
    paragraph = next(p for p in selectors.report_paragraphs(report=report) if p["key"] == key)
    form = ParagraphForm(request.POST or None, initial={"key": key, "text": paragraph["text"]})

    def call(data):
        services.paragraph_edit(actor=request.user, report=report, key=key, text=data["text"])
        return reverse("reports:detail", args=[report.pk]) + f"#p-{key}"

    return service_form(request, form, call, "web/reports/paragraph.html", {
        "report": report, "paragraph": paragraph, "cancel_url": reverse("reports:detail", args=[report.pk])})


def _paragraph_action(request, pk: int, call, done: str):
    report = _paragraph_write(request, pk)
    key = request.POST.get("key", "")
    if request.method == "POST":
        try:
            call(actor=request.user, report=report, key=key)
        except RuleViolation as exc:
            messages.error(request, message(exc))
        else:
            messages.success(request, done)
    return redirect(reverse("reports:detail", args=[report.pk]) + (f"#p-{key}" if report.paragraph(key) else ""))


def paragraph_restore(request, pk: int):
    return _paragraph_action(request, pk, services.paragraph_restore, _("The generated text is back."))


def paragraph_review(request, pk: int):
    return _paragraph_action(request, pk, services.paragraph_review, _("Marked as reviewed."))


# Document settings

def settings_edit(request, org_pk: int):
    organization = org_selectors.organization_get(actor=request.user, pk=org_pk)
    require_write(request.user, organization)
    current = selectors.document_settings_get(actor=request.user, organization=organization)
    initial = model_to_dict(current, fields=SETTINGS_FIELDS) if current else {"issuing_body": organization.name}
    form = SettingsForm(request.POST or None, initial=initial)

    def call(data):
        services.settings_save(actor=request.user, organization=organization, **data)
        return reverse("reports:settings", args=[organization.pk])

    return service_form(request, form, call, "web/reports/form.html", {
        "form_title": _("Document settings"), "subject": organization.name, "help": HELP["settings"],
        "cancel_url": reverse("reports:list")})


# Conferences

def conference_list(request):
    root = root_of(request)
    page = paginate(selectors.conference_list(actor=request.user), request.GET.get("page"))
    return render(request, "web/reports/conferences.html", {
        "page": page, "params": "", "can_write": not write_refusal(request.user, root)})


def conference_detail(request, pk: int):
    conference = selectors.conference_get(actor=request.user, pk=pk)
    return render(request, "web/reports/conference.html", {
        "conference": conference, "reports": conference.reports.select_related("organization"),
        "commendations": selectors.conference_commendations(actor=request.user, conference=conference),
        "can_write": not write_refusal(request.user, conference.organization)})


def conference_new(request):
    actor = request.user
    root = writable_root(request)
    form = ConferenceForm(request.POST or None, initial={"organization": root.pk})
    form.fields["organization"].choices = organization_choices(org_selectors.subtree(actor=actor, organization=root))

    def call(data):
        data = dict(data)
        organization = org_selectors.organization_get(actor=actor, pk=data.pop("organization"))
        conference = services.conference_create(actor=actor, organization=organization, **data)
        return reverse("reports:conference", args=[conference.pk])

    return service_form(request, form, call, "web/reports/form.html", {
        "form_title": _("Record a review conference"), "help": HELP["conference"],
        "cancel_url": reverse("reports:conferences")})


def conference_edit(request, pk: int):
    conference = selectors.conference_get(actor=request.user, pk=pk)
    require_write(request.user, conference.organization)
    url = reverse("reports:conference", args=[conference.pk])
    fields = ["name", "period", "held_on", "place", "chair", "guests", "documents"]
    form = ConferenceEditForm(request.POST or None, initial={f: getattr(conference, f) for f in fields})
    return service_form(request, form, lambda data: services.conference_update(
        actor=request.user, conference=conference, **data), "web/reports/form.html", {
        "form_title": _("Change the conference"), "subject": conference.organization.name, "cancel_url": url}, url)
