"""Measures: figures counted from records, published by the app that keeps the records.

A measure is a queryset factory: for a date range it returns the records counted, each
attributed to the organization it belongs to (`org_field`). The rollup engine groups them
over the tree as it stood, so `plans` counts admissions without importing `members`:

    measures.register(Measure(key="members.admitted", label=_("Members admitted"),
                              records=lambda start, end: Affiliation.objects.filter(...),
                              org_field="organization_id", snapshot=False))

`snapshot=True` measures are counted at the end of the period (e.g. members on the rolls
on 31/12) and so are not summed over sub-periods.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    records: Callable[[datetime.date, datetime.date], QuerySet]
    org_field: str = "organization_id"
    snapshot: bool = False
    describe: Callable | None = None  # record -> short text, for "what is this figure made of"


_registry: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    _registry[measure.key] = measure
    return measure


def get(key: str) -> Measure:
    try:
        return _registry[key]
    except KeyError:
        raise KeyError(f"unknown measure {key!r}; known: {', '.join(sorted(_registry))}") from None


def all_measures() -> list[Measure]:
    return sorted(_registry.values(), key=lambda m: m.key)
