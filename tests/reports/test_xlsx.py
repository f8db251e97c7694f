"""The report's workbook read back: real numbers equal to the document's, number formats,
merged title and groups, bold totals, sheet names and the first sheet."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from dangvu.reports import xlsx
from dangvu.reports.document import TEXT, Column, Row, Table
from tests.reports.samples import sample_document


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _book(document=None):
    return openpyxl.load_workbook(io.BytesIO(xlsx.write(document or sample_document())))


def test_one_sheet_a_table_after_the_report_sheet():
    wb = _book()
    assert wb.sheetnames == ["Báo cáo", "Kết quả thực hiện các chỉ tiêu", "Biểu 1. Tăng, giảm đảng viên"]


def test_the_first_sheet_holds_the_header_the_subject_and_the_tables():
    ws = _book()["Báo cáo"]
    assert [r[0] for r in ws.iter_rows(min_row=1, max_row=7, max_col=1, values_only=True)] == [
        "ĐẢNG BỘ TỈNH KIÊN GIANG", "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH", "Số 12-BC/ĐU", "Rạch Giá, ngày 17 tháng 01 năm 2024",
        None, "BÁO CÁO", "tổng kết công tác xây dựng Đảng năm 2023, phương hướng, nhiệm vụ năm 2024"]
    assert ws["A2"].font.b is True
    assert ws["A4"].font.i is True
    assert [list(r) for r in ws.iter_rows(min_row=10, max_row=12, values_only=True)] == [
        ["STT", "Trang tính", "Bảng"],
        [1, "Kết quả thực hiện các chỉ tiêu", "Kết quả thực hiện các chỉ tiêu năm 2023"],
        [2, "Biểu 1. Tăng, giảm đảng viên", "Biểu 1. Tăng, giảm đảng viên"]]
    assert ws["B11"].hyperlink.location == "'Kết quả thực hiện các chỉ tiêu'!A1"


def _numbers(ws, first_row: int):
    return [[(type(v), v) for v in row if isinstance(v, int | float)]
            for row in ws.iter_rows(min_row=first_row, values_only=True)]


def test_every_number_is_a_real_number_equal_to_the_document():
    document = sample_document()
    wb = _book(document)
    for name, table, first_row in (("Kết quả thực hiện các chỉ tiêu", document.tables()[0], 4),
                                   ("Biểu 1. Tăng, giảm đảng viên", document.tables()[1], 5)):
        ws = wb[name]
        for r, row in enumerate(table.rows, start=first_row):
            for c, value in enumerate(row.cells, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, int | Decimal):
                    assert type(cell.value) in (int, float), (name, r, c)
                    assert Decimal(str(cell.value)) == value, (name, r, c)
                elif value in (None, ""):
                    assert cell.value is None
                else:
                    assert cell.value == value
    ws = wb["Kết quả thực hiện các chỉ tiêu"]
    assert [ws[f"{c}4"].value for c in "DEF"] == [250, 283, 113.2]
    assert type(ws["D4"].value) is int
    assert [ws[f"{c}5"].value for c in "DEF"] == [1200.5, 1234.5, 102.83]


def test_number_formats_follow_the_columns_decimals_and_percent():
    wb = _book()
    ws = wb["Kết quả thực hiện các chỉ tiêu"]
    assert [ws[f"{c}4"].number_format for c in "DEF"] == ["#,##0", "#,##0.0", "0.0"]
    ws = wb["Biểu 1. Tăng, giảm đảng viên"]
    assert [ws[f"{c}5"].number_format for c in "BCD"] == ["#,##0", "#,##0", "0.0"]


def test_title_merged_over_the_columns_groups_merged_and_titles_bold():
    wb = _book()
    ws = wb["Biểu 1. Tăng, giảm đảng viên"]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:D1", "A3:A4", "B3:C3", "D3:D4"]
    assert ws["A1"].value == "Biểu 1. Tăng, giảm đảng viên" and ws["A1"].font.b is True
    assert [ws["A3"].value, ws["B3"].value, ws["D3"].value] == ["Nội dung", "Số đảng viên", "So sánh (%)"]
    assert [ws["B4"].value, ws["C4"].value] == ["Kỳ này", "Cùng kỳ năm trước"]
    assert all(ws[c].font.b for c in ("A3", "B3", "D3", "B4", "C4"))  # the other cells are parts of merged ones
    assert ws["B4"].alignment.wrap_text is True and ws["B4"].alignment.horizontal == "center"
    assert ws["B4"].border.bottom.style == "thin"
    assert ws.freeze_panes == "A5"
    other = wb["Kết quả thực hiện các chỉ tiêu"]
    assert [str(r) for r in other.merged_cells.ranges] == ["A1:F1"]
    assert [other.cell(row=3, column=c).value for c in range(1, 7)] == [
        "TT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Thực hiện", "Tỷ lệ đạt (%)"]
    assert other.freeze_panes == "A4"


def test_totals_bold_trong_do_lines_indented_note_in_italics():
    wb = _book()
    ws = wb["Biểu 1. Tăng, giảm đảng viên"]
    assert [ws[f"A{r}"].font.b for r in range(5, 10)] == [True, False, False, False, True]
    assert ws["B9"].font.b is True
    assert [ws[f"A{r}"].alignment.indent for r in range(5, 10)] == [0, 1, 1, 1, 0]
    ws = wb["Kết quả thực hiện các chỉ tiêu"]
    assert ws["B7"].value == "Cộng" and ws["B7"].font.b is True
    assert ws["A9"].value == "Nguồn: số liệu của dangvu ngày 17/01/2024." and ws["A9"].font.i is True


def test_print_setup_a4_landscape_when_wide_fit_to_width():
    wb = _book()
    wide, narrow = wb["Kết quả thực hiện các chỉ tiêu"], wb["Biểu 1. Tăng, giảm đảng viên"]
    assert (wide.page_setup.orientation, narrow.page_setup.orientation) == ("landscape", "portrait")
    for ws in (wide, narrow):
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert round(ws.page_margins.left * 25.4) == 30
    assert narrow.print_title_rows == "$3:$4"


def test_column_widths_from_the_content():
    ws = _book()["Kết quả thực hiện các chỉ tiêu"]
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["B"] == len("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên") + 2
    assert widths["A"] == 6  # "TT", "1": the narrowest a column is
    assert widths["E"] == len("1.234,5") + 2  # the title's words are shorter


def test_sheet_names_lose_forbidden_characters_stay_short_and_unique():
    assert xlsx.sheet_names(["Biểu 2: Đảng viên [mới]/cũ*?", "A" * 40, "A" * 40, "a" * 40, "  ", "Báo cáo"],
                            taken=["Báo cáo"]) == [
        "Biểu 2 Đảng viên mới cũ", "A" * 31, "A" * 27 + " (2)", "a" * 27 + " (3)", "Bảng 5", "Báo cáo (2)"]


def test_a_text_like_a_formula_stays_text():
    table = Table("t", "Bảng", [Column("Nội dung", TEXT), Column("Số")], [Row(["=SUM(A1:A9)", 1])])
    document = sample_document()
    document.annexes[0].blocks = [table]
    ws = _book(document)["Bảng"]
    assert ws["A4"].value == "=SUM(A1:A9)"
    assert ws["A4"].data_type == "s" and ws["A4"].quotePrefix is True
    assert ws["B4"].value == 1


def test_a_decimal_column_shows_the_places_each_value_has():
    from decimal import Decimal as D

    from dangvu.reports.document import DECIMAL
    from dangvu.reports.xlsx import cell_format

    column = Column("Thực hiện", DECIMAL, 2)
    assert [cell_format(v, column, None) for v in (D("155.0000"), 177, D("10242.80"), D("10.41"), D("0.125"))] == [
        "#,##0", "#,##0", "#,##0.0", "#,##0.00", "#,##0.00"]
