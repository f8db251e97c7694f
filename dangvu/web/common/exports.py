"""Excel exports of what a page lists, with the same scope as the page."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dangvu.core import formatting
from dangvu.core.spreadsheets import FORMULA_START
from dangvu.core.spreadsheets import append as _append
from dangvu.members import party_age
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.plans.models import Task

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = "DD/MM/YYYY"


def _sheet(wb: Workbook, title: str, heading: str, columns: list[tuple[str, int]]):
    ws = wb.active
    ws.title = title[:31]
    _append(ws, 1, [heading])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Exported on %(date)s") % {"date": formatting.date(timezone.localdate())}])
    ws.append([c for c, _w in columns])
    for i, (_c, width) in enumerate(columns, start=1):
        ws.cell(row=3, column=i).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A4"
    return ws


def _member_columns() -> list[tuple[str, int]]:
    return [
        (_("No."), 6), (_("Full name"), 28), (_("Gender"), 8), (_("Date of birth"), 13),
        (_("Organization"), 40), (_("Status"), 20), (_("Admission decision date"), 14),
        (_("Full membership date"), 14), (_("Party age (years)"), 10),
        (_("Biography number"), 12), (_("Party card number"), 12),
        # Beyond what the list shows: the whole record, so that the file imports back as it was.
        (_("Organization code"), 14), (_("Citizen ID (CCCD)"), 14), (_("Admission ceremony date"), 14),
        (_("Ethnicity"), 10), (_("Religion"), 10), (_("Hometown"), 30), (_("Education"), 14),
        (_("Profession"), 20), (_("Phone"), 14), (_("Position held"), 24),
        (_("Why full membership is not 12 months after the ceremony"), 24),
    ]


MEMBER_DATE_COLUMNS = (4, 7, 8, 14)


def _member_rows(members):
    today = timezone.localdate()
    genders, statuses = dict(Member.Gender.choices), dict(Member.Status.choices)
    genders, statuses = {k: str(v) for k, v in genders.items()}, {k: str(v) for k, v in statuses.items()}
    for i, m in enumerate(members.iterator(chunk_size=2000), start=1):
        yield [
            i, m.full_name, genders[m.gender], m.birth_date, m.organization.name, statuses[m.status],
            m.admission_decision_date, m.full_membership_date, party_age.whole_years(m, today), m.biography_number,
            m.card_number, m.organization.code, m.citizen_id, m.ceremony_date, m.ethnicity, m.religion, m.hometown,
            m.education, m.profession, m.phone, m.position, m.full_membership_note,
        ]


def members_workbook(root, members) -> Workbook:
    wb = Workbook()
    ws = _sheet(wb, _("Members"), _("Party members of %(org)s") % {"org": root.name}, _member_columns())
    for i, row in enumerate(_member_rows(members), start=1):
        _append(ws, 3 + i, row)
        for col in MEMBER_DATE_COLUMNS:  # the row just appended (ws.max_row would scan every cell of the sheet)
            ws.cell(row=3 + i, column=col).number_format = DATE
    return wb


def members_csv(members) -> Iterator[str]:
    """The members export as CSV lines (UTF-8 with its byte order mark, for Excel)."""
    return _csv_lines([c for c, _w in _member_columns()], _member_rows(members))


def _organization_columns() -> list[tuple[str, int]]:
    return [
        (_("Code"), 14), (_("Name"), 50), (_("Kind"), 26), (_("Sector"), 22),
        (_("Level"), 7), (_("Established on"), 14), (_("Short name"), 20), (_("Parent code"), 14),
    ]


def _organization_rows(root, orgs):
    kinds, sectors = dict(Organization.Kind.choices), dict(Organization.Sector.choices)
    codes = {}
    for o in orgs:
        codes[o.pk] = o.code
        parent = codes.get(o.parent_id, "") if o.parent_id else ""
        if o.parent_id and not parent and o.pk == root.pk:  # the export's top: its parent is outside the list
            parent = root.parent.code
        yield [o.code, "  " * (o.depth - root.depth) + o.name, str(kinds[o.kind]), str(sectors.get(o.sector, "")),
               o.depth - root.depth, o.established_on, o.short_name, parent]


def organizations_workbook(root, orgs) -> Workbook:
    wb = Workbook()
    ws = _sheet(wb, _("Organizations"), _("Party organizations of %(org)s") % {"org": root.name},
                _organization_columns())
    for i, row in enumerate(_organization_rows(root, orgs), start=1):
        _append(ws, 3 + i, row)
        ws.cell(row=3 + i, column=6).number_format = DATE
    return wb


def organizations_csv(root, orgs) -> Iterator[str]:
    return _csv_lines([c for c, _w in _organization_columns()], _organization_rows(root, orgs))


class _Line:
    """A file-like object csv.writer writes one line into."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return formatting.date(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith((*FORMULA_START, "'")):
        text = "'" + text  # kept as text by a spreadsheet, and by dangvu's import (which drops the quote)
    return text


def _csv_lines(header: list[str], rows) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in row])


def csv_response(lines: Iterator[str], filename: str) -> StreamingHttpResponse:
    """A CSV streamed as it is written (a province's register never sits whole in memory)."""
    response = StreamingHttpResponse((line.encode("utf-8") for line in lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(wb: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def tasks_workbook(plan, root, tasks) -> Workbook:
    """The key tasks of `plan` listed for `root` (a queryset of `plans.selectors.task_list`,
    with `is_overdue`): one row a task, dates as dates."""
    wb = Workbook()
    ws = _sheet(wb, _("Key tasks"), _("Key tasks of %(plan)s: %(org)s") % {
        "plan": plan.number or plan.code, "org": root.name}, [
        (_("No."), 6), (_("Task"), 60), (_("Unit"), 40), (_("Source"), 24), (_("Due on"), 13),
        (_("Status"), 18), (_("Completed on"), 14), (_("Overdue"), 10),
    ])
    sources, statuses = dict(Task.Source.choices), dict(Task.Status.choices)
    sources, statuses = {k: str(v) for k, v in sources.items()}, {k: str(v) for k, v in statuses.items()}
    overdue = _("overdue")
    for i, t in enumerate(tasks.iterator(chunk_size=2000), start=1):
        _append(ws, 3 + i, [i, t.title, t.organization.name, sources[t.source], t.due_on, statuses[t.status],
                            t.completed_on, overdue if t.is_overdue else ""])
        for col in (5, 7):  # the row just appended (ws.max_row would scan every cell of the sheet)
            ws.cell(row=3 + i, column=col).number_format = DATE
    return wb
