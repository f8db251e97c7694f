"""Issue 11, item 3: units' figures in and out by codes (JSON, CSV), DHIS2's dataValueSets
style: strategies, dry run, a summary with each conflict's reason, idempotent re-import,
locked periods refused, all or nothing, the CLI."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from dangvu.core.errors import RuleViolation
from dangvu.core.models import AuditEntry
from dangvu.exchange import results
from dangvu.exchange.results import Entry
from dangvu.plans import services
from dangvu.plans.models import Result
from tests.support import enter, typed_catalog

Q = "2024Q1"


@pytest.fixture
def inds(db):
    return typed_catalog()


@pytest.fixture
def filled(tree, inds):
    """Values of committees A and B and the grassroots cell for the first quarter of 2024."""
    enter(inds["HN_CHUYEN_DE"], tree.committee_a, Q, 3)
    enter(inds["DV_NEU_GUONG"], tree.committee_a, Q, 12, comment="Có 2 đảng viên vi phạm, đã xử lý")
    enter(inds["DOANH_THU"], tree.committee_a, Q, Decimal("1234.5"))
    enter(inds["HN_CHUYEN_DE"], tree.committee_b, Q, 0)
    enter(inds["CB_CHUYEN_DE"], tree.grassroots_cell, Q, 7, comment='dấu "ngoặc", dấu phẩy')
    return inds


def stored() -> dict:
    return {(r.indicator.code, r.organization.code, r.period): (r.value, r.comment)
            for r in Result.objects.select_related("indicator", "organization")
            if r.value is not None or r.comment}


def entry(ind="HN_CHUYEN_DE", org="DB-STC", period=Q, value="5", comment="", where="Line 2") -> Entry:
    return Entry(where, ind, org, period, value, comment)


# Round trips

@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_gives_the_same_data_and_a_second_import_changes_nothing(tree, users, filled, fmt):
    before = stored()
    rows = results.results_export(actor=users.bloc_admin, organization=tree.bloc, period=Q)
    assert len(rows) == 5
    text = results.to_json(rows) if fmt == "json" else results.to_csv(rows)
    read = results.read_json if fmt == "json" else results.read_csv
    # Clear every value (strategy delete), then import the export into the empty unit.
    cleared = results.results_import(actor=users.bloc_admin, entries=read(text.encode()), strategy=results.DELETE)
    assert (cleared.deleted, cleared.written, stored()) == (5, True, {})
    back = results.results_import(actor=users.bloc_admin, entries=read(text.encode()), strategy=results.CREATE)
    assert (back.imported, back.updated, back.ignored, back.conflicts) == (5, 0, 0, [])
    assert stored() == before
    assert results.results_export(actor=users.bloc_admin, organization=tree.bloc, period=Q) == rows
    audit_rows = AuditEntry.objects.count()
    again = results.results_import(actor=users.bloc_admin, entries=read(text.encode()))
    assert (again.imported, again.updated, again.ignored, again.conflicts) == (0, 0, 5, [])
    assert AuditEntry.objects.count() == audit_rows  # nothing written, not even an audit row
    assert stored() == before


def test_the_json_export_is_keyed_by_codes_with_machine_numbers(tree, users, filled):
    doc = json.loads(results.to_json(results.results_export(actor=users.bloc_admin, organization=tree.committee_a,
                                                            period=Q)))
    assert doc["dataValues"] == [
        {"indicator": "HN_CHUYEN_DE", "organization": "DB-STC", "period": Q, "value": "3", "comment": ""},
        {"indicator": "DV_NEU_GUONG", "organization": "DB-STC", "period": Q, "value": "12",
         "comment": "Có 2 đảng viên vi phạm, đã xử lý"},
        {"indicator": "DOANH_THU", "organization": "DB-STC", "period": Q, "value": "1234.5", "comment": ""},
    ]


def test_an_export_holds_only_what_the_actor_sees(tree, users, filled):
    rows = results.results_export(actor=users.staff_a, organization=tree.committee_a, period=Q)
    assert {r["organization"] for r in rows} == {"DB-STC"}
    from dangvu.core.errors import NotFound

    with pytest.raises(NotFound):
        results.results_export(actor=users.staff_a, organization=tree.committee_b, period=Q)


# Strategies

def test_the_strategies(tree, users, filled):
    actor = users.bloc_admin
    new, old = entry(ind="HN_SO_KET", value="2"), entry(value="4")  # HN_CHUYEN_DE of A is 3
    s = results.results_import(actor=actor, entries=[new, old], strategy=results.CREATE, dry_run=True)
    assert [(c.status, c.reason) for c in s.changes] == [
        ("new", ""), ("ignored", "Đã có giá trị được ghi; cách nhập “create” giữ nguyên giá trị đó.")]
    s = results.results_import(actor=actor, entries=[new, old], strategy=results.UPDATE, dry_run=True)
    assert [(c.status, c.reason) for c in s.changes] == [
        ("ignored", "Chưa có giá trị nào được ghi; cách nhập “update” không thêm giá trị mới."), ("changed", "")]
    assert stored()[("HN_CHUYEN_DE", "DB-STC", Q)] == (Decimal(3), "")  # a dry run writes nothing
    s = results.results_import(actor=actor, entries=[new, old], strategy=results.CREATE_AND_UPDATE)
    assert (s.imported, s.updated, s.ignored, s.written) == (1, 1, 0, True)
    assert stored()[("HN_CHUYEN_DE", "DB-STC", Q)] == (Decimal(4), "")
    s = results.results_import(actor=actor, entries=[entry(ind="BUOI_THOI_SU"), old], strategy=results.DELETE)
    assert (s.deleted, s.ignored) == (1, 1)
    assert ("HN_CHUYEN_DE", "DB-STC", Q) not in stored()
    assert s.as_dict() == {"status": "SUCCESS", "strategy": "delete", "dry_run": False, "written": True,
                           "imported": 0, "updated": 0, "deleted": 1, "ignored": 1, "conflicts": []}


def test_an_unknown_strategy_is_refused(tree, users, inds, english):
    with pytest.raises(RuleViolation) as exc:
        results.results_import(actor=users.bloc_admin, entries=[], strategy="merge")
    assert (exc.value.messages, exc.value.code) == (
        ["Unknown import strategy “merge”: use create, update, create_and_update, delete."], "strategy_unknown")


# Conflicts: each rejection with its words; one of them and nothing is written

def lock_a(tree, users):
    services.return_submit(actor=users.staff_a, organization=tree.committee_a, period=Q)
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period=Q)


REJECTIONS = [
    ("unknown indicator", dict(ind="NOPE"), "Unknown indicator code “NOPE”.", "indicator_unknown"),
    ("unknown unit", dict(org="XX"), "Unknown organization code “XX”.", "organization_unknown"),
    ("bad period", dict(period="2024Q5"),
     "“2024Q5” is not a period: write 2023, 2023H1, 2023Q3, 2023-05 or 2020-2025.", "period_format"),
    ("computed", dict(ind="KET_NAP"), "“Kết nạp đảng viên mới” is computed from records and cannot be entered.",
     "indicator_not_entered"),
    ("outside the scope", dict(org="DB-SYT"),
     "Đảng bộ Sở Y tế: You may not change records outside your organization.", "results_refused"),
    ("text", dict(value="mười"), "“Hội nghị chuyên đề”: “mười” is not a number: a data file writes "
     "numbers as 1234.5.", "not_a_number"),
    ("a local number", dict(value="1.234,5", ind="DOANH_THU"), "“Tổng doanh thu của doanh nghiệp”: “1.234,5” is "
     "not a number: a data file writes numbers as 1234.5.", "not_a_number"),
    ("negative count", dict(value="-1"), "“Hội nghị chuyên đề”: A count cannot be negative.",
     "count_negative"),
    ("fraction of a count", dict(value="1.5"), "“Hội nghị chuyên đề”: A count is a whole number.",
     "count_whole"),
    ("decimals", dict(value="1.23456", ind="DOANH_THU"),
     "“Tổng doanh thu của doanh nghiệp”: Write at most 4 decimal places.", "decimals"),
    ("too large", dict(value="12345678901234567", ind="DOANH_THU"),
     "“Tổng doanh thu của doanh nghiệp”: The number is too large.", "too_large"),
    ("comment", dict(comment="x" * 501), "A comment has at most 500 characters; this one has 501.",
     "comment_too_long"),
]


@pytest.mark.parametrize(("case", "fields", "words", "code"), REJECTIONS, ids=[r[0] for r in REJECTIONS])
def test_each_rejection_names_the_line_and_why_and_nothing_is_written(tree, users, inds, english, case, fields,
                                                                      words, code):
    good = [entry(ind="HN_SO_KET", value="1", where="Line 2")]
    bad = entry(where="Line 3", **fields)
    s = results.results_import(actor=users.staff_a, entries=[*good, bad])
    assert [(p.where, p.message, p.code) for p in s.conflicts] == [("Line 3", words, code)]
    assert str(s.conflicts[0]) == f"Line 3: {words}"
    assert (s.written, s.as_dict()["status"], stored()) == (False, "ERROR", {})


def test_a_locked_period_is_refused(tree, users, inds, english):
    lock_a(tree, users)
    s = results.results_import(actor=users.bloc_admin, entries=[entry(where="Line 2")])
    assert [(p.where, p.message, p.code) for p in s.conflicts] == [(
        "Line 2", "Đảng bộ Sở Tài chính: The report of Đảng bộ Sở Tài chính for 2024Q1 is approved and locked; a "
        "higher level must reopen it first.", "results_refused")]
    assert stored() == {}


def test_a_read_only_account_is_refused(tree, users, inds, english):
    s = results.results_import(actor=users.viewer, entries=[entry(where="Line 2")])
    assert [p.message for p in s.conflicts] == ["Đảng bộ Sở Tài chính: Your account is read-only."]


def test_a_value_given_twice_is_a_conflict(tree, users, inds, english):
    s = results.results_import(actor=users.staff_a, entries=[entry(where="Line 2"), entry(value="6", where="Line 5")])
    assert [str(p) for p in s.conflicts] == [
        "Line 5: The value of “Hội nghị chuyên đề” for Đảng bộ Sở Tài chính in 2024Q1 is given twice "
        "(also at Line 2)."]


def test_one_bad_value_among_ten_thousand_writes_nothing(tree, users, inds, english):
    lines = ["indicator,organization,period,value,comment"]
    months = [f"{y}-{m:02d}" for y in range(2016, 2025) for m in range(1, 13)][:100]
    codes = ["HN_CHUYEN_DE", "BUOI_THOI_SU", "HN_SO_KET", "TC_TU_KIEM_TRA", "DV_NEU_GUONG", "CB_CHUYEN_DE",
             "DV_NOI_CU_TRU", "TCCSD_QUAN_TRIET", "BIEN_CHE", "DOANH_THU"]
    units = [o.code for o in tree.all() if o not in (tree.province,)]
    assert len(units) == 10
    for org in units:
        for month in months:
            for code in codes:
                lines.append(f"{code},{org},{month},{len(lines)},")
    lines.append("LAO_DONG,DB-STC,2024-01,-3,")  # one bad cell
    data = "\n".join(lines).encode()
    entries = results.read_csv(data)
    assert len(entries) == 10001
    s = results.results_import(actor=users.bloc_admin, entries=entries)
    assert [str(p) for p in s.conflicts] == ["Line 10002: “Số người lao động”: A count cannot be negative."]
    assert (s.written, Result.objects.count(), AuditEntry.objects.filter(action="result.save").count()) == (
        False, 0, 0)


# Files

def test_file_refusals(tree, users, inds, english, settings):
    def refused(call, *args):
        with pytest.raises(RuleViolation) as exc:
            call(*args)
        return exc.value.messages[0], exc.value.code

    assert refused(results.read_json, b"{nope") == ("The file is not valid JSON (UTF-8).", "file_not_json")
    assert refused(results.read_json, b'{"values": 1}') == (
        "The file holds no list of values (“dataValues”).", "file_no_values")
    assert refused(results.read_json, b"[1]") == (
        "Value 1 is not an object with the keys indicator, organization, period, value, comment.",
        "file_value_not_object")
    assert refused(results.read_json, b'[{"indicator": ["A"]}]') == (
        "Value 1: “indicator” must be text.", "file_field_type")
    assert refused(results.read_csv, b"indicator;organization\n") == (
        "The first line must name the columns indicator, organization, period, value, comment; missing: "
        "indicator, organization, period, value.", "file_columns_missing")
    assert refused(results.read_csv, "indicator,organization,period,value\nĐ,A,2024,1\n".encode("cp1258")) == (
        "The file is not UTF-8 text: save it as “CSV UTF-8”.", "file_not_utf8")
    assert refused(results.read_file, "a.xlsx", b"") == ("Send a .json or .csv file.", "file_kind")
    settings.DANGVU_IMPORT_MAX_BYTES = 10
    assert refused(results.read_json, b"[]" * 6) == (
        "The file is 12 bytes: at most 10 bytes are accepted.", "file_too_large")
    settings.DANGVU_IMPORT_MAX_BYTES = 10_000
    settings.DANGVU_IMPORT_MAX_ROWS = 2
    assert refused(results.read_json, b"[{}, {}, {}]") == (
        "The file has more than 2 values: split it into smaller files.", "file_too_many_rows")


def test_messages_are_vietnamese(tree, users, inds):
    with translation.override("vi"):
        s = results.results_import(actor=users.staff_a, entries=[entry(value="-1", where="Dòng 2")])
        assert [str(p) for p in s.conflicts] == ["Dòng 2: “Hội nghị chuyên đề”: Số lượng không được là số âm."]


# The command line

def test_the_commands(tree, users, filled, tmp_path, english):
    out = tmp_path / "a.csv"
    call_command("export", "results", "DB-STC", Q, "--format", "csv", "-o", str(out))
    assert out.read_text(encoding="utf-8").splitlines()[:2] == [
        "indicator,organization,period,value,comment", f"HN_CHUYEN_DE,DB-STC,{Q},3,"]
    out.write_text(out.read_text(encoding="utf-8").replace(f"HN_CHUYEN_DE,DB-STC,{Q},3,",
                                                           f"HN_CHUYEN_DE,DB-STC,{Q},9,"), encoding="utf-8")
    import io

    buf = io.StringIO()
    call_command("import", "results", str(out), "--dry-run", "--as", "staff_stc", stdout=buf)
    assert json.loads(buf.getvalue())["updated"] == 1
    assert stored()[("HN_CHUYEN_DE", "DB-STC", Q)] == (Decimal(3), "")
    call_command("import", "results", str(out), "--as", "staff_stc", "--strategy", "update", stdout=io.StringIO())
    assert stored()[("HN_CHUYEN_DE", "DB-STC", Q)] == (Decimal(9), "")
    out.write_text(f"indicator,organization,period,value\nHN_CHUYEN_DE,DB-SYT,{Q},1\n", encoding="utf-8")
    buf = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", "results", str(out), "--as", "staff_stc", stdout=buf)
    assert str(exc.value) == "Nothing was imported: 1 values are in conflict."
    assert json.loads(buf.getvalue())["conflicts"] == [
        {"where": "Line 2", "reason": "Đảng bộ Sở Y tế: You may not change records outside your organization.",
         "code": "results_refused"}]
    with pytest.raises(CommandError) as exc:
        call_command("import", "results", str(out), "--as", "nobody")
    assert str(exc.value) == "No active account has the username nobody."
