"""The report as HTML: the same paper layout as the Word file (36-HD/VPTW), for the preview
page (a fragment inside the site's page, `standalone=False`) and for printing or saving from
a browser (a whole page with its own style, `standalone=True`).

The style is one file, `reports/static/reports/document.css` (every rule under
`.report-doc`): the site's stylesheet imports it, the standalone page holds it inline."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .document import TEXT, Chart, Document, Paragraph, Section, Table, format_cell

STYLESHEET = Path(__file__).parent / "static" / "reports" / "document.css"

# Words of the Party's document format, written in Vietnamese whatever the site's language.
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
RECIPIENTS = "Nơi nhận:"


def write(document: Document, *, standalone: bool = True) -> str:
    context = {
        "document": document,
        "header": document.header,
        "margins": document.margins,
        "sections": [_section(s) for s in document.sections],
        "annexes": [_section(s) for s in document.annexes],
        "signature_lines": document.signature.lines(),
        "party": PARTY,
        "recipients_title": RECIPIENTS,
        "standalone": standalone,
        "css": mark_safe(stylesheet()) if standalone else "",  # noqa: S308 (the app's own file)
    }
    return render_to_string("reports/document.html", context)


@cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def _section(section: Section) -> dict:
    return {"key": section.key, "heading": section.heading, "level": min(max(section.level, 1), 3),
            "blocks": [_block(b) for b in section.blocks]}


def _block(block) -> dict:
    if isinstance(block, Section):
        return {"kind": "section", "section": _section(block)}
    if isinstance(block, Paragraph):
        classes = [block.style] + (["edited"] if block.edited else []) + (["flagged"] if block.flagged else [])
        return {"kind": "paragraph", "p": block, "classes": " ".join(classes)}
    if isinstance(block, Table):
        return {"kind": "table", **_table(block)}
    if isinstance(block, Chart):
        # The SVG is drawn by core.charts (labels escaped there): inlined as it is.
        return {"kind": "chart", "chart": block, "svg": mark_safe(block.svg())}  # noqa: S308
    raise TypeError(f"not a block of a document: {block!r}")


def _table(table: Table) -> dict:
    """The head as rows of cells (text, colspan, rowspan) — a group with no title leaves its
    columns' titles over both lines, as on paper — and the body as formatted cells (numbers
    right-aligned, a narrow text column such as "TT" centred)."""
    columns = table.columns
    head: list[list[dict]] = []
    if table.groups:
        top, bottom, start = [], [], 0
        for title, span in table.groups:
            if title:
                top.append({"text": title, "colspan": span, "rowspan": 1, "group": True})
                bottom += [{"text": c.title, "colspan": 1, "rowspan": 1} for c in columns[start:start + span]]
            else:
                top += [{"text": c.title, "colspan": 1, "rowspan": 2} for c in columns[start:start + span]]
            start += span
        head = [top, bottom]
    else:
        head = [[{"text": c.title, "colspan": 1, "rowspan": 1} for c in columns]]
    rows = []
    for row in table.rows:
        cells, indented = [], row.indented(columns)
        for i, (value, column) in enumerate(zip(row.cells, columns, strict=True)):
            numeric = column.kind != TEXT and isinstance(value, int | Decimal)
            classes = ["num"] if numeric else ["center"] if column.kind == TEXT and 0 < column.width < 1 else []
            if i == indented:
                classes.append(f"indent-{min(row.indent, 3)}")
            cells.append({"text": format_cell(value, column), "class": " ".join(classes)})
        rows.append({"cells": cells, "bold": row.bold})
    return {"table": table, "head": head, "rows": rows, "widths": _widths(table)}


def _widths(table: Table) -> list[str]:
    """Each column's share of the width in % (the columns' relative widths; a column without
    one counts 1), as a plain number for a style attribute."""
    weights = [c.width or 1 for c in table.columns]
    total = sum(weights)
    return [f"{100 * w / total:.2f}" for w in weights]
