"""Twenty writers at once on one report while it is approved (PostgreSQL: each thread its own
connection): seven save different values of committee A's quarterly report, thirteen the
same value with the version they all read, and the bloc's administrator approves the report
meanwhile. No update is lost, nothing deadlocks, no value is written into the approved
report, and every save that is not stored is reported: a Conflict (someone saved first) or
the report's lock (approved first)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import translation

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, codes
from dangvu.core.models import AuditEntry
from dangvu.plans import services
from dangvu.plans.models import Result, Return
from dangvu.plans.services import Conflict
from tests.support import RACE_TIMEOUT, enter, on_postgresql, typed_catalog

PERIOD = "2023Q1"
CONTENDED = "TC_TU_KIEM_TRA"
OTHERS = ["HN_CHUYEN_DE", "BUOI_THOI_SU", "HN_SO_KET", "DV_NEU_GUONG", "CB_CHUYEN_DE", "DV_NOI_CU_TRU",
          "TCCSD_QUAN_TRIET"]
SAME = 13


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("approve_after", [0, 4], ids=["approval-with-the-writers", "approval-after-4-saves"])
def test_twenty_writers_and_an_approval_at_once(tree, users, english, approve_after):
    inds = typed_catalog()
    first = enter(inds[CONTENDED], tree.committee_a, PERIOD, 2)
    services.return_submit(actor=SYSTEM, organization=tree.committee_a, period=PERIOD)
    saves_before = AuditEntry.objects.filter(action="result.save").count()

    calls = [(code, 10 + n, None) for n, code in enumerate(OTHERS)]
    calls += [(CONTENDED, 100 + n, first.version) for n in range(SAME)]
    outcomes: list[tuple[str, int, object]] = [None] * len(calls)  # (code, value, Result or exception)
    approval: list[object] = [None]
    start = threading.Barrier(len(calls) + 1)
    # The approval starts once a few saves are done, while the others are still on their way.
    done, some_done, lock = [0], threading.Event(), threading.Lock()
    language = translation.get_language()

    def save(i: int) -> None:
        code, value, version = calls[i]
        translation.activate(language)
        try:
            start.wait(RACE_TIMEOUT)
            outcomes[i] = (code, value, services.result_save(
                actor=users.staff_a, indicator=inds[code], organization=tree.committee_a, period=PERIOD,
                value=value, version=version))
        except BaseException as exc:  # handed to the test
            outcomes[i] = (code, value, exc)
        finally:
            connection.close()
            with lock:
                done[0] += 1
                if done[0] >= approve_after:
                    some_done.set()

    def approve() -> None:
        translation.activate(language)
        try:
            start.wait(RACE_TIMEOUT)
            if approve_after:
                some_done.wait(RACE_TIMEOUT)
            approval[0] = services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period=PERIOD)
        except BaseException as exc:  # handed to the test
            approval[0] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,), daemon=True) for i in range(len(calls))]
    threads.append(threading.Thread(target=approve, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(RACE_TIMEOUT * 2)
    assert [t for t in threads if t.is_alive()] == [], "a writer is stuck: a deadlock"

    report = Return.objects.get(organization=tree.committee_a, period=PERIOD)
    assert isinstance(approval[0], Return), approval[0]
    assert report.state == Return.State.APPROVED and report.approved_at is not None

    stored = {r.indicator.code: r for r in Result.objects.filter(organization=tree.committee_a, period=PERIOD)
              .select_related("indicator")}
    saved, conflicts, locked = [], [], []
    for code, value, outcome in outcomes:
        if isinstance(outcome, Result):
            saved.append((code, value))
        elif isinstance(outcome, Conflict):
            conflicts.append(code)
        elif isinstance(outcome, RuleViolation) and codes(outcome) == ["return_locked"]:
            locked.append(code)
        else:
            pytest.fail(f"{code} = {value}: {outcome!r}")
    assert len(saved) + len(conflicts) + len(locked) == len(calls)
    # The same value: at most one save with the version read wins, the others are told.
    winners = [v for c, v in saved if c == CONTENDED]
    assert len(winners) <= 1
    assert saved or not approve_after  # saves done before the approval began
    assert conflicts == [CONTENDED] * (SAME - len(winners) - locked.count(CONTENDED))
    # No lost update: every save reported as stored is what is stored, and was approved with
    # the report (a value written after the approval would not be).
    assert {c: stored[c].value for c, _v in saved} == dict(saved)
    assert stored[CONTENDED].value == (winners[0] if winners else 2)
    assert {c for c in OTHERS if c in stored} == {c for c, _v in saved if c in OTHERS}
    assert {r.state for r in stored.values()} == {Result.State.APPROVED}
    # Each stored save has its audit row, written before the approval's.
    audit = AuditEntry.objects.filter(action="result.save").order_by("pk")
    assert audit.count() - saves_before == len(saved)
    approved = AuditEntry.objects.filter(action="return.approve").latest("pk")
    assert all(entry.pk < approved.pk for entry in audit)
    print(f"concurrency: {len(saved)} stored, {len(conflicts)} conflicts, {len(locked)} refused as approved")
