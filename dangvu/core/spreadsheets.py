"""Writing cells a workbook opens safely (openpyxl), shared by the page exports (web) and
the report's workbook (reports)."""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A text that a spreadsheet would read as a formula (or a command, in a CSV opened by it).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put(ws, row: int, column: int, value):
    """Write `value` into the cell (`row`, `column`) of `ws`, safe to open: characters a
    workbook cannot hold are dropped, and a text starting like a formula is kept as text
    (never evaluated, even once edited: Excel's quote prefix). Returns the cell."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append(ws, row: int, values: list) -> None:
    """Append `values` as row `row` of `ws` (the row after the last one), each cell as `put`
    writes it."""
    values = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
    ws.append(values)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_START):
            cell = ws.cell(row=row, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True
