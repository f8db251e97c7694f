"""A register taking over, in an existing database, a figure of the catalog the units typed.

For data migrations (they pass their historical ``apps``): ``count_from_register`` switches one
indicator of the default catalog to a measure, the way ``services.indicator_count_from`` does
for a user, and takes it off the quarterly reporting form (the units no longer type it):

- typed values exist for it: the register counts it from the first day of the current
  quarter (``Indicator.counted_from``); the quarters before keep the values the units typed
  and keep counting (see ``rollup.compute``); nothing typed is deleted;
- nothing was ever typed: the register counts it for every period (``counted_from`` None).

A database whose catalog was never loaded (``dangvu catalog``) is left alone: the catalog
creates the figures as measures from the start. Kept free of the app's models and services
so that a later migration can call it as it is (the classes register will switch the three
class figures with it)."""

from __future__ import annotations

import datetime

from django.utils import timezone

#: The quarterly reporting form the units type the Party-work figures on.
QUARTERLY_FORM = "BC_QUY"


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the quarter holding `day`."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def count_from_register(apps, code: str, measure_key: str, *, today: datetime.date | None = None) -> bool:
    """Switch the typed indicator `code` to the measure `measure_key` (see the module).
    Returns False when there is no such typed indicator (catalog not loaded, already switched)."""
    Indicator = apps.get_model("plans", "Indicator")
    Result = apps.get_model("plans", "Result")
    ReportingForm = apps.get_model("plans", "ReportingForm")
    indicator = Indicator.objects.filter(code=code, source="entered").first()
    if indicator is None:
        return False
    typed = Result.objects.filter(indicator=indicator).exists()
    indicator.source, indicator.measure_key = "measure", measure_key
    indicator.counted_from = quarter_start(today or timezone.localdate()) if typed else None
    indicator.save(update_fields=["source", "measure_key", "counted_from"])
    for form in ReportingForm.objects.filter(code=QUARTERLY_FORM):
        form.indicators.remove(indicator)
    return True


def count_back_as_typed(apps, code: str) -> bool:
    """The reverse of ``count_from_register``: `code` typed again (its typed values are all
    still there; the form gets it back). Returns False when it is not a counted indicator."""
    Indicator = apps.get_model("plans", "Indicator")
    ReportingForm = apps.get_model("plans", "ReportingForm")
    indicator = Indicator.objects.filter(code=code, source="measure").first()
    if indicator is None:
        return False
    indicator.source, indicator.measure_key, indicator.counted_from = "entered", "", None
    indicator.save(update_fields=["source", "measure_key", "counted_from"])
    for form in ReportingForm.objects.filter(code=QUARTERLY_FORM):
        form.indicators.add(indicator)
    return True
