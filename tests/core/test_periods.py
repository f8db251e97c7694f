"""Period codes: one way to read and write them, bounded to the years dangvu keeps (from the
Party's founding in 1930 to ten years ahead) and to the lengths terms have."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core import periods
from dangvu.core.periods import PeriodError, parse


@pytest.fixture
def in_2026(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2026, 11, 29))


@pytest.mark.parametrize("code", ["1930", "2036", "2026H2", "1930Q1", "2036-12", "2020-2025", "2021-2030", "2025-2026"])
def test_codes_inside_the_bounds_read_back_as_written(in_2026, code):
    assert parse(code).code == code
    assert parse(parse(code).code) == parse(code)


@pytest.mark.parametrize(("code", "error", "message"), [
    ("0000", "period_out_of_range", "“0000” is not a period dangvu keeps: periods lie between 1930 and 2036."),
    ("0001", "period_out_of_range", "“0001” is not a period dangvu keeps: periods lie between 1930 and 2036."),
    ("9999", "period_out_of_range", "“9999” is not a period dangvu keeps: periods lie between 1930 and 2036."),
    ("1929Q4", "period_out_of_range", "“1929Q4” is not a period dangvu keeps: periods lie between 1930 and 2036."),
    ("2037-01", "period_out_of_range", "“2037-01” is not a period dangvu keeps: periods lie between 1930 and 2036."),
    ("1000-9999", "period_out_of_range", "“1000-9999” is not a period dangvu keeps: periods lie between 1930 and 2036."),
    ("2000-2030", "term_length", "“2000-2030” spans 31 years: a term runs from 2 to 11 years (as 2020-2025)."),
    ("2025-2025", "term_order", "A term must end after it starts: 2025-2025."),
    ("999", "period_format", "“999” is not a period: write 2023, 2023H1, 2023Q3, 2023-05 or 2020-2025."),
    ("2023Q5", "period_format", "“2023Q5” is not a period: write 2023, 2023H1, 2023Q3, 2023-05 or 2020-2025."),
    ("9" * 5000, "period_format", None),
])
def test_codes_outside_are_refused_with_the_rule(in_2026, english, code, error, message):
    with pytest.raises(PeriodError) as refused:
        parse(code)
    assert refused.value.code == error
    if message:
        assert str(refused.value) == message


def test_the_bounds_follow_the_calendar(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2030, 1, 1))
    assert periods.last_year() == 2040
    assert parse("2040Q4").code == "2040Q4"
