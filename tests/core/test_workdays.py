"""Working days (core.workdays): exact deadlines around Tết, the swaps and year ends, the
seeded make-up Saturdays against the package, and properties over 1930-2099 checked
against a plain reference built from the package and the table."""

from __future__ import annotations

import datetime
import time

import holidays
import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dangvu.core import workdays
from dangvu.core.actors import SYSTEM
from dangvu.core.models import CalendarChange
from dangvu.core.workdays import add_working_days, is_working_day, working_days_between
from dangvu.orgs.calendar import calendar_change_create

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_seeds")]

PROPERTY = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Around the holidays, the swaps and the year ends, and anywhere from 1930 to 2099.
HOT = [D(2025, 1, 24), D(2025, 4, 24), D(2025, 4, 29), D(2026, 8, 20), D(2026, 8, 28), D(2025, 12, 30),
       D(2026, 12, 31), D(2024, 4, 26), D(2026, 2, 13), D(1999, 12, 31), D(2099, 12, 20)]
STARTS = st.one_of(
    st.sampled_from(HOT).flatmap(lambda d: st.integers(-10, 10).map(lambda k: d + datetime.timedelta(days=k))),
    st.dates(min_value=D(1930, 1, 1), max_value=D(2099, 6, 30)),
)
COUNTS = st.integers(min_value=0, max_value=300)


def reference_working(day: datetime.date) -> bool:
    """A working day, computed plainly from the package and the table (no cache)."""
    row = CalendarChange.objects.filter(on=day).first()
    if row is not None:
        return row.kind == CalendarChange.Kind.WORKING_DAY
    return day.weekday() < 5 and day not in holidays.VN(years=day.year)


def record(on: datetime.date, kind: str) -> CalendarChange:
    return calendar_change_create(actor=SYSTEM, on=on, kind=kind, document_number="99/TB-BNV",
                                  document_date=D(2024, 11, 1), document_summary="Thử")


# Exact deadlines

def test_tet_2025_five_weekdays_off_then_the_saturday():
    # Mon 27/1 to Fri 31/1 and Sat 1/2: the first working day after Fri 24/1 is Mon 3/2.
    assert [is_working_day(D(2025, 1, d)) for d in range(24, 32)] == [True, False, False, False, False, False,
                                                                       False, False]
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 3)) == 1
    assert add_working_days(D(2025, 1, 20), 60) == D(2025, 4, 22)  # Hùng Kings' day Mon 7/4 off


def test_30_april_2025_with_the_2_may_swap_and_the_saturday_26_april_worked():
    assert is_working_day(D(2025, 4, 26)) and not is_working_day(D(2025, 4, 27))  # Sat worked, Sun off
    assert [is_working_day(D(2025, 4, 30)), is_working_day(D(2025, 5, 1)), is_working_day(D(2025, 5, 2))] == [
        False, False, False]
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    assert add_working_days(D(2025, 4, 25), 2) == D(2025, 4, 28)
    assert add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)
    assert working_days_between(D(2025, 4, 24), D(2025, 5, 5)) == 5  # 25, 26, 28, 29 April, 5 May


def test_2_september_2026_with_31_august_and_the_saturday_22_august():
    assert is_working_day(D(2026, 8, 22))
    assert [is_working_day(D(2026, 8, 31)), is_working_day(D(2026, 9, 1)), is_working_day(D(2026, 9, 2))] == [
        False, False, False]
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
    assert working_days_between(D(2026, 8, 28), D(2026, 9, 4)) == 2


def test_31_december_into_january():
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)  # Thu 1/1/2026 off
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # Fri 1/1/2027 off, then the weekend
    assert working_days_between(D(2026, 12, 31), D(2027, 1, 4)) == 1
    assert working_days_between(D(2027, 1, 4), D(2026, 12, 31)) == -1


def test_zero_days_is_the_day_itself_even_a_day_off_and_negative_counts_are_refused():
    assert add_working_days(D(2025, 1, 29), 0) == D(2025, 1, 29)
    assert add_working_days(D(2025, 1, 29), 1) == D(2025, 2, 3)  # from a day off: the next working day is day 1
    assert working_days_between(D(2025, 1, 29), D(2025, 1, 29)) == 0
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 1), -1)


def test_every_year_from_1930_to_2100_counts_without_error():
    assert working_days_between(D(1929, 12, 31), D(1930, 12, 31)) == 254  # 261 weekdays, 7 of the 8 holidays on one
    assert add_working_days(D(2100, 12, 31), 3) == D(2101, 1, 5)  # past the package: weekends only
    counts = [working_days_between(D(y - 1, 12, 31), D(y, 12, 31)) for y in range(1930, 2101)]
    assert min(counts) >= 240 and max(counts) <= 262


# The table against the package

def test_the_seeded_make_up_saturdays_are_exactly_the_swaps_the_package_knows():
    """The package gives each swap's day off ("Ngày nghỉ (thay cho ngày dd/mm/yyyy)") but not the
    Saturday worked: the table has those Saturdays, and no day off that would count twice. A
    newer package announcing a swap fails here until its Saturday is recorded."""
    known = holidays.VN(years=range(1930, 2101), language="vi")
    paid_for = {datetime.datetime.strptime(name.rsplit(" ", 1)[1].rstrip(")"), "%d/%m/%Y").date()
                for name in known.values() if "thay cho ngày" in name}
    seeded = {c.on: c.kind for c in CalendarChange.objects.all()}
    assert set(seeded) == paid_for
    assert set(seeded.values()) == {CalendarChange.Kind.WORKING_DAY}
    assert {d.weekday() for d in seeded} == {5}  # all Saturdays
    assert len(seeded) == 13
    assert D(2025, 5, 2) in known and D(2026, 8, 31) in known


# Properties

@PROPERTY
@given(start=STARTS, n=COUNTS)
def test_counting_back_the_days_added_gives_n(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert working_days_between(end, start) == -n
    if n > 0:
        assert is_working_day(end) and end > start
        assert add_working_days(start, n - 1) < end  # strictly monotonic in n
        assert reference_working(end)


@PROPERTY
@given(start=STARTS, days=st.integers(min_value=0, max_value=60))
def test_is_working_day_matches_the_plain_reference(start, days):
    day = start + datetime.timedelta(days=days)
    assert is_working_day(day) == reference_working(day)


@PROPERTY
@given(start=STARTS, n=st.integers(min_value=1, max_value=120), data=st.data())
def test_an_extra_day_off_inside_the_range_moves_the_deadline_one_working_day_later(start, n, data):
    before = [add_working_days(start, k) for k in range(n + 2)]
    off = before[data.draw(st.integers(min_value=1, max_value=n))]
    assume(off.weekday() < 5)  # a make-up Saturday cannot become an extra day off
    try:
        with transaction.atomic():
            record(off, CalendarChange.Kind.DAY_OFF)
            assert not is_working_day(off)
            assert add_working_days(start, n) == before[n + 1]
            assert working_days_between(start, before[n]) == n - 1
            transaction.set_rollback(True)
    finally:
        workdays.clear_cache()


@PROPERTY
@given(start=STARTS, n=st.integers(min_value=1, max_value=120), data=st.data())
def test_a_make_up_working_day_inside_the_range_moves_the_deadline_earlier(start, n, data):
    deadline = add_working_days(start, n)
    off_days = [start + datetime.timedelta(days=k) for k in range(1, (deadline - start).days)]
    off_days = [d for d in off_days if not is_working_day(d)]
    assume(off_days)
    worked = data.draw(st.sampled_from(off_days))
    assume(not CalendarChange.objects.filter(on=worked).exists())
    try:
        with transaction.atomic():
            record(worked, CalendarChange.Kind.WORKING_DAY)
            assert is_working_day(worked)
            new = add_working_days(start, n)
            assert new == max(add_working_days_without(start, n - 1, worked), worked)
            assert new < deadline
            assert working_days_between(start, deadline) == n + 1
            transaction.set_rollback(True)
    finally:
        workdays.clear_cache()


def add_working_days_without(start, n, extra):
    """The n-th working day after `start` in the calendar before `extra` was worked."""
    day, left = start, n
    while left:
        day += datetime.timedelta(days=1)
        if day != extra and is_working_day(day):
            left -= 1
    return day


# The cache

def test_a_change_is_seen_at_once_by_the_process_that_wrote_it():
    assert add_working_days(D(2027, 3, 5), 1) == D(2027, 3, 8)
    record(D(2027, 3, 8), CalendarChange.Kind.DAY_OFF)
    assert add_working_days(D(2027, 3, 5), 1) == D(2027, 3, 9)


def test_another_process_sees_a_change_once_the_cache_expires(settings, monkeypatch):
    assert is_working_day(D(2027, 3, 8))
    CalendarChange.objects.create(on=D(2027, 3, 8), kind="day_off", document_summary="Thử")  # another process
    assert is_working_day(D(2027, 3, 8))  # still the cached year
    clock = time.monotonic() + 61
    monkeypatch.setattr(workdays.time, "monotonic", lambda: clock)
    assert not is_working_day(D(2027, 3, 8))


def test_a_year_is_read_once(django_assert_num_queries):
    workdays.clear_cache()
    with django_assert_num_queries(2):  # 2025 and 2026
        add_working_days(D(2025, 12, 1), 40)
        working_days_between(D(2025, 1, 1), D(2026, 6, 1))


def test_holidays_are_named_in_the_language_of_the_page():
    from django.utils import translation

    with translation.override("vi"):
        assert [(h.on, h.name) for h in workdays.holidays_of(2025)][:2] == [
            (D(2025, 1, 1), "Tết Dương lịch"), (D(2025, 1, 27), "29 Tết")]
    with translation.override("en"):
        assert workdays.holidays_of(2025)[0].name == "New Year's Day"


# The command line

def test_the_command_prints_the_deadline_and_the_count_in_vietnamese():
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("workdays", "add", "29/04/2025", "1", stdout=out)
    call_command("workdays", "between", "2026-08-28", "04/09/2026", stdout=out)
    call_command("workdays", "between", "04/09/2026", "28/08/2026", stdout=out)
    assert out.getvalue().splitlines() == ["Thứ Hai 05/05/2025", "2", "-2"]
    with pytest.raises(CommandError) as exc:
        call_command("workdays", "add", "13/29/2025", "1")
    assert str(exc.value) == "13/29/2025 không phải là một ngày trong khoảng năm 1930 đến 2100 (hãy viết như 17/01/2024)."
