"""Hostile and damaged uploads: zip bombs, a sheet declaring a million rows, broken zips and
XML, wrong encodings, formulas, and Hypothesis fuzzing of the readers and of the row checks.
Every one ends in a clear refusal (a RuleViolation with its code) or a summary, never another
exception, and reading stays within a bounded memory (tracemalloc, below)."""

from __future__ import annotations

import datetime
import io
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation
from dangvu.exchange import registers, tabular
from dangvu.members.models import Member
from tests.exchange.helpers import xlsx

KNOWN = registers.known_headers("members")
HEADER = ["Họ và tên", "Giới tính", "Ngày sinh", "Chi bộ", "Ngày vào Đảng", "Số CCCD"]
# What reading any file may cost at most, measured by tracemalloc (Python's allocations): the
# rows are streamed, so this holds for any number of rows (see the 20.000-row case).
MEMORY_BOUND = 16 * 1024 * 1024


def consume(source) -> tuple[str, int]:
    """("ok", rows) or (refusal code, 0): reading the whole file."""
    try:
        table = tabular.open_table(source, known_headers=KNOWN)
        n = sum(1 for _row in table.rows)
        table.close()
        return "ok", n
    except RuleViolation as exc:
        assert exc.messages and exc.code
        return exc.code, 0


def peak(source) -> tuple[str, int, int]:
    tracemalloc.start()
    try:
        outcome, rows = consume(source)
        return outcome, rows, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def parts_of(book: io.BytesIO) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as z:
        return {name: z.read(name) for name in z.namelist()}


def rezip(parts: dict[str, bytes], **extra: bytes) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in {**parts, **extra}.items():
            z.writestr(name, data)
    out.seek(0)
    return out


SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
         '2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>')


def with_sheet(rows_xml: str, dimension: str = "") -> io.BytesIO:
    parts = parts_of(xlsx([["x"]]))
    parts["xl/worksheets/sheet1.xml"] = SHEET.format(dimension=dimension, rows=rows_xml).encode()
    return rezip(parts)


def inline_row(r: int, *values: str) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{r}">{cells}</row>'


def test_a_zip_bomb_is_refused_by_its_declared_size_before_anything_is_inflated(settings, english):
    settings.DANGVU_IMPORT_MAX_BYTES = 200_000  # inflated parts may total 30 times that: 6 MB
    bomb = rezip(parts_of(xlsx([HEADER])), **{"xl/media/image1.png": b"\0" * 7_000_000})
    assert len(bomb.getvalue()) < 200_000
    outcome, rows, used = peak(bomb)
    assert outcome == "xlsx_too_large"
    assert used < 1_000_000  # nothing was inflated
    with pytest.raises(RuleViolation) as excinfo:
        tabular.open_table(bomb)
    assert excinfo.value.messages == [
        "The workbook declares 6.7 MB once uncompressed, more than the 5.7 MB an import reads: it is not an "
        "ordinary register. Save the data alone in a new workbook and import that."]


def test_shared_strings_beyond_their_cap_are_refused(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_PART_BYTES", 1_000_000)
    parts = parts_of(xlsx([HEADER]))
    parts["xl/sharedStrings.xml"] = parts.get("xl/sharedStrings.xml", b"") + b" " * 1_000_001
    assert consume(rezip(parts))[0] == "xlsx_too_large"


def test_a_sheet_declaring_a_million_rows_is_read_as_the_rows_it_holds():
    rows = inline_row(1, *HEADER) + inline_row(2, "An", "Nam")
    outcome, n, used = peak(with_sheet(rows, '<dimension ref="A1:XFD1048576"/>'))
    assert (outcome, n) == ("ok", 1)
    assert used < MEMORY_BOUND


def test_a_row_numbered_a_million_is_refused_without_reading_the_gap():
    rows = inline_row(1, *HEADER) + inline_row(1048576, "An", "Nam")
    outcome, _n, used = peak(with_sheet(rows))
    assert outcome == "too_many_rows" and used < MEMORY_BOUND


def test_a_cell_in_the_last_column_is_left_out():
    rows = inline_row(1, *HEADER) + '<row r="2"><c r="XFD2" t="inlineStr"><is><t>far</t></is></c></row>'
    table = tabular.open_table(with_sheet(rows), known_headers=KNOWN)
    assert [v for _number, values in table.rows for v in values if v is not None] == []
    table.close()


def _zero_part(data: bytes, name: str) -> bytes:
    """`data` with the compressed bytes of its part `name` zeroed."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return data[:start] + bytes(info.compress_size) + data[start + info.compress_size:]


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated
    lambda data: _zero_part(data, "xl/worksheets/sheet1.xml"),  # the sheet's data zeroed
    lambda data: _zero_part(data, "xl/workbook.xml"),
])
def test_a_damaged_workbook_is_refused(damage):
    data = xlsx([HEADER, ["An", "Nam"]]).getvalue()
    assert consume(io.BytesIO(damage(data)))[0] == "xlsx_broken"


@pytest.mark.parametrize("sheet", [
    "<worksheet><sheetData><row><c><v>1</c></row>",  # not closed
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>",
    "<worksheet><sheetData><row><c t=\"s\"><v>99999</v></c></row></sheetData></worksheet>",  # no such string
])
def test_a_broken_or_entity_laden_sheet_is_refused(sheet):
    parts = parts_of(xlsx([["x"]]))
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    assert consume(rezip(parts))[0] == "xlsx_broken"


def test_binary_data_posing_as_a_csv_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    assert consume(io.BytesIO(png))[0] == "encoding_unknown"


def test_a_formula_in_a_csv_is_refused_in_its_cell(tree, english):
    source = io.BytesIO("Họ và tên,Giới tính,Ngày sinh,Chi bộ,Ngày vào Đảng\n"
                        "=1+1,Nam,01/01/1980,Chi bộ Văn phòng,17/01/2015\n".encode())
    summary = registers.run(actor=SYSTEM, kind="members", scope=tree.bloc, source=source, dry_run=False)
    assert [str(p) for p in summary.refused] == [
        "Sheet CSV, row 2, column A (Họ và tên): The cell holds a formula (=1+1): an import takes values only. Copy "
        "the column and paste it back as values."]
    assert Member.objects.count() == 0


def test_reading_twenty_thousand_rows_stays_within_the_bound():
    rows = [HEADER] + [[f"Nguyễn Văn {i}", "Nam", datetime.date(1980, 1, 2), "Chi bộ Văn phòng", "17/01/2015",
                        f"{i:012d}"] for i in range(20000)]
    book = xlsx(rows)
    outcome, n, used = peak(book)
    assert (outcome, n) == ("ok", 20000)
    assert used < MEMORY_BOUND, used


# --- Hypothesis ------------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
VALID = xlsx([HEADER, ["An", "Nam", datetime.date(1980, 1, 2), "Chi bộ Văn phòng", "17/01/2015", "1"]]).getvalue()


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_are_read_or_refused(data):
    assert consume(io.BytesIO(data))[0] in {"ok", "file_empty", "encoding_unknown", "csv_broken", "csv_binary",
                                            "xlsx_broken", "xls_not_supported", "csv_encoding_broken"}


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_workbook_with_bytes_changed_is_read_or_refused(changes):
    data = bytearray(VALID)
    for index, value in changes:
        data[index] = value
    assert consume(io.BytesIO(bytes(data)))[0] in {"ok", "xlsx_broken", "xlsx_too_large", "encoding_unknown",
                                                   "csv_broken", "csv_binary", "csv_encoding_broken", "file_empty"}


@FUZZ
@given(st.text(max_size=500), st.sampled_from([",", ";", "\t"]))
def test_any_text_in_a_csv_is_read_or_refused(text, delimiter):
    data = text.replace(",", delimiter).encode("utf-8", errors="surrogatepass")
    assert consume(io.BytesIO(data))[0] in {"ok", "file_empty", "csv_broken", "csv_binary", "encoding_unknown",
                                            "csv_encoding_broken"}


CELL = st.one_of(st.none(), st.text(max_size=40), st.integers(-10**15, 10**15), st.floats(allow_nan=True),
                 st.dates(), st.datetimes(), st.booleans(), st.sampled_from(["Nam", "Nữ", "Chi bộ Văn phòng",
                                                                             "17/01/2015", "31/02/2015", "=1+1"]))


@FUZZ
@given(st.lists(st.lists(CELL, min_size=0, max_size=8), min_size=1, max_size=5))
def test_any_cells_give_a_summary_never_an_error(tree, english, rows):
    table = tabular.Table(kind="xlsx", sheet="S", header_row=1, headers=HEADER,
                          rows=iter([(i + 2, [tabular.Formula(v) if v == "=1+1" else v for v in r])
                                     for i, r in enumerate(rows)]))
    mapping = {0: "full_name", 1: "gender", 2: "birth_date", 3: "organization", 4: "admission_decision_date",
               5: "citizen_id"}
    summary = registers.members_import(actor=SYSTEM, scope=tree.bloc, table=table, mapping=mapping, dry_run=True)
    assert summary.rows + summary.refused_count >= 0
    assert all(p.message for p in summary.refused)
