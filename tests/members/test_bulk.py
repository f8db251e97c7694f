"""members_bulk_create writes what member_create writes, member by member: the same derived
fields, history rows and admission file, audited by one row covering the load."""

from __future__ import annotations

import datetime

import pytest

from dangvu.admissions.models import Candidate
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation
from dangvu.core.integrity import unaudited
from dangvu.core.models import AuditEntry
from dangvu.members import services
from dangvu.members.integrity import affiliations, derived_fields
from dangvu.members.models import Affiliation, Member, StatusChange, Transfer

D = datetime.date
FIELDS = dict(gender=Member.Gender.FEMALE, birth_date=D(1984, 1, 17), admission_decision_date=D(2010, 3, 2),
              ceremony_date=D(2010, 3, 20), full_membership_date=D(2011, 3, 20), ethnicity="Khmer",
              hometown="xã Vĩnh Hòa", profession="Kế toán")
SKIP = {"id", "full_name", "name_normalized", "name_sort_key", "biography_number", "card_number", "citizen_id"}


def record(member: Member) -> dict:
    return {
        "member": {f.attname: getattr(member, f.attname) for f in Member._meta.concrete_fields if f.attname not in SKIP},
        "changes": list(StatusChange.objects.filter(member=member).values_list("status", "on", "annulled")),
        "affiliations": list(Affiliation.objects.filter(member=member).values_list(
            "organization", "start", "end", "start_reason")),
        "transfers": list(Transfer.objects.filter(member=member).values_list(
            "kind", "on", "to_organization", "external_unit", "letter_number", "letter_date")),
        "file": list(Candidate.objects.filter(member=member).values_list(
            "organization", "source", "state", "started_on", "decision_date", "ceremony_date", "ethnicity")),
    }


@pytest.mark.parametrize("transfer", [{}, {"transferred_in_from": "Đảng bộ xã Bình An, tỉnh An Giang",
                                          "joined_on": D(2015, 6, 1), "letter_number": "12-GGT/HU",
                                          "letter_date": D(2015, 5, 20)}])
def test_a_bulk_write_records_what_member_create_records(tree, english, transfer):
    one = services.member_create(actor=SYSTEM, organization=tree.cell_a1, full_name="Một", **FIELDS, **transfer)
    drafts = [services.member_draft(actor=SYSTEM, organization=tree.cell_a1, full_name=name, **FIELDS, **transfer)
              for name in ("Hai", "Ba")]
    two, three = services.members_bulk_create(actor=SYSTEM, drafts=drafts, scope=tree.committee_a, note="dv.xlsx")
    assert record(Member.objects.get(pk=two.pk)) == record(one) == record(Member.objects.get(pk=three.pk))
    assert derived_fields() == [] and affiliations() == [] and unaudited() == []
    entry = AuditEntry.objects.get(action="member.bulk_create")
    assert (entry.object_id, entry.scope_path, entry.note) == (tree.committee_a.pk, tree.committee_a.path,
                                                                "2 members recorded · dv.xlsx")
    assert entry.changes["covers"]["members.member"] == [two.pk, three.pk]


def test_a_number_taken_since_the_check_refuses_the_whole_write(tree, make_member):
    draft = services.member_draft(actor=SYSTEM, organization=tree.cell_a1, full_name="Hai", citizen_id="091084000123",
                                  **FIELDS)
    make_member(tree.cell_a2, full_name="Người khác", citizen_id="091084000123")
    with pytest.raises(RuleViolation) as excinfo:
        services.members_bulk_create(actor=SYSTEM, drafts=[draft], scope=tree.bloc)
    assert excinfo.value.code == "number_taken"
    assert Member.objects.count() == 1


def test_a_read_only_account_writes_nothing(tree, users):
    draft = services.member_draft(actor=SYSTEM, organization=tree.cell_a1, full_name="Hai", **FIELDS)
    with pytest.raises(PermissionDenied):
        services.members_bulk_create(actor=users.viewer, drafts=[draft], scope=tree.bloc)
    with pytest.raises(PermissionDenied):
        services.members_bulk_create(actor=users.staff_a, drafts=[draft], scope=tree.bloc)
    assert Member.objects.count() == 0


def test_numbers_already_recorded_are_found_through_their_unique_indexes(tree, make_member):
    # The indexes are partial (a number may be left blank): a query that does not say
    # NOT (number = '') in those words scans the whole table, once for each list of numbers.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_member(tree.cell_a1, full_name="An", citizen_id="091084000123", card_number="10000001")
    numbers = {"citizen_id": ["091084000123", "091084000999"], "card_number": ["10000001"]}
    statements = []
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.set_trace_callback(statements.append)
        try:
            found = services.members_taken(numbers)
        finally:
            connection.connection.set_trace_callback(None)
        plans = [" ".join(str(row) for row in connection.connection.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
                 for sql in statements if sql.startswith("SELECT")]
    else:
        with CaptureQueriesContext(connection) as queries:
            found = services.members_taken(numbers)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small is read whole otherwise
            plans = []
            for query in queries.captured_queries:
                cursor.execute(f"EXPLAIN {query['sql']}")
                plans.append(" ".join(row[0] for row in cursor.fetchall()))
    assert sorted(found) == [("card_number", "10000001"), ("citizen_id", "091084000123")]
    assert len(plans) == 2
    assert "unique_citizen_id" in plans[0] and "unique_card_number" in plans[1], plans
