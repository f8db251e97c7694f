"""Reporting periods, written as Vietnamese offices write them in data:
`2023` (year), `2023H1` (half), `2023Q3` (quarter), `2023-05` (month), `2020-2025` (term)."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

YEAR, HALF, QUARTER, MONTH, TERM = "year", "half", "quarter", "month", "term"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERNS = [
    (re.compile(r"^(\d{4})$"), YEAR),
    (re.compile(r"^(\d{4})H([12])$"), HALF),
    (re.compile(r"^(\d{4})Q([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), MONTH),
    (re.compile(r"^(\d{4})-(\d{4})$"), TERM),
]


# The years a period may lie in: from the Party's founding to a few years ahead (plans are
# written for the next term), and the lengths terms have (a congress term is 5 years; a
# strategy may run 10).
FIRST_YEAR = 1930
YEARS_AHEAD = 10
TERM_YEARS = (1, 10)  # last year minus first year


class PeriodError(ValueError):
    def __init__(self, message: str, code: str = "period_invalid"):
        super().__init__(message)
        self.code = code


def last_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year + YEARS_AHEAD


def _check_years(code: str, first: int, last: int) -> None:
    latest = last_year()
    if first < FIRST_YEAR or last > latest:
        raise PeriodError(
            _("“%(code)s” is not a period dangvu keeps: periods lie between %(first)s and %(last)s.")
            % {"code": code, "first": FIRST_YEAR, "last": latest}, "period_out_of_range")


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: str
    code: str

    def __str__(self) -> str:
        return self.code

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def label(self) -> str:
        y = self.start.year
        if self.kind == YEAR:
            return _("Year %(year)s") % {"year": y}
        if self.kind == HALF:
            return (_("First half of %(year)s") if self.start.month == 1 else _("Second half of %(year)s")) % {"year": y}
        if self.kind == QUARTER:
            return _("Quarter %(q)s/%(year)s") % {"q": ROMAN[(self.start.month - 1) // 3 + 1], "year": y}
        if self.kind == MONTH:
            return _("Month %(m)s/%(year)s") % {"m": self.start.month, "year": y}
        return _("Term %(code)s") % {"code": self.code}

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def parts(self) -> list[Period]:
        """The periods one level finer that make this one up: a term's years, a year's or a
        half's quarters, a quarter's months; a month has none."""
        if self.kind == TERM:
            return [parse(str(y)) for y in range(self.start.year, self.end.year + 1)]
        if self.kind in (YEAR, HALF):
            return [quarter(self.year, q) for q in range(1, 5) if self.contains(quarter(self.year, q))]
        if self.kind == QUARTER:
            return [month(self.year, m) for m in range(self.start.month, self.start.month + 3)]
        return []

    def enclosing(self) -> list[Period]:
        """The quarter, half and year that hold this period, finest first (a month: its
        quarter, half and year; a year: none). Terms are not listed: any span of years is
        one."""
        finer_than = {QUARTER: (MONTH,), HALF: (MONTH, QUARTER), YEAR: (MONTH, QUARTER, HALF)}
        return [parse_date(self.start, kind) for kind in (QUARTER, HALF, YEAR) if self.kind in finer_than[kind]]

    def year_to_date(self) -> tuple[datetime.date, datetime.date]:
        """From 1 January of the period's year to its end."""
        return datetime.date(self.end.year, 1, 1), self.end

    def previous(self, n: int = 1) -> list[Period]:
        """The `n` periods of the same kind before this one, most recent first."""
        out, p = [], self
        for _i in range(n):
            p = parse_date(p.start - datetime.timedelta(days=1), p.kind, span=(p.end.year - p.start.year))
            out.append(p)
        return out


def year(y: int) -> Period:
    return Period(datetime.date(y, 1, 1), datetime.date(y, 12, 31), YEAR, str(y))


def half(y: int, h: int) -> Period:
    return Period(datetime.date(y, 6 * h - 5, 1), _month_end(y, 6 * h), HALF, f"{y}H{h}")


def quarter(y: int, q: int) -> Period:
    return Period(datetime.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), QUARTER, f"{y}Q{q}")


def month(y: int, m: int) -> Period:
    return Period(datetime.date(y, m, 1), _month_end(y, m), MONTH, f"{y}-{m:02d}")


def term(first: int, last: int) -> Period:
    return Period(datetime.date(first, 1, 1), datetime.date(last, 12, 31), TERM, f"{first}-{last}")


def parse(code: str) -> Period:
    """`2023`, `2023H1`, `2023Q3`, `2023-05` or `2020-2025`; anything else is refused."""
    text = (code or "").strip().upper()
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2)) if m.lastindex and m.lastindex > 1 else None
        _check_years(code, a, b if kind == TERM else a)
        if kind == YEAR:
            return year(a)
        if kind == HALF:
            return half(a, b)
        if kind == QUARTER:
            return quarter(a, b)
        if kind == MONTH:
            return month(a, b)
        if b <= a:
            raise PeriodError(_("A term must end after it starts: %(code)s.") % {"code": code}, "term_order")
        if not TERM_YEARS[0] <= b - a <= TERM_YEARS[1]:
            raise PeriodError(
                _("“%(code)s” spans %(years)s years: a term runs from %(least)s to %(most)s years "
                  "(as 2020-2025).") % {"code": code, "years": b - a + 1, "least": TERM_YEARS[0] + 1,
                                        "most": TERM_YEARS[1] + 1}, "term_length")
        return term(a, b)
    raise PeriodError(
        _("“%(code)s” is not a period: write 2023, 2023H1, 2023Q3, 2023-05 or 2020-2025.") % {"code": code},
        "period_format",
    )


def parse_date(d: datetime.date, kind: str, span: int = 0) -> Period:
    """The period of `kind` holding date `d` (a term of `span`+1 years ending in d's year)."""
    if kind == YEAR:
        return year(d.year)
    if kind == HALF:
        return half(d.year, 1 if d.month <= 6 else 2)
    if kind == QUARTER:
        return quarter(d.year, (d.month - 1) // 3 + 1)
    if kind == MONTH:
        return month(d.year, d.month)
    return term(d.year - span, d.year)
