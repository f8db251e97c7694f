"""The lock between writing a unit's figures and approving (or reopening) a return.

An approved return locks the figures of its unit and of every unit under it, for its
period and the finer periods inside it (``selectors.lock_message``). Reading that lock and
then writing is a check-then-act: a value saved a moment after the approval committed, but
checked a moment before, would land in a locked return. So on PostgreSQL:

- a write of figures of unit U for period Q (``result_save``, ``return_submit``) takes a
  SHARED advisory transaction lock on every (X, slot) where X is U or a unit above it and
  the slot is Q or a period holding Q, then checks ``lock_message``;
- ``return_approve`` and ``return_reopen`` of (A, P) take the EXCLUSIVE lock on (A, P)
  (and shared locks on what holds (A, P), as a write does).

The two conflict exactly when the approval of (A, P) would lock the write. Writes do not
wait for each other. A term (2020-2025) is not one slot but one per year it spans: a
term's approval takes each of its years' term slot, and a write takes the term slot of the
years of its period, so any term holding the period conflicts without listing every term.
Locks are taken in one statement, in the order of their keys, so two transactions never
wait for each other in a circle. On SQLite the IMMEDIATE transaction already holds the
database's write lock: nothing to do.
"""

from __future__ import annotations

import hashlib

from django.db import connection

from dangvu.core.periods import TERM, Period, parse
from dangvu.orgs.models import Organization, path_ids

_NAMESPACE = "dangvu.plans.return"


def _key(organization_id: int, slot: str) -> int:
    """A signed 64-bit advisory lock key for (unit, slot)."""
    digest = hashlib.blake2b(f"{_NAMESPACE}:{organization_id}:{slot}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _term_slots(period: Period) -> list[str]:
    return [f"term:{y}" for y in range(period.start.year, period.end.year + 1)]


def own_slots(period: Period) -> list[str]:
    """The slots an approval of `period` holds exclusively."""
    return _term_slots(period) if period.kind == TERM else [period.code]


def holding_slots(period: Period) -> list[str]:
    """The slots of `period` and of every period an approval of which locks it: the
    quarter, half and year holding it, and any term spanning its years."""
    if period.kind == TERM:
        return _term_slots(period)
    return [period.code, *(h.code for h in period.enclosing()), *_term_slots(period)]


def _acquire(exclusive: set[int], shared: set[int]) -> None:
    if connection.vendor != "postgresql":
        return
    modes = {key: "pg_advisory_xact_lock_shared" for key in shared} | dict.fromkeys(exclusive, "pg_advisory_xact_lock")
    keys = sorted(modes)
    if not keys:
        return
    calls = ", ".join(f"{modes[key]}(%s::bigint)" for key in keys)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", keys)


def _shared_keys(organization: Organization, period: Period) -> set[int]:
    slots = holding_slots(period)
    return {_key(unit_id, slot) for unit_id in path_ids(organization.path) for slot in slots}


def figures_lock(*, organization: Organization, period: str | Period) -> None:
    """Before writing figures of `organization` for `period` (then check ``lock_message``):
    wait while an approval or reopening that would lock them is being made; keep others
    from making one until this transaction ends."""
    p = parse(period) if isinstance(period, str) else period
    _acquire(set(), _shared_keys(organization, p))


def return_lock(*, organization: Organization, period: str | Period) -> None:
    """Before approving or reopening the return of `organization` for `period`: wait for
    the writes of figures it would lock (or unlock), and the approvals and reopenings of
    the returns holding it, to end; keep new ones out until this transaction ends."""
    p = parse(period) if isinstance(period, str) else period
    exclusive = {_key(organization.pk, slot) for slot in own_slots(p)}
    _acquire(exclusive, _shared_keys(organization, p) - exclusive)
