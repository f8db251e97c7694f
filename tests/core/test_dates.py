"""dangvu.core.dates: the bounds of an event date."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core import dates
from dangvu.core.errors import codes

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date
TODAY = D(2026, 11, 29)


def refused(value, **kwargs) -> tuple[str, list[str]]:
    error = dates.event_date_error("on", value, today=TODAY, **kwargs)
    return (" ".join(error.messages), codes(error)) if error else ("", [])


def test_after_today_refused_naming_both_dates():
    assert refused(D(2099, 1, 1)) == (
        "The date 01/01/2099 is after today (29/11/2026): only what already happened can be recorded; check the year.",
        ["date_in_future"])
    assert refused(TODAY) == ("", [])
    assert refused(None) == ("", [])


def test_days_ahead():
    assert refused(D(2026, 12, 2), days_ahead=3) == ("", [])
    assert refused(D(2026, 12, 3), days_ahead=3) == (
        "The date 03/12/2026 is more than 3 days after today (29/11/2026): check the year.", ["date_in_future"])


def test_before_founding_or_own_start_refused():
    assert refused(D(1930, 2, 2)) == (
        "The date 02/02/1930 is before the founding of the Party (03/02/1930): check the year.", ["date_too_early"])
    assert refused(D(1930, 2, 3)) == ("", [])
    assert refused(D(2000, 1, 1), not_before=D(2001, 1, 1), not_before_label="the establishment of X") == (
        "The date 01/01/2000 is before the establishment of X (01/01/2001).", ["date_too_early"])


def test_event_days_ahead_setting(settings):
    assert dates.event_days_ahead() == 0
    settings.DANGVU_EVENT_DAYS_AHEAD = 7
    assert dates.event_days_ahead() == 7
