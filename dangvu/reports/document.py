"""The document model of a report: what the builder gathers and every writer (Word, Excel,
HTML, PDF) renders. Plain data, no database: a writer never queries.

A `Document` is the Party format of 36-HD/VPTW: the header (superior body, issuing body,
number, place and date), the document type ("BÁO CÁO") and subject, the body as numbered
sections, the signature block and "Nơi nhận:", then the annexes (statistical tables).

Every block a user may edit or trace has a stable `key` (the same report built again gives
the same keys): paragraphs are matched by key to the staff's edits, and each paragraph
lists the figures it states (`Paragraph.figures`, figure key -> the figure as written), so
that a figure changed under an edited paragraph can be flagged.

Table cells are typed (int, Decimal, str, None): the Word and HTML writers format numbers
as Vietnamese writes them (column `kind` and `decimals`), the Excel writer writes real
numbers with a number format.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dangvu.core import charts

Cell = int | Decimal | str | None

# A column's kind: TEXT as given; NUMBER with exactly `decimals` places ("1.234", "10,50");
# DECIMAL with up to `decimals` places, zeros dropped ("155", "10,5": a column mixing counts
# and amounts); PERCENT like DECIMAL (one place by default), the percent value (113.2).
TEXT, NUMBER, DECIMAL, PERCENT = "text", "number", "decimal", "percent"


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres (a setting of the organization)."""

    top: int = 20
    bottom: int = 20
    left: int = 30
    right: int = 15


@dataclass
class Header:
    superior_body: str  # "ĐẢNG BỘ TỈNH KIÊN GIANG" (caps, 14): may be empty
    issuing_body: str  # "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH" (caps, 14, bold), "*" under it
    number: str  # "Số 12-BC/ĐU" (no colon), or "Số     -BC/ĐU" before the number is given
    place: str  # "Rạch Giá"
    date: datetime.date | None  # None: "ngày    tháng    năm 2024" left to fill in by hand

    @property
    def place_and_date(self) -> str:
        """"Rạch Giá, ngày 17 tháng 01 năm 2024" (day and month on two digits); blanks to fill
        in by hand where the date is not set."""
        if self.date is None:
            return f"{self.place}, ngày     tháng     năm {datetime.date.today().year}"
        d = self.date
        return f"{self.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


@dataclass
class Signature:
    """The signature block: "T/M BAN THƯỜNG VỤ" / "BÍ THƯ" / (space to sign) / the name.

    `mode`: "T/M" (on behalf of the collective body), "K/T" (signed by a deputy for the
    head: a third line "PHÓ BÍ THƯ"), "T/L" (by order: the office head signs)."""

    mode: str  # "T/M" | "K/T" | "T/L"
    body: str  # "BAN THƯỜNG VỤ"
    position: str  # "BÍ THƯ"
    deputy_position: str = ""  # "PHÓ BÍ THƯ" under K/T; the position signing under T/L
    signer: str = ""  # "Nguyễn Văn A"

    def lines(self) -> list[str]:
        """The caps lines above the space to sign."""
        if self.mode == "K/T":
            return [f"T/M {self.body}", f"K/T {self.position}", self.deputy_position]
        if self.mode == "T/L":
            return [f"T/L {self.body}", self.deputy_position or self.position]
        return [f"T/M {self.body}", self.position]


@dataclass
class Figure:
    """A number the report states, traceable to what it is made of: the indicator (by
    code, never shown), the organization whose subtree it counts and the period. `text` is
    the figure as written ("283", "113,2%", "60,8 tỷ đồng")."""

    key: str
    value: int | Decimal | None
    text: str
    label: str = ""  # what it is, in words: "Kết nạp đảng viên mới"
    indicator: str = ""
    organization_id: int | None = None
    period: str = ""


@dataclass
class Paragraph:
    key: str
    text: str
    figures: dict[str, str] = field(default_factory=dict)  # figure key -> as written here
    style: str = "body"  # body | bullet | note (italic, smaller)
    labels: dict[str, str] = field(default_factory=dict)  # figure key -> what it is, in words
    # figure key -> the code of the indicator whose value it is (its explanation: the records
    # counted, the units' values), "" for a count no indicator names.
    sources: dict[str, str] = field(default_factory=dict)
    # Filled in by the report from the staff's edits (never by the builder):
    edited: bool = False
    flagged: bool = False  # a figure it states changed after the staff edited it


@dataclass
class Column:
    title: str
    kind: str = NUMBER  # TEXT | NUMBER | DECIMAL | PERCENT
    decimals: int = 0  # NUMBER: exactly that many places; DECIMAL, PERCENT: up to that many
    width: float = 0  # relative width, 0: let the writer decide


@dataclass
class Row:
    cells: list[Cell]
    bold: bool = False  # a total
    indent: int = 0  # 1: "trong đó" lines under the line above

    def indented(self, columns: list[Column]) -> int | None:
        """The cell an indented row indents (its first text cell with words), None when the
        row is not indented: the one rule of every writer."""
        if not self.indent:
            return None
        for i, (value, column) in enumerate(zip(self.cells, columns, strict=False)):
            if column.kind == TEXT and isinstance(value, str) and value:
                return i
        return None


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    note: str = ""  # under the table, italic ("Nguồn: ...")
    # Column header groups above the columns: [(title, span)], spans adding up to the columns.
    groups: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Chart:
    """A chart: one spec drawn as SVG on pages and PNG in documents (`core.charts`)."""

    key: str
    title: str
    spec: charts.Trend | charts.Bars
    width_cm: float = 16.0

    def svg(self) -> str:
        return charts.draw_svg(self.spec, label=self.title)

    def png(self) -> bytes:
        return charts.draw_png(self.spec)


Block = "Paragraph | Table | Chart | Section"


@dataclass
class Section:
    """A numbered part: `heading` carries its own numbering as the report writes it
    ("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "1. Công tác chính trị, tư tưởng", "a) ...");
    `level` 1 (caps, bold), 2 (bold), 3 (bold italic)."""

    key: str
    heading: str
    level: int = 1
    blocks: list[Block] = field(default_factory=list)

    def walk(self):
        """Every block under this section, depth first (sections included)."""
        for block in self.blocks:
            yield block
            if isinstance(block, Section):
                yield from block.walk()


@dataclass
class Document:
    header: Header
    kind: str  # "BÁO CÁO"
    subject: str  # "tổng kết công tác xây dựng Đảng năm 2023, phương hướng, nhiệm vụ năm 2024"
    sections: list[Section]
    signature: Signature
    recipients: list[str] = field(default_factory=list)  # "- Ban Thường vụ Tỉnh ủy (b/c),"
    annexes: list[Section] = field(default_factory=list)  # each starts on a new page
    margins: Margins = field(default_factory=Margins)
    title: str = ""  # the file's title (document properties)

    def blocks(self):
        """Every block of the body and the annexes, depth first."""
        for section in [*self.sections, *self.annexes]:
            yield section
            yield from section.walk()

    def paragraphs(self) -> list[Paragraph]:
        return [p for _heading, p in self.sectioned_paragraphs()]

    def sectioned_paragraphs(self):
        """(the heading of its section on one line, paragraph) for every paragraph, in order."""
        def walk(section: Section):
            for block in section.blocks:
                if isinstance(block, Section):
                    yield from walk(block)
                elif isinstance(block, Paragraph):
                    yield section.heading.replace("\n", " "), block

        for section in [*self.sections, *self.annexes]:
            yield from walk(section)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks() if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks() if isinstance(b, Chart)]


def format_cell(value: Cell, column: Column) -> str:
    """A cell as the Word and HTML writers show it: numbers as Vietnamese writes them
    ("1.234", "113,2"), nothing for None."""
    from dangvu.core import formatting

    if value is None or value == "":
        return ""
    if isinstance(value, str) or column.kind == TEXT:
        return str(value)
    if column.kind == PERCENT:
        return formatting.decimal(value, column.decimals or 1)
    if column.kind == DECIMAL:
        return formatting.decimal(value, column.decimals)
    return formatting.number(value, column.decimals)
