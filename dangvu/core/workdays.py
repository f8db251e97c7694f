"""Working days: the calendar every deadline "within N working days" is counted on.

A day is a working day unless it is a Saturday or a Sunday, or a public holiday, with the
government's changes kept as data on top:

1. the public holidays of the ``holidays`` package (``holidays.VN``): New Year, the five
   days of Tết (lunar), Hùng Kings' day (lunar), 30/4, 1/5, 2/9 and its adjacent day, the
   days off the package gives for a holiday falling on a weekend, and the days off of the
   swaps it knows (2/5/2025, 31/8/2026, ...);
2. the table ``core.CalendarChange``: a ``day_off`` row makes its date a day off; a
   ``working_day`` row makes its date a working day whatever the package and the weekend
   say (the Saturday worked to pay for a swapped day off: the package does not have them).

Deadlines. The day of the event X is not counted; "within N working days of X" allows up to
and including the N-th working day after X::

    last_day = add_working_days(X, N)          # the deadline
    working_days_between(X, day)               # working days used by `day` (in (X, day])
    working_days_between(today, last_day)      # working days left (negative: late)

so that ``working_days_between(s, add_working_days(s, n)) == n`` for every n >= 0. When X
itself is a day off, the first working day after it is day 1.

Any year can be asked (the package computes the lunar holidays for 1901 to 2100; outside that
only weekends and the table count). The days off of each year are computed once and kept in
this process (``_YEARS``); a service writing a change clears the cache (``clear_cache``), and
other processes read the table again after ``DANGVU_WORKDAYS_CACHE_SECONDS`` (default 60).
"""

from __future__ import annotations

import datetime
import re
import threading
import time
from dataclasses import dataclass, field

import holidays
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy

from . import formatting

ONE_DAY = datetime.timedelta(days=1)
_US_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
SATURDAY = 5


@dataclass(frozen=True)
class _Year:
    off: frozenset[datetime.date] = field(default_factory=frozenset)  # holidays and day_off rows
    worked: frozenset[datetime.date] = field(default_factory=frozenset)  # working_day rows


_YEARS: dict[int, _Year] = {}
_loaded_at = 0.0
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every year computed (a change row was written or removed)."""
    global _loaded_at
    with _lock:
        _YEARS.clear()
        _loaded_at = time.monotonic()


def _ttl() -> float:
    return float(getattr(settings, "DANGVU_WORKDAYS_CACHE_SECONDS", 60))


def _package_holidays(year: int, language: str | None = None) -> dict[datetime.date, str]:
    """The public holidays of `year` as the ``holidays`` package gives them (observed days and
    announced swaps included), with their names in `language` ("vi" or "en_US")."""
    return dict(holidays.VN(years=year, language=language or "vi"))


def _year(year: int) -> _Year:
    if time.monotonic() - _loaded_at > _ttl():
        clear_cache()
    found = _YEARS.get(year)
    if found is None:
        from .models import CalendarChange

        off = set(_package_holidays(year))
        worked = set()
        for on, kind in CalendarChange.objects.filter(on__year=year).values_list("on", "kind"):
            (worked if kind == CalendarChange.Kind.WORKING_DAY else off).add(on)
        found = _Year(off=frozenset(off - worked), worked=frozenset(worked))
        with _lock:
            _YEARS[year] = found
    return found


def is_weekend(day: datetime.date) -> bool:
    return day.weekday() >= SATURDAY


def is_working_day(day: datetime.date) -> bool:
    """Whether `day` is a working day (see the module)."""
    year = _year(day.year)
    if day in year.worked:
        return True
    return not (is_weekend(day) or day in year.off)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The `n`-th working day after `start` (`start` itself not counted); `start` for n == 0.
    The last day allowed by "within n working days of `start`"."""
    if n < 0:
        raise ValueError("add_working_days counts forward: n must be >= 0")
    day = start
    while n:
        day += ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The working days in (start, end]; minus those in (end, start] when end < start. So
    ``working_days_between(s, add_working_days(s, n)) == n``, and from today to a deadline:
    the working days left (negative when late)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day)
    return count


@dataclass(frozen=True)
class Holiday:
    on: datetime.date
    name: str


def holidays_of(year: int) -> list[Holiday]:
    """The public holidays of `year` from the package, named in the active language
    (Vietnamese unless English is active), whatever the table says about them."""
    if not (translation.get_language() or "vi").startswith("en"):
        return [Holiday(on, name) for on, name in sorted(_package_holidays(year, "vi").items())]
    # The package's English writes dates the American way (04/26/2025): the site writes 26/04/2025.
    return [Holiday(on, _US_DATE.sub(r"\2/\1/\3", name))
            for on, name in sorted(_package_holidays(year, "en_US").items())]


def days_off_in(year: int) -> list[datetime.date]:
    """Every day off of `year` that is not a Saturday or Sunday, and every weekend day worked:
    what the calendar changes from a plain week."""
    first = datetime.date(year, 1, 1)
    days = (first + ONE_DAY * i for i in range((datetime.date(year + 1, 1, 1) - first).days))
    return [d for d in days if is_working_day(d) == is_weekend(d)]


def changes_in(year: int):
    """The table's changes of `year`, by date (everyone reads the calendar)."""
    from .models import CalendarChange

    return list(CalendarChange.objects.filter(on__year=year).select_related("recorded_by").order_by("on"))


WEEKDAYS = [pgettext_lazy("weekday", "Monday"), pgettext_lazy("weekday", "Tuesday"),
            pgettext_lazy("weekday", "Wednesday"), pgettext_lazy("weekday", "Thursday"),
            pgettext_lazy("weekday", "Friday"), pgettext_lazy("weekday", "Saturday"),
            pgettext_lazy("weekday", "Sunday")]


def weekday_name(day: datetime.date) -> str:
    return str(WEEKDAYS[day.weekday()])


def day_label(day: datetime.date) -> str:
    """"Thứ Bảy 26/04/2025" ("Saturday 26/04/2025")."""
    return f"{weekday_name(day)} {formatting.date(day)}"
