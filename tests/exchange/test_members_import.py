"""Members imported from a table: every row checked as ``member_create`` checks one member,
refusals named by sheet, row and column, duplicates found by their numbers, all or nothing,
and what is written is what ``member_create`` would have written (derived fields, history,
admission files, the audit trail)."""

from __future__ import annotations

import datetime
import os

import pytest

from dangvu.admissions.integrity import files_of_admitted_members
from dangvu.admissions.models import Candidate
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation
from dangvu.core.integrity import unaudited
from dangvu.core.models import AuditEntry
from dangvu.exchange import registers, tabular
from dangvu.members import services as member_services
from dangvu.members.integrity import affiliations, derived_fields
from dangvu.members.models import Affiliation, Member, StatusChange
from dangvu.orgs import services as org_services
from tests.exchange.helpers import csv_bytes, xlsx

D = datetime.date
HEADER = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chi bộ", "Ngày vào Đảng", "Ngày chính thức", "Số CCCD",
          "Số lý lịch", "Số thẻ đảng"]


def row(i: int, **over) -> list:
    values = {"name": f"Nguyễn Văn {i}", "gender": "Nam", "birth": "02/01/1980", "cell": "Chi bộ Văn phòng",
              "decision": "17/01/2015", "full": "", "cccd": f"{91000000000 + i:012d}", "bio": f"{i:06d}KG",
              "card": f"{10000000 + i}"}
    values.update(over)
    return [i, values["name"], values["gender"], values["birth"], values["cell"], values["decision"], values["full"],
            values["cccd"], values["bio"], values["card"]]


def run(scope, rows, *, actor=SYSTEM, dry_run=False, header=HEADER, maker=xlsx):
    return registers.run(actor=actor, kind="members", scope=scope, source=maker([header, *rows]), dry_run=dry_run)


def problems(summary) -> list[str]:
    return [str(p) for p in summary.refused]


def test_a_register_is_imported_as_member_create_would_record_it(tree, english):
    rows = [row(1), row(2, gender="Nữ", name="Trần Thị Hường", full="17/01/2016", cell="Chi bộ Thanh tra"),
            row(3, cccd="", bio="", card="")]
    summary = run(tree.bloc, rows)
    assert (summary.rows, summary.created, summary.refused_count, summary.written) == (3, 3, 0, True)
    members = {m.full_name: m for m in Member.objects.all()}
    huong = members["Trần Thị Hường"]
    assert (huong.organization, huong.status, huong.status_since, huong.party_age_start, huong.gender) == (
        tree.cell_a2, Member.Status.FULL, D(2016, 1, 17), D(2015, 1, 17), Member.Gender.FEMALE)
    assert list(huong.status_changes.values_list("status", "on")) == [("probationary", D(2015, 1, 17)),
                                                                       ("full", D(2016, 1, 17))]
    assert list(Affiliation.objects.filter(member=huong).values_list("organization", "start", "end", "start_reason")) == [
        (tree.cell_a2.pk, D(2015, 1, 17), None, "admission")]
    assert Candidate.objects.filter(source=Candidate.Source.HISTORICAL).count() == 3
    assert derived_fields() == [] and affiliations() == [] and files_of_admitted_members() == [] and unaudited() == []
    entry = AuditEntry.objects.get(action="member.bulk_create")
    assert entry.note == "3 members recorded"
    ids = sorted(m.pk for m in members.values())
    assert entry.changes["covers"]["members.member"] == [ids[0], ids[-1]]


def test_a_dry_run_writes_nothing_and_says_what_would_be_created(tree, english):
    summary = run(tree.bloc, [row(1), row(2)], dry_run=True)
    assert (summary.created, summary.written, Member.objects.count(), StatusChange.objects.count()) == (2, False, 0, 0)


def test_one_bad_cell_among_ten_thousand_good_rows_writes_nothing(tree, english):
    rows = [row(i) for i in range(1, 10001)]
    rows[7345][3] = "31/02/1980"
    before = AuditEntry.objects.count()
    summary = run(tree.bloc, rows)
    assert (summary.rows, summary.refused_count, summary.written) == (10000, 1, False)
    assert problems(summary) == ["Sheet Danh sách, row 7347, column D (Ngày sinh): “31/02/1980” is not a date of the "
                                 "calendar."]
    assert (Member.objects.count(), Candidate.objects.count(), AuditEntry.objects.count()) == (0, 0, before)


def refused(tree, *rows, scope=None, header=HEADER) -> list[str]:
    summary = run(scope or tree.bloc, list(rows), header=header)
    assert not summary.written and Member.objects.count() == 0
    return problems(summary)


def test_a_refusal_in_a_later_part_takes_back_the_parts_written_before_it(tree, english, monkeypatch):
    # The rows are checked by parts in a child process while the parts already checked are
    # written: a refusal in the last part undoes the two written before it.
    monkeypatch.setattr(registers, "PART_ROWS", 2)
    written, add = [], member_services.MembersLoad.add
    monkeypatch.setattr(member_services.MembersLoad, "add",
                        lambda load, members: written.append(len(members)) or add(load, members))
    rows = [row(i) for i in range(1, 6)]
    rows[4][3] = "31/02/1980"
    before = AuditEntry.objects.count()
    summary = run(tree.bloc, rows)
    assert written == [2, 2]
    assert (summary.rows, summary.created, summary.refused_count, summary.written) == (5, 4, 1, False)
    assert problems(summary) == ["Sheet Danh sách, row 6, column D (Ngày sinh): “31/02/1980” is not a date of the "
                                 "calendar."]
    assert (Member.objects.count(), StatusChange.objects.count(), Candidate.objects.count(),
            AuditEntry.objects.count()) == (0, 0, 0, before)


def test_parts_written_one_after_another_make_one_load_with_one_audit_row(tree, english, monkeypatch):
    monkeypatch.setattr(registers, "PART_ROWS", 2)
    before = AuditEntry.objects.count()
    summary = run(tree.bloc, [row(i) for i in range(1, 6)])
    assert (summary.rows, summary.created, summary.written, Member.objects.count()) == (5, 5, True, 5)
    assert AuditEntry.objects.count() == before + 1
    assert derived_fields() == [] and affiliations() == [] and files_of_admitted_members() == [] and unaudited() == []


def test_without_fork_the_parts_are_checked_here_to_the_same_result(tree, english, monkeypatch):
    monkeypatch.setattr(registers, "PART_ROWS", 1)
    monkeypatch.delattr(os, "fork")
    assert refused(tree, row(1), row(2, cccd=f"{91000000001:012d}")) == [
        "Sheet Danh sách, row 3, column H (Số CCCD): The same citizen ID (CCCD) as row 2."]
    summary = run(tree.bloc, [row(1), row(2)])
    assert (summary.rows, summary.created, summary.written, Member.objects.count()) == (2, 2, True, 2)


@pytest.mark.usefixtures("today")
@pytest.mark.parametrize(("over", "expected"), [
    ({"name": ""}, "column B (Họ và tên): Full name is required."),
    ({"gender": "Không rõ"}, "column C (Giới tính): “Không rõ” is not a gender: write Nam or Nữ."),
    ({"birth": ""}, "column D (Ngày sinh): Date of birth is required."),
    ({"birth": "hôm qua"}, "column D (Ngày sinh): “hôm qua” is not a date: write it as day/month/year, e.g. "
                           "17/01/2024."),
    ({"birth": "02/01/2000"}, "column D (Ngày sinh): Date of birth 02/01/2000: on the admission decision date "
                              "17/01/2015 the person was only 15; a person admitted to the Party must be at least 18."),
    ({"decision": "17/01/2027"}, "column F (Ngày vào Đảng): Admission decision date 17/01/2027 is after today "
                                 "(20/11/2026): only what already happened can be recorded."),
    ({"decision": "17/01/1929", "birth": "02/01/1900"}, "column F (Ngày vào Đảng): The date 17/01/1929 is before "
                                                        "the founding of the Party (03/02/1930): check the year."),
    ({"full": "17/06/2015"}, "column G (Ngày chính thức): Full membership can start only after 12 months of "
                             "probation, on 17/01/2016 at the earliest."),
    ({"cccd": "12345"}, "column H (Số CCCD): A citizen ID (CCCD) is exactly 12 digits."),
    ({"bio": "12AB"}, "column I (Số lý lịch): A biography number is 6 digits followed by the 1–3 letter province "
                      "code, e.g. 012345KG."),
    ({"card": "1234"}, "column J (Số thẻ đảng): A Party card number is exactly 8 digits."),
    ({"cell": "Chi bộ Không Có"}, "column E (Chi bộ): No organization named “Chi bộ Không Có” under Đảng bộ các cơ "
                                  "quan Đảng tỉnh."),
    ({"cell": "Đảng bộ Sở Tài chính"}, "column E (Chi bộ): Members are on the rolls of a cell; Đảng bộ Sở Tài chính "
                                       "is not a cell."),
    ({"decision": "17/01/2005"}, "column E (Chi bộ): Chi bộ Văn phòng did not exist yet on 17/01/2005."),
    ({"name": "=HYPERLINK(\"http://x\")"}, "column B (Họ và tên): The cell holds a formula (=HYPERLINK(\"http://x\")): "
                                           "an import takes values only. Copy the column and paste it back as values."),
])
def test_every_refusal_names_the_row_the_column_and_why(tree, english, over, expected):
    assert refused(tree, row(1), row(2, **over)) == ["Sheet Danh sách, row 3, " + expected]


def test_a_ceremony_before_the_decision_is_refused(tree, english):
    header = [*HEADER, "Ngày lễ kết nạp"]
    assert refused(tree, [*row(1), "01/01/2015"], header=header) == [
        "Sheet Danh sách, row 2, column K (Ngày lễ kết nạp): The admission ceremony cannot come before the admission "
        "decision."]


def test_a_status_out_of_the_party_is_refused(tree, english):
    header = [*HEADER, "Trạng thái"]
    assert refused(tree, [*row(1), "Từ trần"], [*row(2), "Ma quỷ"], header=header) == [
        "Sheet Danh sách, row 2, column K (Trạng thái): Only members on the rolls (probationary or full) can be "
        "imported; “Deceased” is recorded on the member's page.",
        "Sheet Danh sách, row 3, column K (Trạng thái): “Ma quỷ” is not a status."]


def test_a_cell_named_twice_needs_its_code(tree, english):
    org_services.organization_create(actor=SYSTEM, parent=tree.committee_b, code="CB-VP-B", name="Chi bộ Văn phòng",
                                     kind="cell", established_on=D(2010, 1, 1))
    assert refused(tree, row(1)) == ["Sheet Danh sách, row 2, column E (Chi bộ): 2 organizations are named “Chi bộ "
                                     "Văn phòng”: give their code in a column “Organization code”."]
    header = [*HEADER, "Mã chi bộ"]
    summary = run(tree.bloc, [[*row(1), "CB-VP-B"], [*row(2), "KHONG-CO"]], header=header)
    assert problems(summary) == ["Sheet Danh sách, row 3, column K (Mã chi bộ): No organization with the code "
                                 "KHONG-CO under Đảng bộ các cơ quan Đảng tỉnh."]


def test_a_cell_outside_the_scope_is_not_found(tree, english):
    assert refused(tree, row(1, cell="Chi bộ Bệnh viện"), scope=tree.committee_a) == [
        "Sheet Danh sách, row 2, column E (Chi bộ): No organization named “Chi bộ Bệnh viện” under Đảng bộ Sở Tài "
        "chính."]


@pytest.mark.parametrize("part_rows", [2500, 1])
def test_numbers_twice_in_the_file_are_refused_on_the_later_row(tree, english, monkeypatch, part_rows):
    monkeypatch.setattr(registers, "PART_ROWS", part_rows)  # 1: each row checked apart from the one before
    assert refused(tree, row(1), row(2, cccd=f"{91000000001:012d}"), row(3, bio="000001KG", card="10000001")) == [
        "Sheet Danh sách, row 3, column H (Số CCCD): The same citizen ID (CCCD) as row 2.",
        "Sheet Danh sách, row 4, column I (Số lý lịch): The same biography number as row 2.",
        "Sheet Danh sách, row 4, column J (Số thẻ đảng): The same Party card number as row 2."]


def test_a_member_already_recorded_is_a_duplicate_and_another_person_s_number_is_refused(tree, english, make_member):
    make_member(tree.cell_a1, full_name="Nguyễn Văn 1", birth_date=D(1980, 1, 2), citizen_id=f"{91000000001:012d}")
    make_member(tree.cell_a1, full_name="Lê Thị Khác", birth_date=D(1970, 5, 5), card_number="10000002")
    summary = run(tree.bloc, [row(1), row(2), row(3)])
    assert problems(summary) == ["Sheet Danh sách, row 3, column J (Số thẻ đảng): This Party card number is already "
                                 "recorded for another member."]
    assert [str(p) for p in summary.duplicates] == ["Sheet Danh sách, row 2: Already recorded: Nguyễn Văn 1, born "
                                                    "02/01/1980."]
    assert Member.objects.count() == 2
    summary = run(tree.bloc, [row(1), row(3)])
    assert (summary.created, len(summary.duplicates), summary.written, Member.objects.count()) == (1, 1, True, 3)


def test_a_read_only_account_and_a_scope_it_cannot_write_are_refused(tree, users, english):
    with pytest.raises(PermissionDenied):
        run(tree.bloc, [row(1)], actor=users.viewer)
    with pytest.raises(PermissionDenied):
        run(tree.bloc, [row(1)], actor=users.staff_a)
    summary = run(tree.committee_a, [row(1)], actor=users.staff_a)
    assert summary.written and Member.objects.get().organization == tree.cell_a1


def test_a_mapping_without_a_required_field_is_refused(tree, english):
    with pytest.raises(RuleViolation) as excinfo:
        run(tree.bloc, [row(1)[:4]], header=HEADER[:4])
    assert excinfo.value.messages == ["Choose the column of: Admission decision date, Organization."]


def test_the_mapping_is_remembered_for_the_organization(tree, users, english):
    header = ["Tên người", "Phái", "Sinh", "Đơn vị", "Kết nạp"]
    table = tabular.open_table(xlsx([header]), known_headers=registers.known_headers("members"))
    assert registers.guess_mapping("members", table.headers) == {}
    chosen = {0: "full_name", 1: "gender", 2: "birth_date", 3: "organization", 4: "admission_decision_date"}
    registers.mapping_remember(actor=users.staff_a, organization=tree.committee_a, kind="members", headers=header,
                               mapping=chosen)
    remembered = registers.remembered_mapping(tree.cell_a1, "members")  # a cell below inherits it
    assert registers.guess_mapping("members", header, remembered) == chosen
    assert registers.remembered_mapping(tree.committee_b, "members") == {}
    summary = registers.run(actor=users.staff_a, kind="members", scope=tree.committee_a, dry_run=False,
                            source=xlsx([header, ["Lê Văn Tám", "Nam", "01/01/1980", "Chi bộ Thanh tra", "17/01/2015"]]))
    assert summary.written and Member.objects.get().full_name == "Lê Văn Tám"


def test_a_csv_in_the_windows_code_page_imports_the_same(tree, english):
    rows = [[str(v) for v in row(1, name="Trần Thị Hường")], [str(v) for v in row(2, name="Đặng Văn Ưng")]]
    summary = run(tree.bloc, rows, header=HEADER, maker=lambda r: csv_bytes(r, encoding="cp1258", delimiter=";"))
    assert summary.written
    assert sorted(Member.objects.values_list("full_name", flat=True)) == ["Trần Thị Hường", "Đặng Văn Ưng"]


def test_a_row_s_problems_come_in_the_order_its_cells_are_read(tree, english):
    """The file is checked column by column, but each row says what it would say cell by
    cell: a formula in a required date is also a missing date, a required cell after a
    failed one is not reported missing, and rows come in their order."""
    rows = [row(1, name="=A1", gender="", birth="=B1"), row(2, name="", gender="", birth="hôm qua"), row(3)]
    assert refused(tree, *rows) == [
        "Sheet Danh sách, row 2, column B (Họ và tên): The cell holds a formula (=A1): an import takes values only. "
        "Copy the column and paste it back as values.",
        "Sheet Danh sách, row 2, column D (Ngày sinh): The cell holds a formula (=B1): an import takes values only. "
        "Copy the column and paste it back as values.",
        "Sheet Danh sách, row 2, column D (Ngày sinh): Date of birth is required.",
        "Sheet Danh sách, row 3, column B (Họ và tên): Full name is required.",
        "Sheet Danh sách, row 3, column D (Ngày sinh): “hôm qua” is not a date: write it as day/month/year, e.g. "
        "17/01/2024.",
    ]


def test_each_member_of_each_part_gets_its_own_history_affiliation_and_file(tree, english, make_member, monkeypatch):
    # Parts of 2, the second without row 3 (already recorded): each row's dates differ, so
    # that a status change, an affiliation or a file written for another member shows.
    monkeypatch.setattr(registers, "PART_ROWS", 2)
    make_member(tree.cell_a1, full_name="Nguyễn Văn 3", birth_date=D(1980, 1, 2), citizen_id=f"{91000000003:012d}")
    summary = run(tree.bloc, [row(i, decision=f"{10 + i}/01/2015", full=f"{10 + i}/03/2016" if i % 2 else "")
                              for i in range(1, 6)])
    assert (summary.created, len(summary.duplicates), summary.written) == (4, 1, True)
    imported = Member.objects.exclude(full_name="Nguyễn Văn 3").order_by("id")
    assert [m.full_name for m in imported] == ["Nguyễn Văn 1", "Nguyễn Văn 2", "Nguyễn Văn 4", "Nguyễn Văn 5"]
    for member in imported:
        assert list(member.status_changes.values_list("status", "on")) == [
            (Member.Status.PROBATIONARY, member.admission_decision_date),
            *([(Member.Status.FULL, member.full_membership_date)] if member.full_membership_date else [])]
        assert list(member.affiliations.values_list("organization", "start")) == [
            (member.organization_id, member.admission_decision_date)]
        assert Candidate.objects.get(member=member).full_name == member.full_name
