"""Writes of the reports app: reports, the staff's paragraph edits, builds, document
settings and review conferences. Each checks permission (the organization's writers) and
audits in the same transaction.

Edits and refreshing. A build writes the paragraphs the figures give (`Report.paragraphs`:
each paragraph's generated text and the figures it states). A paragraph the staff rewrote
(`Edit`) keeps their text at every later build; the figures it stated when they edited it
are kept with it, and a build that finds one of them changed flags the edit (and says which
figure, from what to what) until someone reviews it (`paragraph_review`). Paragraphs nobody
edited simply take the new figures.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core import audit
from dangvu.core.errors import RuleViolation, ValidationError, field_error, message
from dangvu.core.periods import HALF, TERM, YEAR, PeriodError, parse
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import require_write

from . import builder, formats
from .document import Document
from .models import Conference, DocumentSettings, Edit, File, Report

logger = logging.getLogger(__name__)

KIND_PERIODS = {Report.Kind.YEAR_END: YEAR, Report.Kind.HALF_YEAR: HALF, Report.Kind.MID_TERM: TERM,
                Report.Kind.PROGRAM: YEAR}
SETTINGS_FIELDS = ["superior_body", "issuing_body", "number_symbol", "place", "signature_mode", "signing_body",
                   "position", "deputy_position", "signer", "recipients", "margin_top", "margin_bottom",
                   "margin_left", "margin_right"]
CONFERENCE_FIELDS = ["name", "period", "held_on", "place", "chair", "guests", "documents"]


def _user(actor):
    """The account behind `actor` (None for the system)."""
    return actor if getattr(actor, "pk", None) else None


def check_period(kind: str, period: str, plan) -> str:
    """The period's code when it suits the kind of report (a year-end review: a year; a
    half-year review: a half; a mid-term review: a term; an action-program report: the
    program's year, with the program)."""
    try:
        parsed = parse(period)
    except PeriodError as exc:
        raise field_error("period", str(exc), exc.code) from exc
    wanted = KIND_PERIODS[kind]
    if parsed.kind != wanted:
        examples = {YEAR: "2023", HALF: "2023H1", TERM: "2020-2025"}
        raise field_error("period", _("%(kind)s is written for a period like %(example)s, not %(period)s.") % {
            "kind": Report.Kind(kind).label, "example": examples[wanted], "period": parsed.code},
            "report_period_kind")
    if kind == Report.Kind.PROGRAM:
        if plan is None:
            raise field_error("plan", _("Choose the action program the report is about."), "report_plan_missing")
        if plan.period != parsed.code:
            raise field_error("plan", _("The program %(plan)s is for %(its)s, not %(period)s.") % {
                "plan": plan.number or plan.title, "its": plan.period, "period": parsed.code}, "report_plan_period")
    return parsed.code


@transaction.atomic
def report_create(*, actor, organization: Organization, kind: str, period: str, plan=None,
                  conference: Conference | None = None, number: str = "",
                  issued_on: datetime.date | None = None) -> Report:
    require_write(actor, organization)
    code = check_period(kind, period, plan if kind == Report.Kind.PROGRAM else None)
    if conference is not None and conference.organization_id != organization.pk:
        raise field_error("conference", _("The conference is not one of %(org)s.") % {"org": organization.name},
                          "report_conference_other")
    report = Report(organization=organization, kind=kind, period=code,
                    plan=plan if kind == Report.Kind.PROGRAM else None, conference=conference,
                    number=number, issued_on=issued_on, created_by=_user(actor))
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise field_error("period", _("%(org)s already has a %(kind)s for %(period)s: open it from the list.") % {
            "org": organization.name, "kind": report.get_kind_display().lower(), "period": code},
            "report_exists") from exc
    audit.record(actor=actor, action="report.create", obj=report, scope_path=organization.path,
                 changes={"kind": [None, kind], "period": [None, code]})
    return report


@transaction.atomic
def report_update(*, actor, report: Report, number: str, issued_on: datetime.date | None,
                  conference: Conference | None) -> Report:
    """The number, date and conference of a report (they head the document at the next build)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    require_write(actor, report.organization)
    if conference is not None and conference.organization_id != report.organization_id:
        raise field_error("conference", _("The conference is not one of %(org)s.") % {
            "org": report.organization.name}, "report_conference_other")
    fields = ["number", "issued_on", "conference"]
    old = audit.snapshot(report, fields)
    report.number, report.issued_on, report.conference = number, issued_on, conference
    report.save(update_fields=["number", "issued_on", "conference"])
    audit.record(actor=actor, action="report.edit", obj=report, scope_path=report.organization.path,
                 changes=audit.diff(old, audit.snapshot(report, fields)))
    return report


# -- building --------------------------------------------------------------------------------


def document_settings(organization: Organization) -> DocumentSettings | None:
    return DocumentSettings.objects.filter(organization=organization).first()


def request_of(report: Report) -> builder.Request:
    return builder.Request(organization=report.organization, kind=report.kind, period=parse(report.period),
                           plan=report.plan, number=report.number, issued_on=report.issued_on)


def apply_edits(document: Document, edits: list[Edit]) -> dict[str, dict]:
    """Put the staff's text in place of the generated one; flag an edited paragraph whose
    figures changed since the edit. Returns {key: {figure: [then, now]}} of the changes
    found (those already flagged included)."""
    by_key = {e.key: e for e in edits}
    changes = {}
    for paragraph in document.paragraphs():
        edit = by_key.get(paragraph.key)
        if edit is None:
            continue
        changed = {k: [edit.figures.get(k), v] for k, v in paragraph.figures.items() if edit.figures.get(k) != v}
        changed.update({k: [v, None] for k, v in edit.figures.items() if k not in paragraph.figures})
        paragraph.text, paragraph.edited = edit.text, True
        paragraph.flagged = bool(changed)
        if changed:
            changes[paragraph.key] = changed
    return changes


def paragraphs_of(document: Document) -> list[dict]:
    """[{key, section, text, figures, labels, sources}] in document order (what
    `Report.paragraphs` keeps)."""
    return [{"key": p.key, "section": heading, "text": p.text, "figures": p.figures, "labels": p.labels,
             "sources": p.sources} for heading, p in document.sectioned_paragraphs()]


def report_document(*, actor, report: Report, progress: Callable | None = None,
                    today: datetime.date | None = None) -> tuple[Document, list, dict]:
    """The report's document as it stands: built from the figures, the staff's edits in
    place (a report not saved has none). Returns (document, the generated paragraphs, the
    changes under edits). Writes nothing."""
    document = builder.build(actor=actor, request=request_of(report), settings=document_settings(report.organization),
                             progress=progress, today=today)
    generated = paragraphs_of(document)
    changes = apply_edits(document, list(report.edits.all()) if report.pk else [])
    return document, generated, changes


def default_formats() -> list[str]:
    return [f for f in formats.FORMATS if f != "pdf" or formats.pdf_available()]


def report_build(*, actor, report: Report, fmts: list[str] | None = None, progress: Callable | None = None,
                 today: datetime.date | None = None) -> Report:
    """Build the report's files from the figures of today and the staff's edits. The files
    are written outside the transaction (LibreOffice takes seconds); the report, its files,
    the flags and the audit row are saved together at the end."""
    require_write(actor, report.organization)
    progress = progress or (lambda pct, text: None)
    document, generated, changes = report_document(actor=actor, report=report, progress=progress, today=today)
    files = {}
    for n, fmt in enumerate(default_formats() if fmts is None else fmts):
        progress(85 + 3 * n, _("Writing the %(format)s file") % {"format": File.Format(fmt).label})
        files[fmt] = formats.render(document, fmt, docx_bytes=files.get("docx"))
    now = timezone.now()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        for edit in report.edits.select_for_update():
            if edit.key in changes:
                edit.flagged, edit.changed = True, {**edit.changed, **changes[edit.key]}
                edit.save(update_fields=["flagged", "changed"])
        for fmt, content in files.items():
            File.objects.update_or_create(report=report, format=fmt, defaults={
                "content": content, "size": len(content), "built_at": now})
        report.paragraphs, report.built_at = generated, now
        report.state, report.progress, report.progress_text, report.error = Report.State.READY, 100, "", ""
        report.save(update_fields=["paragraphs", "built_at", "state", "progress", "progress_text", "error"])
        audit.record(actor=actor, action="report.build", obj=report, scope_path=report.organization.path,
                     changes={"formats": [None, sorted(files)], "flagged": [None, sorted(changes)]})
    return report


@transaction.atomic
def report_queue(*, actor, report: Report) -> Report:
    """Hand the build to the task worker; the page follows its progress."""
    from . import tasks

    require_write(actor, report.organization)
    Report.objects.filter(pk=report.pk).update(state=Report.State.QUEUED, progress=0, progress_text="", error="")
    transaction.on_commit(lambda: tasks.build_report.enqueue(report.pk, actor.pk))
    report.refresh_from_db()
    return report


def report_run(*, report_id: int, actor) -> None:
    """Run a queued build (the task): its progress kept on the report. Never raises for the
    data's sake: a refusal or a failure is the report's error."""

    def progress(pct: int, text: str) -> None:
        Report.objects.filter(pk=report_id).update(state=Report.State.BUILDING, progress=pct, progress_text=text[:200])

    report = Report.objects.select_related("organization", "plan").get(pk=report_id)
    try:
        report_build(actor=actor, report=report, progress=progress)
    except (ValidationError, RuleViolation) as exc:
        Report.objects.filter(pk=report_id).update(state=Report.State.FAILED, error=message(exc))
    except Exception:  # noqa: BLE001 - the job must end, whatever happened; the trace goes to the log
        logger.exception("report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(state=Report.State.FAILED, error=_(
            "The report stopped on an unexpected error. Try again, or tell the administrator."))


# -- edits -----------------------------------------------------------------------------------


def _paragraph(report: Report, key: str) -> dict:
    paragraph = report.paragraph(key)
    if paragraph is None:
        raise RuleViolation(_("The report has no such paragraph: build it again, then edit."),
                            code="report_paragraph_unknown")
    return paragraph


@transaction.atomic
def paragraph_edit(*, actor, report: Report, key: str, text: str) -> Edit:
    """Keep the staff's text for a paragraph, with the figures it states now."""
    require_write(actor, report.organization)
    paragraph = _paragraph(report, key)
    text = (text or "").strip()
    if not text:
        raise field_error("text", _("Write the paragraph, or restore the generated text."), "report_text_empty")
    edit = Edit.objects.select_for_update().filter(report=report, key=key).first()
    old = {"text": edit.text if edit else paragraph["text"]}
    if edit is None:
        edit = Edit(report=report, key=key, figures=paragraph["figures"])
    edit.text, edit.edited_by = text, _user(actor)
    edit.save()
    audit.record(actor=actor, action="report.edit", obj=report, scope_path=report.organization.path,
                 changes={"text": [old["text"], text]}, note=key)
    return edit


@transaction.atomic
def paragraph_restore(*, actor, report: Report, key: str) -> None:
    """Drop the staff's text: the paragraph is generated again from the figures."""
    require_write(actor, report.organization)
    edit = Edit.objects.filter(report=report, key=key).first()
    if edit is None:
        raise RuleViolation(_("This paragraph has not been edited."), code="report_paragraph_not_edited")
    audit.record(actor=actor, action="report.restore", obj=report, scope_path=report.organization.path,
                 changes={"text": [edit.text, None]}, note=key)
    edit.delete()


@transaction.atomic
def paragraph_review(*, actor, report: Report, key: str) -> Edit:
    """The staff have read a flagged paragraph against the new figures: it keeps their text
    and now holds the figures of the last build."""
    require_write(actor, report.organization)
    paragraph = _paragraph(report, key)
    edit = Edit.objects.select_for_update().filter(report=report, key=key).first()
    if edit is None or not edit.flagged:
        raise RuleViolation(_("This paragraph is not flagged."), code="report_paragraph_not_flagged")
    old = {"changed": edit.changed}
    edit.figures, edit.flagged, edit.changed = paragraph["figures"], False, {}
    edit.save(update_fields=["figures", "flagged", "changed"])
    audit.record(actor=actor, action="report.review", obj=report, scope_path=report.organization.path,
                 changes={"changed": [old["changed"], {}]}, note=key)
    return edit


# -- settings and conferences ----------------------------------------------------------------


@transaction.atomic
def settings_save(*, actor, organization: Organization, **values) -> DocumentSettings:
    require_write(actor, organization)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")
    current = DocumentSettings.objects.select_for_update().filter(organization=organization).first()
    old = audit.snapshot(current, SETTINGS_FIELDS) if current else {}
    current = current or DocumentSettings(organization=organization)
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    audit.record(actor=actor, action="document_settings.save", obj=current, scope_path=organization.path,
                 changes=audit.diff(old, audit.snapshot(current, SETTINGS_FIELDS)))
    return current


def _check_conference(values: dict) -> None:
    try:
        parse(values["period"])
    except PeriodError as exc:
        raise field_error("period", str(exc), exc.code) from exc


@transaction.atomic
def conference_create(*, actor, organization: Organization, **values) -> Conference:
    require_write(actor, organization)
    _check_conference(values)
    conference = Conference(organization=organization, created_by=_user(actor), **values)
    conference.period = parse(values["period"]).code
    conference.full_clean()
    conference.save()
    audit.record(actor=actor, action="conference.create", obj=conference, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(conference, CONFERENCE_FIELDS)))
    return conference


@transaction.atomic
def conference_update(*, actor, conference: Conference, **values) -> Conference:
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require_write(actor, conference.organization)
    _check_conference({"period": conference.period, **values})
    old = audit.snapshot(conference, CONFERENCE_FIELDS)
    for name, value in values.items():
        setattr(conference, name, value)
    conference.period = parse(conference.period).code
    conference.full_clean()
    conference.save()
    audit.record(actor=actor, action="conference.update", obj=conference, scope_path=conference.organization.path,
                 changes=audit.diff(old, audit.snapshot(conference, CONFERENCE_FIELDS)))
    return conference
