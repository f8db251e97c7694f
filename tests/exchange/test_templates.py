"""Issue 11, item 1: Excel reporting templates. The file's shape (protected, typed input
cells, identifiers hidden), the round trip, every rejection with its words and its cell, one
bad cell among 10.000 writes nothing, hostile files (broken zip, zip bomb, formulas, wrong
types, a foreign workbook) refused with a clear message, memory bounded."""

from __future__ import annotations

import datetime
import io
import struct
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dangvu.core.errors import RuleViolation
from dangvu.core.models import AuditEntry
from dangvu.core.periods import parse
from dangvu.exchange import templates
from dangvu.plans import services
from dangvu.plans.models import Indicator, Result
from tests.support import enter, typed_catalog

Q = "2024Q1"
P = parse(Q)
# The quarterly form's entered indicators, in catalog order (committee A: a grassroots committee).
FORM = ["HN_CHUYEN_DE", "BUOI_THOI_SU", "HN_SO_KET", "TC_TU_KIEM_TRA", "DV_NEU_GUONG", "CB_CHUYEN_DE",
        "DV_NOI_CU_TRU", "TCCSD_QUAN_TRIET"]


@pytest.fixture
def inds(db):
    return typed_catalog()


def build(users, org, **kw) -> bytes:
    return templates.template_build(actor=kw.pop("actor", users.staff_a), organization=org, period=P, **kw)


def edit(data: bytes, changes: dict[tuple[str, str], object], *, sheet: str | None = None) -> bytes:
    """The template with cells changed, as a user saving it in Excel would."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet] if sheet else wb.worksheets[0]
    for (column, row), value in changes.items():
        ws[f"{column}{row}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(code: str) -> int:
    return templates.FIRST_ROW + FORM.index(code)


def check(users, data, actor=None, **kw):
    return templates.template_check(actor=actor or users.staff_a, data=data, period=kw.pop("period", P),
                                    organization=kw.pop("organization", None), **kw)


def stored() -> dict:
    return {(r.indicator.code, r.organization.code): (r.value, r.comment)
            for r in Result.objects.select_related("indicator", "organization") if r.value is not None or r.comment}


# The file

def test_the_template_shows_the_form_with_protected_sheets_typed_inputs_and_hidden_identifiers(tree, users, inds,
                                                                                               english):
    from tests.support import make_plan, target

    plan = make_plan(tree.bloc, "KH-2024", "2024")
    target(plan, inds["DV_NEU_GUONG"], 40, organization=tree.committee_a, period="2024")
    enter(inds["DV_NEU_GUONG"], tree.committee_a, Q, 12, comment="đã xong")
    wb = load_workbook(io.BytesIO(build(users, tree.committee_a)))
    assert wb.sheetnames == ["Đảng bộ Sở Tài chính", "_dangvu"]
    ws, meta = wb.worksheets
    assert meta.sheet_state == "veryHidden"
    assert ws.protection.sheet and wb.security.lockStructure
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=6)]
    assert rows[0] == ["No.", "Indicator", "Unit", "Assigned level", "Figure of the period", "Comment"]
    assert rows[1] == [1, "Hội nghị chuyên đề", "hội nghị", None, None, None]
    k = row_of("DV_NEU_GUONG")
    assert [ws.cell(row=k, column=c).value for c in range(2, 7)] == [
        "Đảng viên đăng ký nêu gương", "đảng viên", "≥ 40 (Year 2024)", 12, "đã xong"]
    # Only the input cells are unlocked, typed by data validation.
    assert [ws.cell(row=k, column=c).protection.locked for c in range(1, 7)] == [True] * 4 + [False] * 2
    kinds = {dv.type: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert kinds["whole"] == " ".join(f"E{row_of(c)}" for c in FORM)
    assert kinds["textLength"] == " ".join(f"F{row_of(c)}" for c in FORM)
    # No indicator code in a visible sheet.
    codes = set(Indicator.objects.values_list("code", flat=True))
    seen = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert not seen & codes
    assert any(c in codes for row in meta.iter_rows(values_only=True) for c in row)


def test_a_committee_gets_one_sheet_per_unit_or_one_sheet_with_a_row_per_unit(tree, users, inds):
    data = build(users, tree.bloc, actor=users.bloc_admin, all_units=True)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế", "Chi bộ Báo Kiên Giang", "_dangvu"]
    wide = load_workbook(io.BytesIO(build(users, tree.bloc, actor=users.bloc_admin, all_units=True,
                                          layout=templates.ONE_SHEET)))
    ws = wide.worksheets[0]
    assert [ws.cell(row=r, column=2).value for r in range(5, 8)] == [
        "Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế", "Chi bộ Báo Kiên Giang"]
    assert ws.cell(row=4, column=3).value == "Hội nghị chuyên đề (hội nghị)"
    filled = edit(build(users, tree.bloc, actor=users.bloc_admin, all_units=True, layout=templates.ONE_SHEET),
                  {("C", 6): 4})
    s = templates.template_import(actor=users.bloc_admin, data=filled, period=P, organization=tree.bloc)
    assert (s.imported, s.conflicts) == (1, [])
    assert stored() == {("HN_CHUYEN_DE", "DB-SYT"): (Decimal(4), "")}


def test_a_unit_with_nothing_to_enter_gets_no_template(tree, users, inds, english):
    with pytest.raises(RuleViolation) as exc:
        templates.template_build(actor=users.staff_a, organization=tree.committee_a, period=parse("2024"))
    assert (exc.value.messages, exc.value.code) == (
        ["Đảng bộ Sở Tài chính has no figure to enter for Year 2024."], "template_nothing")


# Round trip

def test_download_fill_in_upload_and_the_same_file_again_changes_nothing(tree, users, inds):
    enter(inds["DV_NEU_GUONG"], tree.committee_a, Q, 12, comment="cũ")
    enter(inds["CB_CHUYEN_DE"], tree.committee_a, Q, 5)
    data = build(users, tree.committee_a)
    untouched = check(users, data)
    assert (untouched.conflicts, {c.status for c in untouched.changes}) == ([], {"unchanged"})
    filled = edit(data, {("E", row_of("HN_CHUYEN_DE")): 3, ("E", row_of("DV_NEU_GUONG")): 13,
                         ("F", row_of("DV_NEU_GUONG")): "mới", ("E", row_of("CB_CHUYEN_DE")): None,
                         ("E", row_of("HN_SO_KET")): "1.234"})  # text as Vietnamese write it
    dry = check(users, filled)
    assert sorted((c.indicator.code, c.status, c.value, c.comment) for c in dry.changes if c.status != "unchanged") == [
        ("CB_CHUYEN_DE", "changed", None, ""), ("DV_NEU_GUONG", "changed", Decimal(13), "mới"),
        ("HN_CHUYEN_DE", "new", Decimal(3), ""), ("HN_SO_KET", "new", Decimal(1234), "")]
    assert stored() == {("DV_NEU_GUONG", "DB-STC"): (Decimal(12), "cũ"), ("CB_CHUYEN_DE", "DB-STC"): (Decimal(5), "")}
    done = templates.template_import(actor=users.staff_a, data=filled, period=P, organization=tree.committee_a)
    assert (done.imported, done.updated, done.written) == (2, 2, True)
    assert stored() == {("DV_NEU_GUONG", "DB-STC"): (Decimal(13), "mới"), ("HN_CHUYEN_DE", "DB-STC"): (Decimal(3), ""),
                        ("HN_SO_KET", "DB-STC"): (Decimal(1234), "")}
    audit = AuditEntry.objects.count()
    again = templates.template_import(actor=users.staff_a, data=filled, period=P, organization=tree.committee_a)
    assert (again.imported, again.updated, again.deleted, AuditEntry.objects.count()) == (0, 0, 0, audit)
    # Downloaded again, the template holds what was imported: export -> import is identity.
    second = check(users, build(users, tree.committee_a))
    assert {c.status for c in second.changes} == {"unchanged"}


# Rejections: each with its words and its cell

def _tamper_meta(data: bytes, column: int, value) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    wb[templates.META].cell(row=2, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_each_rejection_names_sheet_row_column_and_why(tree, users, inds, english):
    data = build(users, tree.committee_a)
    e = lambda code: ("E", row_of(code))  # noqa: E731
    cases = [
        ({e("HN_CHUYEN_DE"): "mười"}, "E5", "“Hội nghị chuyên đề”: “mười” is not a number: write it "
         "as 1,234.5.", "not_a_number"),
        ({e("HN_CHUYEN_DE"): -2}, "E5", "“Hội nghị chuyên đề”: A count cannot be negative.",
         "count_negative"),
        ({e("HN_CHUYEN_DE"): 2.5}, "E5", "“Hội nghị chuyên đề”: A count is a whole number.",
         "count_whole"),
        ({e("HN_CHUYEN_DE"): "=1+1"}, "E5", "a formula is not accepted: type the figure itself.",
         "template_formula"),
        ({e("HN_CHUYEN_DE"): datetime.datetime(2024, 1, 2)}, "E5", "a date is not a figure: type a number.",
         "template_wrong_type"),
        ({e("HN_CHUYEN_DE"): True}, "E5", "a yes/no value is not a figure.", "template_wrong_type"),
        ({("F", 5): "x" * 501}, "F5", "A comment has at most 500 characters; this one has 501.", "comment_too_long"),
    ]
    for changes, cell, words, code in cases:
        s = check(users, edit(data, changes))
        where = f"Sheet “Đảng bộ Sở Tài chính”, row 5, column {cell[0]}"
        assert [(p.where, p.message, p.code) for p in s.conflicts] == [(where, words, code)], changes
        assert str(s.conflicts[0]) == f"{where}: {words}"
        written = templates.template_import(actor=users.staff_a, data=edit(data, changes), period=P)
        assert (written.written, stored()) == (False, {})


def test_a_template_of_another_period_is_refused(tree, users, inds, english):
    with pytest.raises(RuleViolation) as exc:
        check(users, build(users, tree.committee_a), period=parse("2024Q2"))
    assert (exc.value.messages, exc.value.code) == (
        ["This template is for Quarter I/2024, not for Quarter II/2024: download the template of Quarter II/2024."],
        "template_wrong_period")


def test_a_locked_period_is_refused(tree, users, inds, english):
    data = edit(build(users, tree.committee_a), {("E", 5): 1})
    services.return_submit(actor=users.staff_a, organization=tree.committee_a, period=Q)
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period=Q)
    s = check(users, data)
    assert {str(p) for p in s.conflicts} == {
        f"Sheet “Đảng bộ Sở Tài chính”, row {r}, column E: Đảng bộ Sở Tài chính: The report of Đảng bộ Sở Tài chính "
        "for 2024Q1 is approved and locked; a higher level must reopen it first." for r in range(5, 13)}


def test_a_unit_outside_the_scope_is_refused(tree, users, inds, english):
    data = edit(build(users, tree.bloc, actor=users.bloc_admin, all_units=True), {("E", 5): 1},
                sheet="Đảng bộ Sở Y tế")
    s = check(users, data)  # staff of committee A
    outside = [str(p) for p in s.conflicts if "Y tế" in p.where]
    assert outside[0] == ("Sheet “Đảng bộ Sở Y tế”, row 5, column E: Đảng bộ Sở Y tế: You may not change records "
                          "outside your organization.")
    assert len(outside) == 8
    s = check(users, data, organization=tree.committee_a)
    assert str(s.conflicts[-1]) == ("Sheet “Chi bộ Báo Kiên Giang”, row 12, column E: Chi bộ Báo Kiên Giang is not "
                                    "under Đảng bộ Sở Tài chính.")


def test_identifiers_that_match_nothing_are_refused_without_showing_them(tree, users, inds, english):
    data = build(users, tree.committee_a)
    s = check(users, _tamper_meta(data, 6, "KHONG_CO"))
    assert [str(p) for p in s.conflicts] == [
        "Sheet “Đảng bộ Sở Tài chính”, row 5, column E: this cell is about an indicator that is no longer in the "
        "catalog: download the template again."]
    s = check(users, _tamper_meta(data, 4, 999999))
    assert [str(p) for p in s.conflicts] == [
        "Sheet “Đảng bộ Sở Tài chính”, row 5, column E: this cell is about a unit that is no longer recorded: "
        "download the template again."]


def test_one_bad_cell_among_ten_thousand_good_ones_writes_nothing(tree, users, inds, english):
    """A template of 10.000 input cells built in memory (write-only openpyxl): 1.000
    indicators × 10 units; the last cell is negative."""
    Indicator.objects.bulk_create([Indicator(code=f"X{i:04d}", name=f"Chỉ tiêu {i}", sort_order=1000 + i)
                                   for i in range(1000)])
    units = [o for o in tree.all() if o != tree.province]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Số liệu")
    meta = wb.create_sheet(templates.META)
    meta.append([templates.MAGIC, Q, tree.bloc.pk, templates.PER_UNIT])
    for _ in range(4):
        ws.append([])
    n = 0
    for org in units:
        for i in range(1000):
            n += 1
            ws.append([n, f"Chỉ tiêu {i}", "", "", -1 if n == 10000 else n % 97])
            meta.append(["Số liệu", 4 + n, 5, org.pk, Q, f"X{i:04d}", "value"])
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    tracemalloc.start()
    s = templates.template_import(actor=users.bloc_admin, data=data, period=P, organization=tree.bloc)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [str(p) for p in s.conflicts] == [
        "Sheet “Số liệu”, row 10004, column E: “Chỉ tiêu 999”: A count cannot be negative."]
    assert (len(s.changes), s.written, Result.objects.count()) == (9999, False, 0)
    print(f"10.000-cell template: {len(data)} bytes, peak traced memory {peak / 1e6:.1f} MB")
    assert peak < 80e6


# Hostile files: a clear message, no crash

DAMAGED = ("The file cannot be read as an Excel workbook (.xlsx): it is damaged or of another kind. Save it again "
           "from Excel as “Excel Workbook (.xlsx)”.")


def refused(users, data) -> tuple[str, str]:
    with pytest.raises(RuleViolation) as exc:
        check(users, data)
    return exc.value.messages[0], exc.value.code


def zip_bomb() -> bytes:
    """A tiny zip whose one member declares 4 GB unpacked (the sizes patched in the local
    header and the central directory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * 1000)
    data = bytearray(out.getvalue())
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 0xFFFFFFF0)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0xFFFFFFF0)
    return bytes(data)


def test_hostile_files(tree, users, inds, english, settings):
    assert refused(users, b"") == (DAMAGED, "template_unreadable")
    assert refused(users, b"PK\x03\x04 not really a zip") == (DAMAGED, "template_unreadable")
    assert refused(users, build(users, tree.committee_a)[:-200]) == (DAMAGED, "template_unreadable")  # cut short
    bomb = zip_bomb()
    assert len(bomb) < 300
    tracemalloc.start()
    assert refused(users, bomb) == ("The file would unpack to 4,294,967,280 bytes, more than the 209,715,200 "
                                    "accepted: it is not a reporting template.", "template_too_large")
    assert tracemalloc.get_traced_memory()[1] < 1e6
    tracemalloc.stop()
    # A zip, not a workbook.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    assert refused(users, out.getvalue()) == (DAMAGED, "template_unreadable")
    # A workbook, not a template.
    wb = Workbook()
    wb.active["A1"] = "Báo cáo"
    out = io.BytesIO()
    wb.save(out)
    assert refused(users, out.getvalue()) == (
        "This file is not a dangvu reporting template (or its hidden part was changed): download the template "
        "again and fill that in.", "template_not_ours")
    # Too large a file.
    settings.DANGVU_IMPORT_MAX_BYTES = 1000
    assert refused(users, build(users, tree.committee_a)) [1] == "file_too_large"


def test_a_member_unpacking_to_more_than_it_declares_is_a_damaged_file(tree, users, inds, english):
    """The declared size lies low: zipfile stops at it and the checksum fails."""
    data = build(users, tree.committee_a)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info.filename))
    patched = bytearray(out.getvalue())
    name = b"xl/worksheets/sheet1.xml"
    at = patched.find(b"PK\x01\x02" + bytes(24))  # never found: patch by the member's name instead
    at = patched.rfind(name) - 46
    assert patched[at:at + 4] == b"PK\x01\x02"
    struct.pack_into("<I", patched, at + 24, 100)
    local = patched.find(name) - 30
    struct.pack_into("<I", patched, local + 22, 100)
    assert refused(users, bytes(patched)) == (DAMAGED, "template_unreadable")


def test_messages_are_vietnamese(tree, users, inds):
    data = edit(build(users, tree.committee_a), {("E", 5): -1})
    with translation.override("vi"):
        s = check(users, data)
    assert [str(p) for p in s.conflicts] == [
        "Trang “Đảng bộ Sở Tài chính”, dòng 5, cột E: “Hội nghị chuyên đề”: Số lượng không được là số âm."]


def test_a_sheet_of_a_million_rows_is_read_only_down_to_the_template_rows(tree, users, inds, english):
    """A million rows typed below the form (the sheet's XML grown to ~40 MB, the file to
    7,5 MB): the reader stops at the last row the hidden sheet names."""
    import time

    data = edit(build(users, tree.committee_a), {("E", 5): 2})
    src = zipfile.ZipFile(io.BytesIO(data))
    sheet = src.read("xl/worksheets/sheet1.xml")
    filler = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(20, 1_000_020))
    grown = sheet.replace(b"</sheetData>", filler + b"</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, grown if info.filename == "xl/worksheets/sheet1.xml" else src.read(info))
    big = out.getvalue()
    del filler, grown
    tracemalloc.start()
    started = time.perf_counter()
    s = check(users, big)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert ([c.indicator.code for c in s.changes if c.status == "new"], s.conflicts) == (["HN_CHUYEN_DE"], [])
    print(f"a million rows: {len(big)} bytes, read in {seconds:.2f} s, peak traced memory {peak / 1e6:.1f} MB")
    assert peak < 20e6 and seconds < 10
