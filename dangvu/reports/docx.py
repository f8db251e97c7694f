"""The Word writer: a `reports.document.Document` as a .docx in the Party format of
36-HD/VPTW (python-docx, no template file: the document is built from the model).

- A4, the margins of the document (mm); Times New Roman 14 (ascii, hAnsi, east-asian and
  complex-script fonts all set, so that Word and LibreOffice agree; LibreOffice draws it
  with Liberation Serif, same metrics), justified, first line indented 1 cm, 6 pt after,
  line spacing 1,2; language vi-VN.
- The header is a borderless table: superior body, issuing body (bold), "*" and the number
  on the left; "ĐẢNG CỘNG SẢN VIỆT NAM" (15 bold, a rule beneath) and the place and date
  (italic) on the right; the number and the date share a row so that they line up.
- Page numbers at the top centre from page 2 ("different first page").
- Tables: "Table Grid" borders, 12 pt, header rows repeated on each page, column groups
  merged above the column titles, numbers right-aligned as Vietnamese writes them.
- Annexes each start on a new page (page break before their heading).

Numbers are formatted in Vietnamese whatever the language of the request: a Party
document is Vietnamese.
"""

from __future__ import annotations

import io

from django.utils import translation
from docx import Document as new_docx
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

from dangvu.reports.document import TEXT, Chart, Document, Paragraph, Section, Table, format_cell

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_SIZE = 14
TABLE_SIZE = 12
NOTE_SIZE = 12
FIRST_LINE = Cm(1)
LINE_SPACING = 1.2
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
PARTY_EMS = 13.75  # its width in Times New Roman bold, in ems
CELL_MARGIN = Cm(0.19)
RECIPIENTS = "Nơi nhận:"
SIGN_SPACE = 4  # empty lines left for the signature and the seal
TWIP = 635  # EMU
INDENT_STEP = Cm(0.5)  # a "trong đó" row of a table


def write(document: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    with translation.override("vi"):
        doc = _Writer(document).build()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class _Writer:
    def __init__(self, document: Document):
        self.document = document
        self.doc = new_docx()
        margins = document.margins
        self.text_width = Mm(210 - margins.left - margins.right)

    def build(self):
        self._setup()
        self._header()
        self._title()
        for section in self.document.sections:
            self._section(section)
        self._signature()
        for annex in self.document.annexes:
            self._section(annex, annex=True)
        return self.doc

    # -- page, styles, properties ---------------------------------------------------------

    def _setup(self) -> None:
        doc, margins = self.doc, self.document.margins
        section = doc.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        section.header_distance = Mm(min(10, margins.top // 2))
        section.footer_distance = Mm(min(10, margins.bottom // 2))
        section.gutter = 0

        defaults = doc.styles.element.find(qn("w:docDefaults"))
        _fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
        normal = doc.styles["Normal"]
        normal.font.size = Pt(BODY_SIZE)
        _fonts(normal.element.get_or_add_rPr())
        fmt = normal.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = FIRST_LINE
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
        fmt.line_spacing = LINE_SPACING
        fmt.widow_control = True
        for name in ("Header", "Footer"):
            style = doc.styles[name]
            style.paragraph_format.first_line_indent = Cm(0)
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

        props = doc.core_properties
        props.title = self.document.title
        props.language = LANGUAGE
        props.author = props.last_modified_by = props.comments = props.subject = ""
        props.revision = 1

        # Page numbers from page 2, top centre.
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(header)

    # -- header and title -----------------------------------------------------------------

    def _header(self) -> None:
        head = self.document.header
        table = self._grid(2, [0.45, 0.55], borders=False)
        left, right = table.cell(0, 0), table.cell(0, 1)
        left.vertical_alignment = right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        first = True
        if head.superior_body.strip():
            self._line(left, head.superior_body.upper(), first=first)
            first = False
        self._line(left, head.issuing_body.upper(), bold=True, first=first)
        self._line(left, "*")
        party = self._line(right, PARTY, size=15, bold=True, first=True)
        _rule_beneath(party, self._party_indent(table))
        self._line(table.cell(1, 0), head.number, first=True)
        self._line(table.cell(1, 1), head.place_and_date, italic=True, first=True)

    def _party_indent(self, table) -> Emu:
        """Indents left and right of "ĐẢNG CỘNG SẢN VIỆT NAM" so that the rule beneath is
        about as long as the words: 13,75 em in Times New Roman bold (measured on Liberation
        Serif Bold, same metrics), inside the cell's margins (0,19 cm each side in Word and
        LibreOffice), with 3 mm to spare so that the words never wrap."""
        column = table.columns[1].width
        words = Pt(15 * PARTY_EMS)
        return Emu(max(0, (column - 2 * CELL_MARGIN - words - Mm(3)) // 2))

    def _title(self) -> None:
        kind = self._paragraph(self.document.kind.upper(), size=16, bold=True, center=True)
        kind.paragraph_format.space_before = Pt(18)
        kind.paragraph_format.space_after = Pt(0)
        kind.paragraph_format.keep_with_next = True
        subject = self._paragraph(self.document.subject, bold=True, center=True)
        subject.paragraph_format.space_after = Pt(0)
        subject.paragraph_format.keep_with_next = True
        rule = self._paragraph("-----", center=True)
        rule.paragraph_format.space_after = Pt(12)

    # -- body -----------------------------------------------------------------------------

    def _section(self, section: Section, *, annex: bool = False) -> None:
        level = max(1, min(3, section.level))
        text = section.heading.upper() if level == 1 else section.heading
        center = level == 1 and (text.startswith("PHẦN") or annex)
        heading = self._paragraph(text, bold=True, italic=level == 3, center=center)
        heading.paragraph_format.keep_with_next = True
        if center:
            heading.paragraph_format.space_before = Pt(6)
        if annex:
            heading.paragraph_format.page_break_before = True
        _outline(heading, level - 1)
        for block in section.blocks:
            if isinstance(block, Section):
                self._section(block)
            elif isinstance(block, Paragraph):
                self._text(block)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, Chart):
                self._chart(block)

    def _text(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        if paragraph.style == "bullet" and not text.startswith("- "):
            text = "- " + text.lstrip("-• ")
        if paragraph.style == "note":
            self._paragraph(text, size=NOTE_SIZE, italic=True)
        else:
            self._paragraph(text)

    def _table(self, spec: Table) -> None:
        title = self._paragraph(spec.title, bold=True, center=True)
        title.paragraph_format.keep_with_next = True
        title.paragraph_format.space_before = Pt(6)
        columns = spec.columns
        groups = [g for g in spec.groups if g[1] > 0]
        heads = 2 if groups else 1
        table = self._grid(len(columns), [c.width or 1 for c in columns], rows=heads + len(spec.rows))
        for r in range(heads):
            _repeat_header(table.rows[r])
        if groups:
            start = 0
            for title_text, span in groups:
                end = min(start + span, len(columns)) - 1
                if title_text:
                    cell = table.cell(0, start).merge(table.cell(0, end)) if end > start else table.cell(0, start)
                    self._cell(cell, title_text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
                else:  # no group: the column titles stand over both header rows
                    for i in range(start, end + 1):
                        table.cell(0, i).merge(table.cell(1, i))
                start = end + 1
        for i, column in enumerate(columns):
            self._cell(table.cell(heads - 1, i), column.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        # The table's cells listed once: python-docx's table.cell(r, c) lists them all at
        # every call (a 30-row annex took 0,3 s).
        grid, n = table._cells, len(columns)
        for r, row in enumerate(spec.rows):
            values = list(row.cells) + [None] * (len(columns) - len(row.cells))
            indented = row.indented(columns)
            for i, column in enumerate(columns):
                align = WD_ALIGN_PARAGRAPH.LEFT if column.kind == TEXT else WD_ALIGN_PARAGRAPH.RIGHT
                cell = self._cell(grid[(heads + r) * n + i], format_cell(values[i], column), bold=row.bold,
                                  align=align)
                if i == indented:
                    cell.paragraphs[0].paragraph_format.left_indent = INDENT_STEP * row.indent
        if spec.note:
            note = self._paragraph(spec.note, size=NOTE_SIZE, italic=True)
            note.paragraph_format.space_before = Pt(3)
        else:
            self._paragraph("").paragraph_format.space_after = Pt(0)

    def _chart(self, chart: Chart) -> None:
        width = min(Cm(chart.width_cm), self.text_width)
        picture = self.doc.add_paragraph()
        self._plain(picture, center=True)
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.line_spacing = 1.0
        picture.add_run().add_picture(io.BytesIO(chart.png()), width=Emu(width))
        self._paragraph(chart.title, size=NOTE_SIZE, italic=True, center=True)

    # -- signature ------------------------------------------------------------------------

    def _signature(self) -> None:
        sign = self.document.signature
        self._paragraph("").paragraph_format.space_after = Pt(0)
        table = self._grid(2, [0.45, 0.55], rows=1, borders=False)
        _keep_row(table.rows[0])
        left, right = table.cell(0, 0), table.cell(0, 1)
        self._line(left, RECIPIENTS, size=12, bold=True, italic=True, first=True, center=False)
        for recipient in self.document.recipients:
            self._line(left, recipient, size=11, center=False)
        first = True
        for line in sign.lines():
            self._line(right, line.upper(), bold=True, first=first)
            first = False
        for _ in range(SIGN_SPACE):
            self._line(right, "")
        if sign.signer:
            self._line(right, sign.signer, bold=True)

    # -- helpers --------------------------------------------------------------------------

    def _paragraph(self, text: str, *, size: int | None = None, bold: bool = False, italic: bool = False,
                   center: bool = False):
        paragraph = self.doc.add_paragraph()
        if center:
            self._plain(paragraph, center=True)
            paragraph.paragraph_format.space_after = Pt(6)
        if text:
            _run(paragraph, text, size=size, bold=bold, italic=italic)
        return paragraph

    @staticmethod
    def _plain(paragraph, *, center: bool = False) -> None:
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(0)
        fmt.space_after = Pt(0)
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT

    def _line(self, cell, text: str, *, size: int = BODY_SIZE, bold: bool = False, italic: bool = False,
              first: bool = False, center: bool = True):
        """A line of a header or signature cell (the cell's first line fills its empty paragraph)."""
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        self._plain(paragraph, center=center)
        paragraph.paragraph_format.line_spacing = 1.0
        if text:
            _run(paragraph, text, size=size, bold=bold, italic=italic)
        return paragraph

    def _cell(self, cell, text: str, *, bold: bool, align):
        paragraph = cell.paragraphs[0]
        self._plain(paragraph)
        paragraph.alignment = align
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.paragraph_format.space_before = Pt(2)
        paragraph.paragraph_format.space_after = Pt(2)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if text:
            _run(paragraph, text, size=TABLE_SIZE, bold=bold)
        return cell

    def _grid(self, n: int, weights: list[float], *, rows: int = 2, borders: bool = True):
        """A table of `n` columns over the text width, widths in proportion to `weights`."""
        table = self.doc.add_table(rows=rows, cols=n)
        table.style = self.doc.styles["Table Grid"] if borders else None
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # In twips (1 twip = 635 EMU), as Word stores them, so that the columns add up exactly.
        total, twips = sum(weights) or 1, self.text_width // TWIP
        widths = [int(twips * w / total) for w in weights]
        widths[-1] = twips - sum(widths[:-1])
        widths = [Emu(w * TWIP) for w in widths]
        tbl_pr = table._tbl.tblPr
        width = tbl_pr.find(qn("w:tblW"))  # python-docx writes one ("auto"): the text width instead
        width.set(qn("w:w"), str(twips))
        width.set(qn("w:type"), "dxa")
        if not borders:
            tbl_pr.insert_element_before(_no_borders(), "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                         "w:tblCaption", "w:tblDescription", "w:tblPrChange")
        for column, w in zip(table.columns, widths, strict=True):
            column.width = w
            for cell in column.cells:
                cell.width = w
        return table


def _run(paragraph, text: str, *, size: int | None = None, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)  # "\n" becomes a line break
    if size:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    return run


def _fonts(r_pr) -> None:
    """Times New Roman for every script (the theme's fonts removed), size 14 and Vietnamese
    as the language, on a run-properties element (the defaults' or a style's)."""
    fonts = _child(r_pr, "w:rFonts")
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    for tag in ("w:sz", "w:szCs"):
        _child(r_pr, tag).set(qn("w:val"), str(BODY_SIZE * 2))  # half-points
    lang = _child(r_pr, "w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


# The order of a run's properties in the schema (Word refuses a file that mixes it up).
_RPR = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def _child(r_pr, tag: str):
    """The `tag` child of a run's properties, added in its place in the schema's order."""
    element = r_pr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        r_pr.insert_element_before(element, *_RPR[_RPR.index(tag) + 1:])
    return element


def _page_field(paragraph) -> None:
    """A PAGE field (the page number), as Word writes one: begin, instruction, separate, a
    placeholder, end."""
    def char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run("2")
    paragraph.add_run()._r.append(char("end"))


def _rule_beneath(paragraph, indent: Emu) -> None:
    """A bottom border under `paragraph`, as long as the paragraph between its indents."""
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *_AFTER_BORDERS)


_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def _outline(paragraph, level: int) -> None:
    """The heading's outline level (Word's navigation pane, a PDF's bookmarks)."""
    p_pr = paragraph._p.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    p_pr.insert_element_before(outline, *_AFTER_BORDERS[_AFTER_BORDERS.index("w:outlineLvl") + 1:])


def _no_borders():
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    return borders


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    _keep_row(row)


def _keep_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    keep.set(qn("w:val"), "true")
    tr_pr.insert(0, keep)
