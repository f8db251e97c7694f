"""Party age (tuổi đảng): time in the Party, counted from the first admission decision
(the card's date where no decision survives), minus the periods outside the Party.

- An out-of-Party status (left, removed, expelled) opens a gap that a re-admission
  (a later probationary status) closes; without re-admission the count stops there.
- Explicit interruptions (lost contact, transfer gaps) are subtracted where they do not
  overlap a gap already counted.
- An annulled change (wrongly expelled, then restored) is ignored: continuous.
- Death stops the count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from .models import IN_PARTY, OUT_OF_PARTY, Member


@dataclass(frozen=True)
class PartyAge:
    start: datetime.date  # the first decision date shifted by the days outside the Party
    end: datetime.date | None  # when the count stopped (left for good, death), else None
    years: int
    months: int
    days_out: int

    def __str__(self) -> str:
        return f"{self.years}y{self.months}m"


def _merge(intervals):
    out = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def bounds(
    *, decision_date: datetime.date, changes, interruptions=(), as_of: datetime.date
) -> tuple[datetime.date, datetime.date | None, int]:
    """(start, end, days outside the Party) of the Party age (``compute`` without the
    years and months: what a member's derived fields hold)."""
    if not interruptions and all(status in IN_PARTY or annulled for status, _on, annulled in changes):
        return decision_date, None, 0  # never out of the Party: what follows finds no gap (a load of thousands)
    gaps: list[tuple[datetime.date, datetime.date]] = []
    stop: datetime.date | None = None
    out_since: datetime.date | None = None
    for status, on, annulled in sorted(changes, key=lambda c: c[1]):
        if annulled:
            continue
        if status in OUT_OF_PARTY and out_since is None:
            out_since = on
        elif status in IN_PARTY and out_since is not None:
            gaps.append((out_since, on))
            out_since = None
        elif status == Member.Status.DECEASED:
            stop = on
            break
    if out_since is not None:
        stop = out_since
    end = min(d for d in (as_of, stop) if d is not None)
    gaps.extend((s, e) for s, e in interruptions)
    clipped = [(max(s, decision_date), min(e, end)) for s, e in gaps]
    days_out = sum((e - s).days for s, e in _merge([g for g in clipped if g[1] > g[0]]))
    return decision_date + datetime.timedelta(days=days_out), stop, days_out


def compute(
    *, decision_date: datetime.date, changes, interruptions=(), as_of: datetime.date
) -> PartyAge:
    """`changes`: (status, date, annulled) in any order; `interruptions`: (start, end)."""
    start, stop, days_out = bounds(decision_date=decision_date, changes=changes, interruptions=interruptions,
                                   as_of=as_of)
    end = min(d for d in (as_of, stop) if d is not None)
    span = relativedelta(end, start) if end > start else relativedelta()
    return PartyAge(start=start, end=stop, years=span.years, months=span.months, days_out=days_out)


def for_member(member, as_of: datetime.date) -> PartyAge:
    """Party age of a member from its history rows (prefetched or queried)."""
    return compute(
        decision_date=member.admission_decision_date,
        changes=[(c.status, c.on, c.annulled) for c in member.status_changes.all()],
        interruptions=[(i.start, i.end) for i in member.interruptions.all()],
        as_of=as_of,
    )


def whole_years(member, as_of: datetime.date) -> int:
    """Party age in whole years on `as_of`, from the derived fields (`party_age_start`: the
    decision date shifted by the days outside the Party; `party_age_end`: when the count
    stopped), without reading the history: what lists and exports show."""
    return relativedelta(member.party_age_end or as_of, member.party_age_start).years
