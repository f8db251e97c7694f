"""The report's statistical tables as an Excel workbook: a first sheet with the header, the
subject and the list of the tables, then one sheet a table, with real numbers (a number
format of the column's decimals), ready to print (A4, fit to the width of the page)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from dangvu.core.spreadsheets import put

from .document import DECIMAL, PERCENT, TEXT, Column, Document, Row, Table, format_cell

SHEET_NAME_MAX = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = Alignment(horizontal="center", vertical="center", wrap_text=True)
MM_PER_INCH = 25.4
WIDTH_MIN, WIDTH_MAX = 6, 60


def write(document: Document) -> bytes:
    wb = Workbook()
    wb.properties.title = document.title or document.kind
    cover = wb.active
    cover.title = sheet_names([_("Report")])[0]
    tables = document.tables()
    names = sheet_names([t.title for t in tables], taken=[cover.title])
    _cover(cover, document, list(zip(names, tables, strict=True)))
    for name, table in zip(names, tables, strict=True):
        _table_sheet(wb.create_sheet(name), table, document)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sheet_names(titles: list[str], *, taken: list[str] = ()) -> list[str]:
    """A sheet name for each title: the characters Excel refuses dropped, at most 31
    characters, unique (case-insensitive, as Excel compares them: " (2)", " (3)"... added)."""
    used = {name.casefold() for name in taken}
    names = []
    for n, title in enumerate(titles, start=1):
        base = re.sub(r"\s+", " ", FORBIDDEN.sub(" ", title)).strip().strip("'").strip()
        base = base or _("Table %(n)s") % {"n": n}
        name, k = base[:SHEET_NAME_MAX].rstrip(), 1
        while name.casefold() in used:
            k += 1
            suffix = f" ({k})"
            name = base[:SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        used.add(name.casefold())
        names.append(name)
    return names


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cover(ws: Worksheet, document: Document, sheets: list[tuple[str, Table]]) -> None:
    header = document.header
    lines = [
        (header.superior_body, Font(size=12)),
        (header.issuing_body, Font(size=12, bold=True)),
        (header.number, Font(size=12)),
        (header.place_and_date, Font(size=12, italic=True)),
        ("", None),
        (document.kind, Font(size=14, bold=True)),
        (_one_line(document.subject), Font(size=12, bold=True)),
        ("", None),
        (_("Tables of the report"), Font(size=12, bold=True)),
    ]
    row = 0
    for text, font in lines:
        if not text and font is not None:
            continue
        row += 1
        cell = put(ws, row, 1, text or None)
        if font is not None:
            cell.font = font
    row += 1
    for column, title in enumerate((_("No."), _("Sheet"), _("Table")), start=1):
        cell = put(ws, row, column, title)
        cell.font, cell.border, cell.alignment = Font(bold=True), GRID, HEAD
    for n, (name, table) in enumerate(sheets, start=1):
        row += 1
        put(ws, row, 1, n)
        link = put(ws, row, 2, name)
        quoted = name.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1")
        link.font = Font(color="0B57D0", underline="single")
        put(ws, row, 3, _one_line(table.title))
        for column in range(1, 4):
            ws.cell(row=row, column=column).border = GRID
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 60
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    _margins(ws, document)


def number_format(column: Column) -> str | None:
    """"#,##0" / "#,##0.0"... for numbers, "0.0" for a percent (the value as written: 113.2)."""
    if column.kind == TEXT:
        return None
    if column.kind == PERCENT:
        decimals = column.decimals or 1
        return "0." + "0" * decimals
    return "#,##0" + ("." + "0" * column.decimals if column.decimals else "")


def cell_format(value, column: Column, fmt: str | None) -> str | None:
    """A DECIMAL column's cell shows the places its value has, up to the column's (a count
    "155", an amount "10.242,8"); the others take the column's format."""
    if column.kind == DECIMAL and isinstance(value, int | Decimal):
        if value == int(value):
            return "#,##0"
        places = min(column.decimals, max(-Decimal(value).normalize().as_tuple().exponent, 0)) or 1
        return "#,##0." + "0" * places
    return fmt


def _value(value, column: Column):
    """A number stays a number (int as int, Decimal as a float); text as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and column.kind not in (PERCENT, DECIMAL) \
            and not column.decimals else float(value)
    return value if value != "" else None


def _table_sheet(ws: Worksheet, table: Table, document: Document) -> None:
    columns = table.columns
    last = get_column_letter(len(columns))
    # The title, over the columns.
    title = put(ws, 1, 1, _one_line(table.title))
    title.font = Font(bold=True, size=13)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if len(columns) > 1:
        ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 36
    # The groups above the column titles: a group with no title leaves its column's title
    # over both lines (as a table is drawn on paper).
    first_head, title_row, tall = 3, 3, set()
    if table.groups:
        title_row, start = 4, 1
        for group, span in table.groups:
            end = start + span - 1
            if group:
                put(ws, 3, start, group)
                if span > 1:
                    ws.merge_cells(start_row=3, start_column=start, end_row=3, end_column=end)
            else:
                for column in range(start, end + 1):
                    ws.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
                    tall.add(column)
            start = end + 1
    for i, column in enumerate(columns, start=1):
        put(ws, 3 if i in tall else title_row, i, column.title)
    for row in range(first_head, title_row + 1):
        for i in range(1, len(columns) + 1):
            cell = ws.cell(row=row, column=i)
            cell.font, cell.alignment, cell.border = Font(bold=True), HEAD, GRID
    ws.freeze_panes = f"A{title_row + 1}"
    ws.print_title_rows = f"{first_head}:{title_row}"
    # The rows.
    formats = [number_format(c) for c in columns]
    r = title_row
    for row in table.rows:
        r += 1
        _row(ws, r, row, columns, formats)
    if table.note:
        note = put(ws, r + 2, 1, table.note)
        note.font = Font(italic=True)
    _widths(ws, table)
    # Printing: A4, landscape when wide, fit to the width of the page.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if len(columns) > 5 else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    _margins(ws, document)


def _row(ws: Worksheet, r: int, row: Row, columns: list[Column], formats: list[str | None]) -> None:
    indented = row.indented(columns)
    for i, (value, column, fmt) in enumerate(zip(row.cells, columns, formats, strict=True), start=1):
        cell = put(ws, r, i, _value(value, column))
        cell.border = GRID
        fmt = cell_format(value, column, fmt)
        if isinstance(value, int | Decimal) and fmt:
            cell.number_format = fmt
        if row.bold:
            cell.font = Font(bold=True)
        if isinstance(value, str) and value:
            alignment = Alignment(vertical="top", wrap_text=True, horizontal="center" if column.width and column.width < 1
                                  else None)
            if i - 1 == indented:
                alignment = Alignment(vertical="top", wrap_text=True, indent=row.indent)
            cell.alignment = alignment


def _widths(ws: Worksheet, table: Table) -> None:
    """Each column as wide as its content (a title wraps: its longest word counts, or a
    third of it), between 6 and 60 characters."""
    for i, column in enumerate(table.columns):
        texts = [format_cell(row.cells[i], column) for row in table.rows]
        longest = max((len(t) + (2 if r.indent else 0) for t, r in zip(texts, table.rows, strict=True)), default=0)
        words = max((len(w) for w in column.title.split()), default=0)
        width = max(longest, words, len(column.title) // 3) + 2
        ws.column_dimensions[get_column_letter(i + 1)].width = max(WIDTH_MIN, min(WIDTH_MAX, width))


def _margins(ws: Worksheet, document: Document) -> None:
    m = document.margins
    ws.page_margins.top, ws.page_margins.bottom = m.top / MM_PER_INCH, m.bottom / MM_PER_INCH
    ws.page_margins.left, ws.page_margins.right = m.left / MM_PER_INCH, m.right / MM_PER_INCH
