"""The report as HTML: the header as on paper, every table cell as `format_cell` writes it,
one SVG a chart, paragraphs traceable by key, everything escaped, the print style."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from dangvu.reports import html
from dangvu.reports.document import Paragraph, format_cell
from tests.reports.samples import sample_document


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


class Cells(HTMLParser):
    """The text of every <td> and <th>, table by table, row by row; and the attributes of
    every <p> with a data-key."""

    def __init__(self):
        super().__init__()
        self.tables, self.paragraphs, self.cell, self.texts = [], {}, None, {}
        self._p = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"head": [], "body": []})
        elif tag == "tr":
            part = "head" if self._in_head else "body"
            self.tables[-1][part].append([])
        elif tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag in ("td", "th"):
            self.cell = {"text": "", **attrs}
            self.tables[-1]["head" if self._in_head else "body"][-1].append(self.cell)
        elif tag == "p" and "data-key" in attrs:
            self._p = attrs["data-key"]
            self.paragraphs[self._p] = {**attrs, "text": ""}

    _in_head = False

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "p":
            self._p = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        if self._p is not None:
            self.paragraphs[self._p]["text"] += data


def _parse(text: str) -> Cells:
    parser = Cells()
    parser.feed(text)
    return parser


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def test_the_header_as_on_paper():
    text = html.write(sample_document(), standalone=False)
    header = text[text.index('<header class="doc-header">'):text.index("</header>")]
    issuer = header[:header.index('<div class="doc-party">')]
    party = header[header.index('<div class="doc-party">'):]
    assert _plain(issuer) == "ĐẢNG BỘ TỈNH KIÊN GIANG ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH * Số 12-BC/ĐU"
    assert _plain(party) == "ĐẢNG CỘNG SẢN VIỆT NAM Rạch Giá, ngày 17 tháng 01 năm 2024"
    assert '<h1 class="doc-kind">BÁO CÁO</h1>' in text
    assert ('<p class="doc-subject">tổng kết công tác xây dựng Đảng năm 2023,<br>phương hướng, nhiệm vụ năm 2024</p>'
            in text)
    assert '<h2 class="doc-heading">PHẦN THỨ NHẤT<br>KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023</h2>' in text
    assert '<h3 class="doc-heading">1. Công tác tổ chức, cán bộ, đảng viên</h3>' in text
    assert '<h4 class="doc-heading">a) Kiểm tra</h4>' in text


def test_the_date_left_blank_to_fill_in_by_hand():
    text = html.write(sample_document(dated=False), standalone=False)
    assert re.search(r'<div class="doc-place-date">Rạch Giá, ngày {5}tháng {5}năm \d{4}</div>', text)


def test_every_table_cell_as_format_cell_writes_it():
    document = sample_document()
    parsed = _parse(html.write(document, standalone=False))
    tables = document.tables()
    assert len(parsed.tables) == len(tables) == 2
    for table, found in zip(tables, parsed.tables, strict=True):
        assert [[c["text"] for c in row] for row in found["body"]] == [
            [format_cell(v, col) for v, col in zip(row.cells, table.columns, strict=True)] for row in table.rows]
    targets, movement = parsed.tables
    assert [c["text"] for c in targets["body"][1]] == [
        "2", "Tổng doanh thu của doanh nghiệp", "tỷ đồng", "1.201", "1.234,5", "102,8"]
    assert [c.get("class") for c in targets["body"][0]] == ["center", None, None, "num", "num", "num"]
    assert [c["text"] for c in targets["head"][0]] == [
        "TT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Thực hiện", "Tỷ lệ đạt (%)"]
    # The groups: a titled group over its columns, the untitled ones' titles over both lines.
    assert [(c["text"], c.get("colspan"), c.get("rowspan")) for c in movement["head"][0]] == [
        ("Nội dung", None, "2"), ("Số đảng viên", "2", None), ("So sánh (%)", None, "2")]
    assert [c["text"] for c in movement["head"][1]] == ["Kỳ này", "Cùng kỳ năm trước"]
    assert [c.get("class") for c in movement["body"][1]] == ["indent-1", "num", "num", "num"]


def test_totals_bold_and_notes():
    text = html.write(sample_document(), standalone=False)
    assert text.count('<tr class="total">') == 3
    assert '<p class="doc-table-note">Nguồn: số liệu của dangvu ngày 17/01/2024.</p>' in text


def test_one_svg_a_chart_with_its_title():
    document = sample_document()
    text = html.write(document, standalone=False)
    assert text.count("<svg") == len(document.charts()) == 2
    assert '<figure class="doc-chart" data-key="targets.chart">\n<figcaption>Tỷ lệ đạt các chỉ tiêu (%)</figcaption>' in text
    assert 'aria-label="Kết nạp đảng viên qua các năm"' in text


def test_paragraphs_carry_their_key_and_the_staffs_marks():
    document = sample_document()
    document.paragraphs()[0].flagged = True
    document.paragraphs()[1].edited = True
    parsed = _parse(html.write(document, standalone=False))
    assert list(parsed.paragraphs) == [p.key for p in document.paragraphs()]
    for p in document.paragraphs():
        assert parsed.paragraphs[p.key]["id"] == f"p-{p.key}"
        assert parsed.paragraphs[p.key]["text"] == p.text
    assert parsed.paragraphs["targets.tally"]["class"] == "body flagged"
    assert parsed.paragraphs["members.admissions"]["class"] == "body edited"
    assert parsed.paragraphs["members.list"]["class"] == "bullet"
    assert parsed.paragraphs["members.note"]["class"] == "note"


def test_signature_recipients_and_annexes():
    text = html.write(sample_document(mode="K/T"), standalone=False)
    end = text[text.index('<footer class="doc-end">'):text.index("</footer>")]
    assert _plain(end) == ("Nơi nhận: - Ban Thường vụ Tỉnh ủy (b/c), - Các tổ chức cơ sở đảng, - Lưu Văn phòng. "
                           "T/M BAN THƯỜNG VỤ K/T BÍ THƯ PHÓ BÍ THƯ Nguyễn Văn Được")
    annex = text[text.index('<div class="doc-annex">'):]
    assert '<h2 class="doc-heading">PHỤ LỤC<br>SỐ LIỆU THỐNG KÊ NĂM 2023</h2>' in annex
    assert '<div class="doc-table" data-key="annex.movement">' in annex


def test_everything_is_escaped():
    document = sample_document()
    document.sections[1].blocks.append(Paragraph("evil", '<script>alert("x")</script> & <b>'))
    document.tables()[0].rows[0].cells[1] = "<img src=x onerror=alert(1)>"
    document.header.number = "Số <i>12</i>"
    document.subject = "<script>s()</script>"
    text = html.write(document)
    assert "<script" not in text and "<img" not in text and "<i>" not in text
    assert ('<p class="body" data-key="evil" id="p-evil">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '
            "&amp; &lt;b&gt;</p>") in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert '<p class="doc-subject">&lt;script&gt;s()&lt;/script&gt;</p>' in text


def test_standalone_page_holds_its_style_and_the_print_rules():
    document = sample_document()
    text = html.write(document)
    assert text.startswith("<!doctype html>\n<html lang=\"vi\">")
    assert "<title>Báo cáo tổng kết năm 2023</title>" in text
    assert html.stylesheet() in text  # the one stylesheet, inline
    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }" in text
    assert '<article class="report-doc" style="padding: 20mm 15mm 20mm 30mm">' in text
    css = html.stylesheet()
    assert '"Times New Roman", "Liberation Serif"' in css and "max-width: 21cm" in css
    assert "@media print" in css and ".report-doc thead { display: table-header-group; }" in css
    # Every rule of the shared stylesheet is scoped to the report (it is part of every page).
    selectors = re.findall(r"(?:^|[};])\s*([^{};@/][^{};]*)\{", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    selectors = [s.strip() for group in selectors for s in group.split(",")]
    assert len(selectors) > 40
    assert [s for s in selectors if not s.startswith((".report-doc", "body.report-page", "@media"))] == []


def test_fragment_is_only_the_article():
    text = html.write(sample_document(), standalone=False)
    assert text.startswith('<article class="report-doc"') and text.rstrip().endswith("</article>")
    assert "<style" not in text.split("<svg")[0] and "<!doctype" not in text


def test_the_sites_stylesheet_imports_the_reports():
    from pathlib import Path

    import dangvu

    app_css = (Path(dangvu.__file__).parent / "web" / "static" / "web" / "app.css").read_text()
    assert app_css.startswith('@import url("../reports/document.css");')
