"""Reads of reports, their files and edits, document settings and conferences, scoped by
the actor's subtree."""

from __future__ import annotations

from dangvu.awards import selectors as awards
from dangvu.core.errors import get_or_not_found
from dangvu.orgs.models import Organization, under
from dangvu.orgs.scope import require_read, scope_path

from .models import Conference, DocumentSettings, Edit, File, Report


def _scoped(qs, actor, field: str = "organization__path"):
    prefix = scope_path(actor)
    if prefix is None:
        return qs.none()
    return qs.filter(under(prefix, field)) if prefix else qs


def report_list(*, actor, organization: Organization | None = None, kind: str = "", year: int | None = None):
    qs = _scoped(Report.objects.select_related("organization", "plan", "conference"), actor)
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(organization=organization)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(period__startswith=str(year))
    return qs.order_by("-period", "organization__path", "kind")


def report_get(*, actor, pk: int) -> Report:
    return get_or_not_found(_scoped(Report.objects.select_related("organization", "plan", "conference"), actor), pk=pk)


def report_files(*, report: Report) -> list[File]:
    """The built files of a report (without their bytes)."""
    return list(File.objects.filter(report=report).defer("content").order_by("format"))


def report_file(*, actor, report: Report, fmt: str) -> File:
    require_read(actor, report.organization.path)
    return get_or_not_found(File.objects.filter(report=report), format=fmt)


def report_edits(*, report: Report) -> dict[str, Edit]:
    return {e.key: e for e in Edit.objects.filter(report=report).select_related("edited_by")}


def report_paragraphs(*, report: Report) -> list[dict]:
    """The paragraphs of the last build in document order, each with the staff's edit:
    {key, section, text (as the document shows it), generated, edit, labels (figure key ->
    what it is, in words), figures [(what it is, as written, the code of the indicator
    explaining it or "")]}."""
    edits = report_edits(report=report)
    out = []
    for p in report.paragraphs:
        key = p["key"]
        edit = edits.get(key)
        out.append({"key": key, "section": p["section"], "generated": p["text"],
                    "text": edit.text if edit else p["text"], "edit": edit, "labels": p.get("labels", {}),
                    "figures": [(p.get("labels", {}).get(k, ""), v, p.get("sources", {}).get(k, ""))
                                for k, v in p["figures"].items()]})
    return out


def flagged_count(*, report: Report) -> int:
    return Edit.objects.filter(report=report, flagged=True).count()


def document_settings_get(*, actor, organization: Organization) -> DocumentSettings | None:
    require_read(actor, organization.path)
    return DocumentSettings.objects.filter(organization=organization).first()


def conference_list(*, actor, organization: Organization | None = None):
    qs = _scoped(Conference.objects.select_related("organization"), actor)
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(organization=organization)
    return qs


def conference_get(*, actor, pk: int) -> Conference:
    return get_or_not_found(_scoped(Conference.objects.select_related("organization"), actor), pk=pk)


def conference_commendations(*, actor, conference: Conference):
    """The commendations announced at the conference: those of the organization's subtree
    recorded with the conference's date (the awards register keeps where each was announced)."""
    return awards.commendation_list(actor=actor, organization=conference.organization).filter(
        conference_on=conference.held_on)
