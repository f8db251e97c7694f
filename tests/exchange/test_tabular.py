"""Reading the tables offices send (exchange.tabular): encodings, separators, dates, the
header below titles, and the refusals of files that are not tables."""

from __future__ import annotations

import datetime
import io

import pytest

from dangvu.core.errors import RuleViolation
from dangvu.exchange import tabular
from dangvu.exchange.registers import known_headers
from tests.exchange.helpers import csv_bytes, to_cp1258, xlsx

D = datetime.date
KNOWN = known_headers("members")
ROWS = [["Họ và tên", "Ngày sinh", "Chi bộ"], ["Nguyễn Thị Hường", "17/01/1984", "Chi bộ Văn phòng"],
        ["Trần Văn Đức", "2-3-1990", "Chi bộ Thanh tra"]]


def read(source) -> tuple[tabular.Table, list]:
    table = tabular.open_table(source, known_headers=KNOWN)
    rows = list(table.rows)
    table.close()
    return table, rows


@pytest.mark.parametrize(("encoding", "bom", "delimiter"), [
    ("utf-8", False, ","), ("utf-8", True, ","), ("utf-8", True, ";"), ("cp1258", False, ","),
    ("cp1258", False, ";"), ("utf-16", False, "\t"),
])
def test_csv_in_every_encoding_offices_use_reads_the_same(encoding, bom, delimiter):
    table, rows = read(csv_bytes(ROWS, encoding=encoding, bom=bom, delimiter=delimiter))
    assert table.headers == ["Họ và tên", "Ngày sinh", "Chi bộ"]
    assert rows == [(2, ["Nguyễn Thị Hường", "17/01/1984", "Chi bộ Văn phòng"]),
                    (3, ["Trần Văn Đức", "2-3-1990", "Chi bộ Thanh tra"])]
    assert table.encoding == {"utf-8": "utf-8-sig", "cp1258": "cp1258", "utf-16": "utf-16"}[encoding]


def test_cp1258_bytes_are_the_code_page_s_own():
    # "Hường" in Windows-1258: H, ư (0xFD), ơ (0xF5), the grave tone as a combining mark (0xCC), n, g.
    assert to_cp1258("Hường") == b"H\xfd\xf5\xccng"


def test_the_header_is_found_below_titles_and_empty_rows_keep_their_numbers():
    table, rows = read(xlsx([["DANH SÁCH ĐẢNG VIÊN"], ["Ngày xuất: 01/01/2026"], [], *ROWS, [], ["Lê An"]]))
    assert table.header_row == 4
    assert [n for n, _v in rows] == [5, 6, 8]  # row 7 is empty: Excel stores nothing of it
    assert rows[0][1] == ["Nguyễn Thị Hường", "17/01/1984", "Chi bộ Văn phòng"]


def test_xlsx_cells_keep_their_types_and_formulas_are_marked():
    table, rows = read(xlsx([ROWS[0], ["An", datetime.datetime(1984, 1, 17), "=A1&B1"], ["Bình", 30700, 12.5]]))
    (_n, first), (_m, second) = rows
    assert first[:2] == ["An", datetime.datetime(1984, 1, 17)]
    assert isinstance(first[2], tabular.Formula) and first[2] == "=A1&B1"
    assert second == ["Bình", 30700, 12.5]


@pytest.mark.parametrize(("value", "expected"), [
    ("17/01/2024", D(2024, 1, 17)), ("17-1-2024", D(2024, 1, 17)), ("2024-01-17", D(2024, 1, 17)),
    ("17.01.2024", D(2024, 1, 17)), (" 7/1/2024 ", D(2024, 1, 7)), ("2024-01-17 00:00:00", D(2024, 1, 17)),
    (45308, D(2024, 1, 17)), (45308.0, D(2024, 1, 17)), ("45308", D(2024, 1, 17)),
    (datetime.datetime(2024, 1, 17, 0, 0), D(2024, 1, 17)), (D(2024, 1, 17), D(2024, 1, 17)), (None, None), ("  ", None),
])
def test_dates_as_offices_write_them(value, expected):
    assert tabular.parse_date(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("31/02/2024", "“31/02/2024” is not a date of the calendar."),
    ("hôm qua", "“hôm qua” is not a date: write it as day/month/year, e.g. 17/01/2024."),
    ("01/17/2024", "“01/17/2024” is not a date of the calendar."),
    (12.5, "12.5 is not a date: write it as day/month/year, e.g. 17/01/2024."),
    (3, "3 is not a date: write it as day/month/year, e.g. 17/01/2024."),
])
def test_what_is_not_a_date_is_said(english, value, message):
    with pytest.raises(tabular.BadValue) as excinfo:
        tabular.parse_date(value)
    assert str(excinfo.value) == message


def refusal(source, english=True) -> tuple[str, str]:
    with pytest.raises(RuleViolation) as excinfo:
        read(source)
    return excinfo.value.code, excinfo.value.messages[0]


def test_refusals_of_what_is_not_a_table(english, settings):
    assert refusal(io.BytesIO(b"")) == ("file_empty", "The file is empty.")
    assert refusal(io.BytesIO(tabular.OLE_MAGIC + b"\0" * 600)) == (
        "xls_not_supported", "This is an Excel 97-2003 file (.xls): open it in Excel and save it as .xlsx, then "
        "import that file.")
    assert refusal(io.BytesIO(b"PK\x03\x04 not really a zip")) == (
        "xlsx_broken", "The file is not a valid Excel workbook (.xlsx), or it is damaged: open it in Excel, save it "
        "again and import the saved file.")
    # Japanese in Shift-JIS: not UTF-8, and as Windows-1258 it reads as stray symbols.
    assert refusal(io.BytesIO("氏名,生年月日\n山田太郎,1980-01-02\n".encode("shift_jis"))) == (
        "encoding_unknown", "The file's characters could not be read: it is neither UTF-8 nor the Vietnamese "
        "Windows code page (Windows-1258). In Excel choose Save As, \"CSV UTF-8\", and import that file.")
    settings.DANGVU_IMPORT_MAX_BYTES = 1024 * 1024
    assert refusal(io.BytesIO(b"a" * (1024 * 1024 + 1))) == (
        "file_too_large", "The file is 1 MB; at most 1 MB can be imported. Split it into smaller files.")


def test_a_file_longer_than_the_cap_is_refused(english, settings):
    settings.DANGVU_IMPORT_MAX_ROWS = 5
    rows = [["Họ và tên", "Ngày sinh"]] + [[f"An {i}", "01/01/1980"] for i in range(16)]
    assert refusal(xlsx(rows)) == ("too_many_rows", "Sheet Danh sách has more than 5 rows; at most 5 can be "
                                                    "imported at once. Split it into smaller files.")
    assert refusal(csv_bytes(rows)) == ("too_many_rows", "Sheet CSV has more than 5 rows; at most 5 can be imported "
                                                         "at once. Split it into smaller files.")


def test_a_quote_left_open_in_a_csv_is_refused_with_its_row(english):
    source = io.BytesIO(b'Ho va ten,Ngay sinh\n"An,01/01/1980\n' + b"x" * (70 * 1024))
    assert refusal(source) == ("csv_broken", "Row 2 of the file is not a valid CSV row (a quote left open, or a "
                                             "cell longer than 65,536 characters).")
