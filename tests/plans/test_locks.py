"""The lock between writing a unit's figures and approving its return (`plans.locks`).

Which writes an approval waits for is computed from the periods (any database); the races
themselves run on PostgreSQL, two connections at once (on SQLite the IMMEDIATE
transaction already serializes writers)."""

from __future__ import annotations

from itertools import product

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, codes
from dangvu.core.models import AuditEntry
from dangvu.core.periods import parse
from dangvu.plans import locks, services
from dangvu.plans.models import Result, Return
from tests.support import enter, hold_while, on_postgresql, typed_catalog

PERIODS = ["2023", "2023H1", "2023H2", "2023Q1", "2023Q2", "2023Q3", "2023-02", "2023-05", "2024Q1", "2022",
           "2020-2025", "2021-2023", "2024-2026"]


def _conflicts(approved: str, written: str) -> bool:
    """Whether approving a return for `approved` waits for a write of figures for `written`
    (of the same unit, or a unit under it)."""
    exclusive = {locks._key(1, s) for s in locks.own_slots(parse(approved))}
    shared = {locks._key(1, s) for s in locks.holding_slots(parse(written))}
    return bool(exclusive & shared)


@pytest.mark.parametrize(("approved", "written"), list(product(PERIODS, PERIODS)))
def test_an_approval_waits_for_the_writes_it_locks(approved, written):
    a, w = parse(approved), parse(written)
    if a == w or a.contains(w):  # what `lock_message` locks
        assert _conflicts(approved, written)
    elif not (a.start <= w.end and w.start <= a.end):  # apart in time: never
        assert not _conflicts(approved, written)
    elif a.kind != "term" and w.kind != "term":  # a shorter period inside a longer one: the longer is not locked
        assert not _conflicts(approved, written)
    # (a term overlapping another term, or a write of a term over an approved year, may wait: only slower)


@pytest.mark.parametrize(("period", "enclosing", "slots"), [
    ("2023-05", ["2023Q2", "2023H1", "2023"], ["2023-05", "2023Q2", "2023H1", "2023", "term:2023"]),
    ("2023Q3", ["2023H2", "2023"], ["2023Q3", "2023H2", "2023", "term:2023"]),
    ("2023H1", ["2023"], ["2023H1", "2023", "term:2023"]),
    ("2023", [], ["2023", "term:2023"]),
    ("2020-2022", [], ["term:2020", "term:2021", "term:2022"]),
])
def test_the_periods_holding_a_period(period, enclosing, slots):
    p = parse(period)
    assert [e.code for e in p.enclosing()] == enclosing
    assert locks.holding_slots(p) == slots
    assert locks.own_slots(p) == (slots if p.kind == "term" else [period])


def test_the_keys_cover_the_unit_and_the_units_above_it(tree):
    keys = locks._shared_keys(tree.cell_sub, parse("2023-02"))
    slots = ["2023-02", "2023Q1", "2023H1", "2023", "term:2023"]
    above = [tree.province, tree.bloc, tree.committee_a, tree.sub_a, tree.cell_sub]
    assert keys == {locks._key(o.pk, s) for o, s in product(above, slots)}
    assert locks._key(tree.bloc.pk, "2023") != locks._key(tree.committee_a.pk, "2023")


# --- the races, on PostgreSQL ------------------------------------------------------------------------

@pytest.fixture
def reported(tree, users):
    """Committee A's quarterly return submitted, ready to be approved by the bloc."""
    inds = typed_catalog()
    enter(inds["TC_TU_KIEM_TRA"], tree.committee_a, "2023Q1", 2)
    services.return_submit(actor=SYSTEM, organization=tree.committee_a, period="2023Q1")
    return inds


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("unit", ["committee_a", "cell_a1"])
def test_a_value_saved_while_the_return_is_being_approved_waits_and_is_refused(tree, users, reported, unit, english):
    org = getattr(tree, unit)
    ind = reported["DV_NEU_GUONG"]
    saves = AuditEntry.objects.filter(action="result.save").count()
    approve, save = hold_while(
        lambda: services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1"),
        lambda: services.result_save(actor=users.staff_a, indicator=ind, organization=org, period="2023Q1",
                                     value=5, version=None),
        locktype="advisory",
    )
    assert save.waited  # for the approval
    assert approve.value.state == Return.State.APPROVED, approve
    refusal = save.error
    assert isinstance(refusal, RuleViolation), save
    assert (refusal.messages, codes(refusal)) == ([
        "The report of Đảng bộ Sở Tài chính for 2023Q1 is approved and locked; a higher level must reopen it first."],
        ["return_locked"])
    assert not Result.objects.filter(indicator=ind).exists()
    assert AuditEntry.objects.filter(action="result.save").count() == saves


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_approval_waits_for_a_value_being_saved_and_then_approves_it(tree, users, reported, english):
    ind = reported["DV_NEU_GUONG"]
    save, approve = hold_while(
        lambda: services.result_save(actor=users.staff_a, indicator=ind, organization=tree.committee_a,
                                     period="2023Q1", value=5, version=None),
        lambda: services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1"),
        locktype="advisory",
    )
    assert approve.waited  # for the save
    assert isinstance(save.value, Result), save
    assert approve.value.state == Return.State.APPROVED, approve
    saved = Result.objects.get(indicator=ind, organization=tree.committee_a, period="2023Q1")
    assert (saved.value, saved.state) == (5, Result.State.APPROVED)  # the approval saw the new value


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_saves_do_not_wait_for_each_other(tree, users, reported, english):
    first, second = hold_while(
        lambda: services.result_save(actor=users.staff_a, indicator=reported["DV_NEU_GUONG"],
                                     organization=tree.committee_a, period="2023Q1", value=5, version=None),
        lambda: services.result_save(actor=users.staff_a, indicator=reported["CB_CHUYEN_DE"], organization=tree.cell_a1,
                                     period="2023Q1", value=1, version=None),
    )
    assert not second.waited and isinstance(second.value, Result), second
    assert isinstance(first.value, Result), first
