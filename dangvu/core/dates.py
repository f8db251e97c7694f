"""The bounds of an event date, in one place: every service that records that something
happened on a day (an organization established, renamed, moved, merged or dissolved; a
committee's term; a plan issued; a member's death, transfer or status change) checks the
date here.

- Not before the Party's founding (``FIRST_DAY``, 3 February 1930), nor before the
  subject's own start when it has one (``not_before``: e.g. the organization's establishment).
  Code ``date_too_early``.
- Not after today. Where the rules plan ahead (a restructuring decision signed a few days
  before it takes effect) the service passes ``days_ahead=event_days_ahead()``, the setting
  ``DANGVU_EVENT_DAYS_AHEAD`` (default 0: not after today either). Code ``date_in_future``.

A date typed with a wrong year (2099 for 2026) is thus refused before it can remove a unit
or a member from today's lists.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.errors import field_error

FIRST_DAY = datetime.date(1930, 2, 3)  # the Party's founding


def event_days_ahead() -> int:
    """How many days after today a planned restructuring may be dated (DANGVU_EVENT_DAYS_AHEAD)."""
    return max(0, int(getattr(settings, "DANGVU_EVENT_DAYS_AHEAD", 0)))


def latest_event_day(days_ahead: int = 0, today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=days_ahead)


def event_date_error(field: str, value: datetime.date | None, *, not_before: datetime.date | None = None,
                     not_before_label: str = "", days_ahead: int = 0,
                     today: datetime.date | None = None) -> ValidationError | None:
    """The refusal of `value` as the date of an event (see the module), or None when it is
    within bounds (or absent)."""
    if value is None:
        return None
    today = today or timezone.localdate()
    latest = latest_event_day(days_ahead, today)
    if value > latest:
        if days_ahead:
            msg = _("The date %(date)s is more than %(days)s days after today (%(today)s): check the year.") % {
                "date": formatting.date(value), "days": days_ahead, "today": formatting.date(today)}
        else:
            msg = _("The date %(date)s is after today (%(today)s): only what already happened can be recorded; "
                    "check the year.") % {"date": formatting.date(value), "today": formatting.date(today)}
        return field_error(field, msg, "date_in_future")
    if value < FIRST_DAY:
        return field_error(field, _(
            "The date %(date)s is before the founding of the Party (%(first)s): check the year."
        ) % {"date": formatting.date(value), "first": formatting.date(FIRST_DAY)}, "date_too_early")
    if not_before is not None and value < not_before:
        return field_error(field, _(
            "The date %(date)s is before %(what)s (%(bound)s)."
        ) % {"date": formatting.date(value), "what": not_before_label or _("the start"),
             "bound": formatting.date(not_before)}, "date_too_early")
    return None


def check_event_date(field: str, value: datetime.date | None, **kwargs) -> None:
    """Raise the refusal of ``event_date_error`` when there is one."""
    error = event_date_error(field, value, **kwargs)
    if error is not None:
        raise error
