"""The workbook read by calamine in a child process (``tabular._fast_rows``): the same rows as
the streaming reader, and every file it should not read sent to the streaming reader."""

from __future__ import annotations

import datetime
import os

import pytest
from openpyxl import Workbook

from dangvu.core.errors import RuleViolation
from dangvu.exchange import tabular
from dangvu.exchange.registers import known_headers
from tests.exchange.helpers import xlsx
from tests.exchange.test_hostile import HEADER, inline_row, with_sheet

KNOWN = known_headers("members")
VARIED = [
    ["DANH SÁCH ĐẢNG VIÊN"],
    [],
    ["Họ và tên", "Ngày sinh", "Chi bộ", "Số CCCD", "Số thẻ", "Ghi chú", "Chính thức"],
    ["Nguyễn Thị Hường", datetime.datetime(1984, 1, 17), "CB-01", "091000000001", 10000001, 12.5, True],
    ["Trần Văn Đức", "2-3-1990", "CB-02", 91000000002, None, "", False],
    [None, None, None, None, None, None, None],
    ["Lê An", datetime.datetime(1990, 3, 2, 10, 30), "CB-01", "", 0, -3, None],
]


def read(source) -> tuple[tabular.Table, list]:
    table = tabular.open_table(source, known_headers=KNOWN)
    rows = list(table.rows)
    table.close()
    return table, rows


def streaming(monkeypatch, source):
    """What the streaming reader alone gives for `source`."""
    with monkeypatch.context() as patch:
        patch.setattr(tabular, "_fast_rows", lambda *args: None)
        return read(source)


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """The children forked while the test runs."""
    pids, real = [], os.fork

    def fork():
        pid = real()
        if pid:
            pids.append(pid)
        return pid
    monkeypatch.setattr(os, "fork", fork)
    return pids


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def fast_only(monkeypatch):
    """The streaming reader made to fail: what is read was read by the child."""
    def refuse(*args):
        raise AssertionError("the streaming reader was used")
    monkeypatch.setattr(tabular, "_sheet_rows", refuse)


def test_the_child_reads_what_the_streaming_reader_reads(monkeypatch):
    expected_table, expected = streaming(monkeypatch, xlsx(VARIED))
    fast_only(monkeypatch)
    table, rows = read(xlsx(VARIED))
    assert expected[2] == (6, [])  # a row written empty: the streaming reader gives it, the child does not
    assert rows == expected[:2] + expected[3:]
    assert (table.header_row, table.headers, table.sheet) == (
        expected_table.header_row, expected_table.headers, expected_table.sheet)
    assert rows == [
        (4, ["Nguyễn Thị Hường", datetime.datetime(1984, 1, 17), "CB-01", "091000000001", 10000001, 12.5, True]),
        (5, ["Trần Văn Đức", "2-3-1990", "CB-02", 91000000002, None, None, False]),
        (7, ["Lê An", datetime.datetime(1990, 3, 2, 10, 30), "CB-01", None, 0, -3]),
    ]


def test_a_sheet_starting_at_c3_keeps_its_columns_and_row_numbers(monkeypatch):
    wb = Workbook()
    ws = wb.active
    ws["C3"], ws["D3"], ws["E3"] = "Họ và tên", "Ngày sinh", "Chi bộ"
    ws["C4"], ws["E4"] = "An", "CB-01"
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"dangvu-c3-{os.getpid()}.xlsx")
    wb.save(path)
    try:
        _table, expected = streaming(monkeypatch, path)
        fast_only(monkeypatch)
        table, rows = read(path)  # a path: the child opens the file again, on its own offset
    finally:
        os.unlink(path)
    assert rows == expected == [(4, [None, None, "An", None, "CB-01"])]
    assert table.headers == ["", "", "Họ và tên", "Ngày sinh", "Chi bộ"]


@pytest.mark.parametrize("cell", ['<c r="B2"><f>1+1</f><v>2</v></c>', '<c r="B2" t="e"><v>#N/A</v></c>'])
def test_a_formula_or_an_error_cell_is_read_by_the_streaming_reader(cell):
    source = with_sheet(inline_row(1, *HEADER) + f'<row r="2"><c r="A2" t="inlineStr"><is><t>An</t></is></c>{cell}'
                                                 '</row>')
    _table, rows = read(source)
    value = rows[0][1][1]
    assert (type(value), value) in {(tabular.Formula, "=1+1"), (str, "#N/A")}


def test_a_sheet_too_wide_for_memory_ends_the_child_not_the_server(english, forks):
    # calamine would lay out A1:XFD1048576 (half a terabyte): the child dies on its cap, and
    # the streaming reader refuses the file by its rows.
    source = with_sheet(inline_row(1, *HEADER) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    with pytest.raises(RuleViolation) as excinfo:
        read(source)
    assert excinfo.value.code == "too_many_rows"
    assert excinfo.value.messages == ["Sheet Danh sách has more than 200,000 rows; at most 200,000 can be imported "
                                      "at once. Split it into smaller files."]
    assert len(forks) == 1 and reaped(forks[0])  # the child was waited for: nothing left behind


def test_rows_past_the_cap_are_refused_by_the_child(settings, monkeypatch):
    settings.DANGVU_IMPORT_MAX_ROWS = 5
    fast_only(monkeypatch)
    with pytest.raises(RuleViolation) as excinfo:
        read(xlsx([["Họ và tên", "Chi bộ"], *[[f"An {i}", "CB-01"] for i in range(20)]]))
    assert excinfo.value.code == "too_many_rows"


def test_a_table_left_half_read_stops_its_child(monkeypatch, forks):
    fast_only(monkeypatch)
    table = tabular.open_table(xlsx([["Họ và tên", "Chi bộ"], *[[f"An {i}", "CB-01"] for i in range(5000)]]),
                               known_headers=KNOWN)
    assert next(table.rows) == (2, ["An 0", "CB-01"])
    assert not reaped(forks[0])  # still sending rows
    table.close()
    assert reaped(forks[0])
