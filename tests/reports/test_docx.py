"""The Word writer: the sample document written, then read back with python-docx."""

import io

import docx as python_docx
import pytest
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from dangvu.reports import docx
from dangvu.reports.document import format_cell
from tests.reports.samples import sample_document


def _read(document):
    return python_docx.Document(io.BytesIO(docx.write(document)))


@pytest.fixture(scope="module")
def written():
    return _read(sample_document())


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text]


def _only_run(paragraph):
    runs = _runs(paragraph)
    assert len(runs) == 1, [r.text for r in runs]
    return runs[0]


def _paragraph(doc, text):
    found = [p for p in doc.paragraphs if p.text == text]
    assert len(found) == 1, text
    return found[0]


def _data_tables(doc):
    """The document's tables in order (body, then annexes): all but the header and signature."""
    return [t for t in doc.tables[1:] if t.cell(0, 0).paragraphs[0].text != "Nơi nhận:"]


def _signature_table(doc):
    found = [t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:"]
    assert len(found) == 1
    return found[0]


def test_page_is_a4_with_the_documents_margins(written):
    section = written.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]


def test_other_margins_come_from_the_document():
    from dangvu.reports.document import Margins

    document = sample_document()
    document.margins = Margins(top=25, bottom=22, left=35, right=20)
    section = _read(document).sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [25, 22, 35, 20]
    header = _read(document).tables[0]
    assert round(Emu(header.columns[0].width + header.columns[1].width).mm) == 155


def test_header_table_texts_and_fonts(written):
    header = written.tables[0]
    left = [p for p in header.cell(0, 0).paragraphs]
    assert [p.text for p in left] == ["ĐẢNG BỘ TỈNH KIÊN GIANG", "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH", "*"]
    superior, issuing = _only_run(left[0]), _only_run(left[1])
    assert (superior.font.size, superior.font.bold) == (Pt(14), None)
    assert (issuing.font.size, issuing.font.bold) == (Pt(14), True)
    number = header.cell(1, 0).paragraphs
    assert [p.text for p in number] == ["Số 12-BC/ĐU"]
    party = header.cell(0, 1).paragraphs
    assert [p.text for p in party] == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    run = _only_run(party[0])
    assert (run.font.size, run.font.bold) == (Pt(15), True)
    bottom = party[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    date = header.cell(1, 1).paragraphs
    assert [p.text for p in date] == ["Rạch Giá, ngày 17 tháng 01 năm 2024"]
    run = _only_run(date[0])
    assert (run.font.size, run.font.italic) == (Pt(14), True)
    for cell in (header.cell(0, 0), header.cell(0, 1), header.cell(1, 0), header.cell(1, 1)):
        assert {p.alignment for p in cell.paragraphs} == {WD_ALIGN_PARAGRAPH.CENTER}
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    assert header.style is None or header.style.name != "Table Grid"


def test_no_superior_body_no_line():
    document = sample_document(dated=False)
    document.header.superior_body = ""
    header = _read(document).tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs] == ["ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH", "*"]
    assert header.cell(1, 1).paragraphs[0].text == document.header.place_and_date
    assert document.header.place_and_date.startswith("Rạch Giá, ngày     tháng     năm ")


def test_kind_and_subject(written):
    kind = _paragraph(written, "BÁO CÁO")
    run = _only_run(kind)
    assert (run.font.size, run.font.bold, kind.alignment) == (Pt(16), True, WD_ALIGN_PARAGRAPH.CENTER)
    subject = _paragraph(written, "tổng kết công tác xây dựng Đảng năm 2023,\nphương hướng, nhiệm vụ năm 2024")
    run = _only_run(subject)
    assert (run.font.bold, subject.alignment) == (True, WD_ALIGN_PARAGRAPH.CENTER)
    assert len(run._r.findall(qn("w:br"))) == 1  # "\n" as a line break


def test_body_font_size_language_and_spacing(written):
    normal = written.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {a: fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == dict.fromkeys(
        ("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman")
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fmt = normal.paragraph_format
    assert (fmt.alignment, round(fmt.first_line_indent.cm, 2), fmt.space_after, fmt.line_spacing) == (
        WD_ALIGN_PARAGRAPH.JUSTIFY, 1.0, Pt(6), 1.2)
    defaults = written.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert defaults.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None
    body = _paragraph(written, "Phấn đấu kết nạp 260 đảng viên mới.")
    assert body.style.name == "Normal"
    assert (_only_run(body).font.size, _only_run(body).font.bold) == (None, None)  # the style's 14, upright


def test_core_properties(written):
    assert written.core_properties.title == "Báo cáo tổng kết năm 2023"
    assert written.core_properties.language == "vi-VN"
    assert written.core_properties.author == ""


def test_headings(written):
    part = _paragraph(written, "PHẦN THỨ NHẤT\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023")
    assert (_only_run(part).font.bold, part.alignment) == (True, WD_ALIGN_PARAGRAPH.CENTER)
    one = _paragraph(written, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    assert (_only_run(one).font.bold, one.alignment) == (True, None)  # justified as the body
    two = _paragraph(written, "1. Công tác tổ chức, cán bộ, đảng viên")
    assert (_only_run(two).font.bold, _only_run(two).font.italic) == (True, None)
    three = _paragraph(written, "a) Kiểm tra")
    assert (_only_run(three).font.bold, _only_run(three).font.italic) == (True, True)
    for heading in (part, one, two, three):
        assert heading.paragraph_format.keep_with_next is True


def test_level_one_heading_written_in_capitals():
    document = sample_document()
    document.sections[0].blocks[0].heading = "I. Kết quả thực hiện các chỉ tiêu"
    assert "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" in [p.text for p in _read(document).paragraphs]


def test_paragraph_styles(written):
    bullet = [p for p in written.paragraphs if p.text.startswith("- Đảng bộ có 10.215 đảng viên")]
    assert len(bullet) == 1
    note = _paragraph(written, "Số liệu tính đến ngày 31/12/2023.")
    assert (_only_run(note).font.italic, _only_run(note).font.size) == (True, Pt(12))


def test_bullet_already_dashed_is_not_dashed_twice():
    document = sample_document()
    paragraph = document.paragraphs()[1]
    paragraph.text = "- Đã có gạch đầu dòng."
    assert "- Đã có gạch đầu dòng." in [p.text for p in _read(document).paragraphs]


def test_flagged_paragraph_written_as_any_other():
    document = sample_document()
    paragraph = document.paragraphs()[0]
    paragraph.flagged = paragraph.edited = True
    doc = _read(document)
    written = _paragraph(doc, paragraph.text)
    assert (_only_run(written).font.bold, _only_run(written).font.italic, _only_run(written).font.highlight_color) \
        == (None, None, None)


def test_every_table_cell_is_format_cell_of_the_sample(written):
    document = sample_document()
    specs = document.tables()
    tables = _data_tables(written)
    assert len(tables) == len(specs) == 2
    for spec, table in zip(specs, tables, strict=True):
        heads = 2 if spec.groups else 1
        assert len(table.rows) == heads + len(spec.rows)
        assert [c.text for c in table.rows[heads - 1].cells] == [c.title for c in spec.columns]
        for row, written_row in zip(spec.rows, table.rows[heads:], strict=True):
            assert [c.text for c in written_row.cells] == [
                format_cell(value, column) for value, column in zip(row.cells, spec.columns, strict=True)]
    targets = tables[0]
    assert [c.text for c in targets.rows[2].cells] == [
        "2", "Tổng doanh thu của doanh nghiệp", "tỷ đồng", "1.201", "1.234,5", "102,8"]  # half up, as Excel shows it


def test_numbers_stay_vietnamese_when_the_request_is_in_english(english):
    table = _data_tables(_read(sample_document()))[0]
    assert [c.text for c in table.rows[2].cells][3:] == ["1.201", "1.234,5", "102,8"]


def test_table_formatting(written):
    spec = sample_document().tables()[0]
    table = _data_tables(written)[0]
    assert table.style.name == "Table Grid"
    assert table.alignment == WD_TABLE_ALIGNMENT.CENTER
    title = _paragraph(written, "Kết quả thực hiện các chỉ tiêu năm 2023")
    assert (_only_run(title).font.bold, title.alignment) == (True, WD_ALIGN_PARAGRAPH.CENTER)
    assert title._p.getnext() is table._tbl
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    assert all(_only_run(c.paragraphs[0]).font.bold and c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
               for c in header.cells)
    first = table.rows[1].cells
    assert [c.paragraphs[0].alignment for c in first] == [WD_ALIGN_PARAGRAPH.LEFT] * 3 + [
        WD_ALIGN_PARAGRAPH.RIGHT] * 3
    assert {_only_run(c.paragraphs[0]).font.size for c in first} == {Pt(12)}
    assert {_only_run(c.paragraphs[0]).font.bold for c in first} == {None}
    total = table.rows[4].cells
    assert _only_run(total[1].paragraphs[0]).font.bold is True
    # Widths in proportion to the columns' (0 counts as 1), over the text width (165 mm).
    weights = [c.width or 1 for c in spec.columns]
    widths = [column.width for column in table.columns]
    assert round(Emu(sum(widths)).mm, 1) == 165.0
    assert [round(w / sum(widths) * sum(weights), 2) for w in widths] == weights
    note = table._tbl.getnext()
    assert note.xpath("string(.)") == "Nguồn: số liệu của dangvu ngày 17/01/2024."
    assert _paragraph(written, "Nguồn: số liệu của dangvu ngày 17/01/2024.").runs[0].font.italic is True


def test_group_header_merged_above_the_columns(written):
    table = _data_tables(written)[1]
    top = table.rows[0]._tr.tc_lst
    assert [tc.grid_span for tc in top] == [1, 2, 1]
    assert [c.text for c in table.rows[0].cells] == ["Nội dung", "Số đảng viên", "Số đảng viên", "So sánh (%)"]
    assert [c.text for c in table.rows[1].cells] == ["Nội dung", "Kỳ này", "Cùng kỳ năm trước", "So sánh (%)"]
    # The columns without a group stand over both header rows (merged down).
    assert [tc.vMerge for tc in table.rows[0]._tr.tc_lst] == ["restart", None, "restart"]
    assert [tc.vMerge for tc in table.rows[1]._tr.tc_lst] == ["continue", None, None, "continue"]
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows[:2])


def test_indented_rows(written):
    table = _data_tables(written)[1]
    indents = [row.cells[0].paragraphs[0].paragraph_format.left_indent for row in table.rows[2:]]
    assert [i and round(i.cm, 2) for i in indents] == [None, 0.5, 0.5, 0.5, None]
    assert [_only_run(row.cells[1].paragraphs[0]).font.bold for row in table.rows[2:]] == [
        True, None, None, None, True]


def test_one_picture_per_chart_with_its_title_under_it(written):
    document = sample_document()
    pictures = written.inline_shapes
    assert len(pictures) == len(document.charts()) == 2
    assert [round(p.width.cm, 2) for p in pictures] == [16.0, 16.0]
    for chart in document.charts():
        title = _paragraph(written, chart.title)
        assert (_only_run(title).font.italic, _only_run(title).font.size) == (True, Pt(12))
        picture = title._p.getprevious()
        assert picture.xpath(".//pic:pic")
        assert picture.xpath("string(./w:pPr/w:jc/@w:val)") == "center"


def test_a_chart_wider_than_the_text_is_capped():
    document = sample_document()
    document.charts()[0].width_cm = 30
    pictures = _read(document).inline_shapes
    assert pictures[0].width == Mm(165)


def test_page_number_from_page_two(written):
    section = written.sections[0]
    assert section.different_first_page_header_footer is True
    header = section.header._element
    assert [t.text for t in header.iter(qn("w:instrText"))] == [" PAGE "]
    assert [c.get(qn("w:fldCharType")) for c in header.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert section.first_page_header.is_linked_to_previous is False
    assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


@pytest.mark.parametrize(("mode", "lines"), [
    ("T/M", ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]),
    ("K/T", ["T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "PHÓ BÍ THƯ"]),
    ("T/L", ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"]),
])
def test_signature_block(mode, lines):
    doc = _read(sample_document(mode=mode))
    table = _signature_table(doc)
    assert len(table.rows) == 1 and len(table.columns) == 2
    left, right = table.cell(0, 0).paragraphs, table.cell(0, 1).paragraphs
    assert [p.text for p in left] == ["Nơi nhận:", "- Ban Thường vụ Tỉnh ủy (b/c),", "- Các tổ chức cơ sở đảng,",
                                      "- Lưu Văn phòng."]
    place = _only_run(left[0])
    assert (place.font.size, place.font.bold, place.font.italic) == (Pt(12), True, True)
    assert {_only_run(p).font.size for p in left[1:]} == {Pt(11)}
    assert [p.text for p in right] == [*lines, "", "", "", "", "Nguyễn Văn Được"]
    for p in [*right[:len(lines)], right[-1]]:
        assert (_only_run(p).font.size, _only_run(p).font.bold, p.alignment) == (
            Pt(14), True, WD_ALIGN_PARAGRAPH.CENTER)
    assert table._tbl.getnext().tag == qn("w:p")  # the annexes follow
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_annex_starts_on_a_new_page_after_the_signature(written):
    annex = _paragraph(written, "PHỤ LỤC\nSỐ LIỆU THỐNG KÊ NĂM 2023")
    assert annex.paragraph_format.page_break_before is True
    assert annex.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = list(written.element.body.iterchildren())
    assert body.index(annex._p) > body.index(_signature_table(written)._tbl)  # after the signature...
    assert body.index(annex._p) < body.index(_data_tables(written)[1]._tbl)  # ...before its own table
    breaks = [p.text for p in written.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["PHỤ LỤC\nSỐ LIỆU THỐNG KÊ NĂM 2023"]


def test_no_date_or_time_in_the_text():
    """Two writings of the same document give the same XML (the zip's own timestamps aside)."""
    import zipfile

    def parts(data):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}

    document = sample_document()
    assert parts(docx.write(document)) == parts(docx.write(document))
