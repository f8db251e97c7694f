"""Excel reporting templates: a unit's (or every reporting unit's under a committee) form for
a period as an .xlsx file to fill in, and the file read back.

The file (`template_build`) shows, for each unit, the indicators it enters (name, unit of
measure, the targets it was given for the period and the year) with an input cell for the
value and one for a comment, filled with what is recorded. Only the input cells are unlocked,
each typed with Excel's data validation (a whole number ≥ 0 for a count, a decimal number
otherwise, a comment of at most 500 characters); the rest of each sheet, and the workbook's
structure, are protected. Which unit, indicator and period each input cell is about is kept
in a hidden sheet (hidden from Excel's menus), never shown: no code in what the user reads.
Two layouts: one sheet per unit (`PER_UNIT`), or one sheet with a row per unit and a column
per indicator (`ONE_SHEET`, no comments).

Reading it back (`template_check`, `template_import`) checks the whole file first and
writes all or nothing through the code-keyed import (``exchange.results``), so through
``plans.services.result_save``. Files are read with bounded memory: the size is capped
(``DANGVU_IMPORT_MAX_BYTES``), the zip's declared unpacked size is checked before opening
(a zip bomb is refused), openpyxl reads in read-only (streaming) mode, only the rows the
hidden sheet names are read, and the hidden sheet holds at most ``DANGVU_IMPORT_MAX_ROWS``
cells. Every error names the sheet, the row, the column and why.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.errors import RuleViolation
from dangvu.core.periods import Period, PeriodError, parse
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import require_read, visible_organizations
from dangvu.plans import selectors as plan_selectors
from dangvu.plans.models import Indicator, Result, Target

from . import results
from .results import Entry, Problem, Summary, check_size

PER_UNIT, ONE_SHEET = "per_unit", "one_sheet"
LAYOUTS = (PER_UNIT, ONE_SHEET)
META = "_dangvu"  # the hidden sheet of identifiers
MAGIC = "dangvu-template-1"
VALUE, COMMENT = "value", "comment"
FIRST_ROW = 5  # per-unit sheets: the header on row 4, indicators from row 5
#: The zip of an .xlsx may unpack to at most this many times the largest file accepted: a
#: file declaring more (a zip bomb) is refused before it is opened.
UNZIP_FACTOR = 10
MAX_SHEETS = 2000
MAX_COLUMNS = 500


def _column(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def place(sheet: str, row: int, column: int) -> str:
    """How a message names a cell: sheet, row and column (a letter, as Excel shows it)."""
    return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s") % {
        "sheet": sheet, "row": row, "column": _column(column)}


# What a template holds

@dataclass
class UnitForm:
    """A unit's indicators to enter for the period, with its targets and recorded values."""

    organization: Organization
    indicators: list[Indicator]
    targets: dict[int, list[Target]] = field(default_factory=dict)
    results: dict[int, Result] = field(default_factory=dict)


def _entered(forms) -> list[Indicator]:
    seen, out = set(), []
    for form in forms:
        for ind in form.indicators.all():
            if ind.entered and ind.pk not in seen:
                seen.add(ind.pk)
                out.append(ind)
    return out


def template_units(*, actor, organization: Organization, period: Period, all_units: bool = False) -> list[UnitForm]:
    """The units a template is made for: `organization` itself, or (`all_units`) every unit
    under it (itself included) that reports for `period`, in the tree's order; each with
    the indicators it enters, its targets for the period and its year, and its recorded
    values. NotFound outside the actor's scope."""
    require_read(actor, organization.path)
    if all_units:
        visible = set(visible_organizations(actor).values_list("pk", flat=True))
        units = [u for u, _f in plan_selectors.reporting_units(root=organization, period=period) if u.pk in visible]
    else:
        units = [organization]
    out = []
    for unit in units:
        indicators = _entered(plan_selectors.return_forms(actor=actor, organization=unit, period=period))
        if indicators:
            out.append(UnitForm(unit, indicators))
    by_unit = {u.organization.pk: u for u in out}
    codes = [period.code, *([str(period.year)] if period.kind in ("half", "quarter", "month") else [])]
    targets = (Target.objects.filter(organization_id__in=by_unit, period__in=codes,
                                     plan__in=plan_selectors.visible_plans(actor))
               .select_related("plan").order_by("period", "plan__issued_on", "sort_order", "id"))
    for t in targets:
        by_unit[t.organization_id].targets.setdefault(t.indicator_id, []).append(t)
    for r in Result.objects.filter(organization_id__in=by_unit, period=period.code):
        by_unit[r.organization_id].results[r.indicator_id] = r
    return out


def _targets_text(targets: list[Target], period: Period) -> str:
    lines = []
    for t in targets:
        label = _("this period") if t.period == period.code else parse(t.period).label
        lines.append(f"{t.get_comparator_display()} {formatting.decimal(t.value, 4)} ({label})")
    return "; ".join(lines)


def _sheet_title(name: str, used: set[str]) -> str:
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()[:28] or "Sheet"
    title, n = clean, 2
    while title.lower() in used or title == META:
        title, n = f"{clean[:25]} ({n})", n + 1
    used.add(title.lower())
    return title


def _excel_value(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def template_build(*, actor, organization: Organization, period: str | Period, all_units: bool = False,
                   layout: str = PER_UNIT) -> bytes:
    """The .xlsx template of `organization` (or of every reporting unit under it) for
    `period`, as bytes. Refused (RuleViolation ``template_nothing``) when no unit has a
    figure to enter."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    p = parse(period) if isinstance(period, str) else period
    units = template_units(actor=actor, organization=organization, period=p, all_units=all_units)
    if not units:
        raise RuleViolation(_("%(org)s has no figure to enter for %(period)s.")
                            % {"org": organization.name, "period": p.label}, code="template_nothing")
    if layout not in LAYOUTS:
        raise RuleViolation(_("Unknown layout."), code="template_layout_unknown")
    wb = Workbook()
    wb.remove(wb.active)
    meta_rows: list[list] = []
    used: set[str] = set()
    bold = Font(bold=True)
    unlocked = Protection(locked=False)
    grey = PatternFill("solid", fgColor="DDDDDD")
    entry_fill = PatternFill("solid", fgColor="FFF7D6")

    def validations(ws):
        count = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, errorTitle=_("Not a count"),
                               error=_("A count is a whole number, 0 or more."))
        amount = DataValidation(type="decimal", operator="between", formula1="-1000000000000000",
                                formula2="1000000000000000", allow_blank=True, showErrorMessage=True,
                                errorTitle=_("Not a number"), error=_("Write a number."))
        note = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(results.COMMENT_MAX),
                              allow_blank=True, showErrorMessage=True, errorTitle=_("Comment too long"),
                              error=_("A comment has at most %(n)s characters.") % {"n": results.COMMENT_MAX})
        for dv in (count, amount, note):
            ws.add_data_validation(dv)
        return count, amount, note

    def value_cell(ws, row, col, unit: UnitForm, ind: Indicator, dvs):
        cell = ws.cell(row=row, column=col)
        stored = unit.results.get(ind.pk)
        cell.value = _excel_value(stored.value if stored else None)
        cell.protection, cell.fill = unlocked, entry_fill
        count = ind.value_type == Indicator.ValueType.COUNT
        cell.number_format = "#,##0" if count else "#,##0.0###"
        (dvs[0] if count else dvs[1]).add(cell.coordinate)
        meta_rows.append([ws.title, row, col, unit.organization.pk, p.code, ind.code, VALUE])
        return cell

    def protect(ws):
        ws.protection.sheet = True
        ws.protection.formatColumns = False  # columns may be widened
        ws.protection.formatRows = False

    if layout == PER_UNIT:
        for unit in units:
            ws = wb.create_sheet(_sheet_title(unit.organization.name, used))
            ws["A1"], ws["A1"].font = unit.organization.name, Font(bold=True, size=13)
            ws["A2"] = _("Figures of %(period)s. Fill in the yellow cells only; write numbers as %(example)s.") % {
                "period": p.label, "example": formatting.number(Decimal("1234.5"))}
            headers = [_("No."), _("Indicator"), _("Unit"), _("Assigned level"), _("Figure of the period"),
                       _("Comment")]
            for col, text in enumerate(headers, start=1):
                ws.cell(row=4, column=col, value=text).font = bold
            dvs = validations(ws)
            for n, ind in enumerate(unit.indicators, start=1):
                row = FIRST_ROW + n - 1
                ws.cell(row=row, column=1, value=n)
                ws.cell(row=row, column=2, value=ind.name).alignment = Alignment(wrap_text=True)
                ws.cell(row=row, column=3, value=ind.unit)
                ws.cell(row=row, column=4, value=_targets_text(unit.targets.get(ind.pk, []), p))
                value_cell(ws, row, 5, unit, ind, dvs)
                stored = unit.results.get(ind.pk)
                note = ws.cell(row=row, column=6, value=(stored.comment if stored else "") or None)
                note.protection, note.fill = unlocked, entry_fill
                dvs[2].add(note.coordinate)
                meta_rows.append([ws.title, row, 6, unit.organization.pk, p.code, ind.code, COMMENT])
            for letter, width in zip("ABCDEF", (6, 60, 14, 28, 18, 30), strict=True):
                ws.column_dimensions[letter].width = width
            protect(ws)
    else:
        ws = wb.create_sheet(_sheet_title(_("Units"), used))
        ws["A1"], ws["A1"].font = organization.name, Font(bold=True, size=13)
        ws["A2"] = _("Figures of %(period)s, one row per unit. Fill in the yellow cells only; write numbers as "
                     "%(example)s.") % {"period": p.label, "example": formatting.number(Decimal("1234.5"))}
        columns = _entered_union(units)
        ws.cell(row=4, column=1, value=_("No.")).font = bold
        ws.cell(row=4, column=2, value=_("Unit")).font = bold
        for col, ind in enumerate(columns, start=3):
            head = ws.cell(row=4, column=col, value=f"{ind.name} ({ind.unit})" if ind.unit else ind.name)
            head.font, head.alignment = bold, Alignment(wrap_text=True)
            ws.column_dimensions[_column(col)].width = 18
        ws.column_dimensions["B"].width = 40
        dvs = validations(ws)
        for n, unit in enumerate(units, start=1):
            row = FIRST_ROW + n - 1
            ws.cell(row=row, column=1, value=n)
            ws.cell(row=row, column=2, value=unit.organization.name)
            own = {i.pk for i in unit.indicators}
            for col, ind in enumerate(columns, start=3):
                if ind.pk not in own:
                    ws.cell(row=row, column=col).fill = grey
                    continue
                cell = value_cell(ws, row, col, unit, ind, dvs)
                shown = _targets_text(unit.targets.get(ind.pk, []), p)
                if shown:
                    cell.comment = Comment(_("Assigned level: %(targets)s") % {"targets": shown}, "dangvu")
        protect(ws)
    meta = wb.create_sheet(META)
    meta.append([MAGIC, p.code, organization.pk, layout])
    for row in meta_rows:
        meta.append(row)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _entered_union(units: list[UnitForm]) -> list[Indicator]:
    seen, out = set(), []
    for unit in units:
        for ind in unit.indicators:
            if ind.pk not in seen:
                seen.add(ind.pk)
                out.append(ind)
    return sorted(out, key=lambda i: (i.sort_order, i.code))


# Reading a filled-in template

def _refuse(text: str, code: str) -> RuleViolation:
    return RuleViolation(text, code=code)


def _damaged() -> RuleViolation:
    return _refuse(_("The file cannot be read as an Excel workbook (.xlsx): it is damaged or of another kind. "
                     "Save it again from Excel as “Excel Workbook (.xlsx)”."), "template_unreadable")


def check_zip(data: bytes) -> None:
    """Refuse what is not a zip, and a zip whose members declare more than
    ``UNZIP_FACTOR`` × ``DANGVU_IMPORT_MAX_BYTES`` unpacked (a zip bomb), before any of it
    is unpacked. (A member unpacking to more than it declares is cut at its declared size
    by ``zipfile`` and then fails its checksum: openpyxl's error is caught as a damaged
    file.)"""
    check_size(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _damaged() from None
    limit = settings.DANGVU_IMPORT_MAX_BYTES * UNZIP_FACTOR
    unpacked = sum(m.file_size for m in members)
    if unpacked > limit or len(members) > MAX_SHEETS * 4:
        raise _refuse(_("The file would unpack to %(size)s bytes, more than the %(limit)s accepted: it is not a "
                        "reporting template.") % {"size": formatting.number(unpacked),
                                                  "limit": formatting.number(limit)}, "template_too_large")


@dataclass
class _Cell:
    sheet: str
    row: int
    column: int
    organization: int
    period: str
    indicator: str
    field: str


def _meta_cells(wb) -> tuple[list[_Cell], str, list[Problem]]:
    """The input cells the hidden sheet names, and the template's period."""
    not_ours = _refuse(_("This file is not a dangvu reporting template (or its hidden part was changed): download "
                         "the template again and fill that in."), "template_not_ours")
    if META not in wb.sheetnames:
        raise not_ours
    rows = wb[META].iter_rows(values_only=True)
    head = next(rows, None)
    if not head or head[0] != MAGIC or len(head) < 2 or not isinstance(head[1], str):
        raise not_ours
    limit = settings.DANGVU_IMPORT_MAX_ROWS
    cells, problems = [], []
    for n, row in enumerate(rows, start=2):
        if n - 1 > limit:
            raise _refuse(_("The file has more than %(limit)s values: split it into smaller files.")
                          % {"limit": formatting.number(limit)}, "file_too_many_rows")
        row = tuple(row or ())
        if len(row) < 7 or not (isinstance(row[0], str) and isinstance(row[1], int) and isinstance(row[2], int)
                                and isinstance(row[3], int) and all(isinstance(v, str) for v in row[4:7])
                                and row[6] in (VALUE, COMMENT) and 0 < row[1] <= limit + FIRST_ROW
                                and 0 < row[2] <= MAX_COLUMNS):
            raise not_ours
        cells.append(_Cell(*row[:7]))
    return cells, head[1], problems


def _read_cells(wb, cells: list[_Cell]) -> tuple[dict[tuple[str, int, int], object], list[Problem]]:
    """The values of the named cells, each sheet read once as a stream down to its last
    named row; a formula is a problem (the value it shows is not a figure typed)."""
    by_sheet: dict[str, dict[tuple[int, int], _Cell]] = {}
    for c in cells:
        by_sheet.setdefault(c.sheet, {})[(c.row, c.column)] = c
    values: dict[tuple[str, int, int], object] = {}
    problems: list[Problem] = []
    for sheet, wanted in by_sheet.items():
        if sheet not in wb.sheetnames or sheet == META:
            raise _refuse(_("The sheet “%(sheet)s” of the template is missing: download the template again.")
                          % {"sheet": sheet}, "template_sheet_missing")
        last_row = max(r for r, _c in wanted)
        last_col = max(c for _r, c in wanted)
        for r, row in enumerate(wb[sheet].iter_rows(min_row=1, max_row=last_row, max_col=last_col), start=1):
            for c, cell in enumerate(row, start=1):
                if (r, c) not in wanted:
                    continue
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                    problems.append(Problem(place(sheet, r, c),
                                            _("a formula is not accepted: type the figure itself."),
                                            "template_formula"))
                    continue
                values[(sheet, r, c)] = value
    return values, problems


def _cell_value(value, where: str) -> tuple[object, Problem | None]:
    """A cell's value as the number reader takes it (a number, or text), or a problem."""
    if isinstance(value, bool):
        return None, Problem(where, _("a yes/no value is not a figure."), "template_wrong_type")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | datetime.timedelta):
        return None, Problem(where, _("a date is not a figure: type a number."), "template_wrong_type")
    if isinstance(value, float) and value != value:  # NaN
        return None, Problem(where, _("the cell holds an error, not a figure."), "template_wrong_type")
    if isinstance(value, str) and value.strip().startswith("#"):
        return None, Problem(where, _("the cell holds an error, not a figure."), "template_wrong_type")
    return value, None


@dataclass
class TemplateFile:
    """What a filled-in template says: its period, entries and the problems found reading it."""

    period: str
    entries: list[Entry]
    problems: list[Problem]


def template_read(data: bytes, *, period: Period | None = None, organization: Organization | None = None
                  ) -> TemplateFile:
    """Read a filled-in template (bounded memory, see the module). Refused as a whole
    (RuleViolation) when it is not a readable template of dangvu; otherwise each cell's
    problem is listed with its place: a formula, a value of the wrong type, an identifier
    that matches nothing, a period other than `period`, a unit not under `organization`."""
    check_zip(data)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # noqa: BLE001 - any failure of the parser on a hostile file is "damaged"
        raise _damaged() from None
    try:
        if len(wb.sheetnames) > MAX_SHEETS:
            raise _damaged()
        cells, file_period, problems = _meta_cells(wb)
        values, formula_problems = _read_cells(wb, cells)
    except RuleViolation:
        raise
    except Exception:  # noqa: BLE001 - a damaged part of the zip found while streaming
        raise _damaged() from None
    finally:
        wb.close()
    problems += formula_problems
    if period is not None and file_period != period.code:
        try:
            shown = parse(file_period).label
        except PeriodError:
            shown = file_period
        raise _refuse(_("This template is for %(file)s, not for %(period)s: download the template of %(period)s.")
                      % {"file": shown, "period": period.label}, "template_wrong_period")
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in={c.organization for c in cells})}
    inds = {i.code: i for i in Indicator.objects.filter(code__in={c.indicator for c in cells})}
    grouped: dict[tuple[int, str, str], dict] = {}
    bad = {(p.where) for p in problems}
    refused: set[tuple[int, str, str]] = set()  # one problem for a value and its comment
    broken: set[tuple[int, str, str]] = set()  # a value or comment refused: the entry is left out
    for c in cells:
        where = place(c.sheet, c.row, c.column)
        if where in bad:
            broken.add((c.organization, c.indicator, c.period))
            continue
        if (c.organization, c.indicator, c.period) in refused:
            continue
        refused.add((c.organization, c.indicator, c.period))
        org, ind = orgs.get(c.organization), inds.get(c.indicator)
        if org is None:
            problems.append(Problem(where, _("this cell is about a unit that is no longer recorded: download the "
                                             "template again."), "template_unit_unknown"))
            continue
        if ind is None:
            problems.append(Problem(where, _("this cell is about an indicator that is no longer in the catalog: "
                                             "download the template again."), "template_indicator_unknown"))
            continue
        if c.period != file_period or (period is not None and c.period != period.code):
            problems.append(Problem(where, _("this cell is about another period than the template's."),
                                    "template_wrong_period"))
            continue
        if organization is not None and not org.path.startswith(organization.path):
            problems.append(Problem(where, _("%(org)s is not under %(root)s.")
                                    % {"org": org.name, "root": organization.name}, "template_unit_outside"))
            continue
        refused.discard((c.organization, c.indicator, c.period))
        raw = values.get((c.sheet, c.row, c.column))
        key = (org.pk, ind.code, c.period)
        slot = grouped.setdefault(key, {"org": org, "ind": ind, "period": c.period, "value": None, "comment": "",
                                        "where": None, "comment_where": ""})
        if c.field == VALUE:
            value, problem = _cell_value(raw, where)
            if problem:
                problems.append(problem)
                broken.add((c.organization, c.indicator, c.period))
                continue
            slot["value"], slot["where"] = value, where
        else:
            slot["comment"] = "" if raw is None else str(raw)
            slot["where"], slot["comment_where"] = slot["where"] or where, where
    entries = [Entry(s["where"], s["ind"], s["org"], s["period"], s["value"], s["comment"], machine=False,
                     comment_where=s["comment_where"])
               for (o, i, p), s in grouped.items() if (o, i, p) not in broken]
    return TemplateFile(file_period, entries, problems)


def template_check(*, actor, data: bytes, period: Period | None = None, organization: Organization | None = None,
                   dry_run: bool = True) -> Summary:
    """What uploading a filled-in template would change (new, changed, cleared, unchanged)
    and every problem (a conflict, with its place): the whole file is read and checked,
    nothing is written. Refused as a whole (RuleViolation) when it is no readable
    template."""
    read = template_read(data, period=period, organization=organization)
    summary = results.results_check(actor=actor, entries=read.entries, strategy=results.CREATE_AND_UPDATE,
                                    dry_run=dry_run)
    summary.conflicts = read.problems + summary.conflicts
    return summary


@transaction.atomic
def template_import(*, actor, data: bytes, period: Period | None = None, organization: Organization | None = None,
                    source: str = "") -> Summary:
    """Read and check a filled-in template (`template_check`), then write all of it or, at
    the first problem, nothing (the summary lists the conflicts, ``written`` is False)."""
    summary = template_check(actor=actor, data=data, period=period, organization=organization, dry_run=False)
    if summary.conflicts:
        return summary
    return results.changes_write(actor=actor, summary=summary, source=source)
