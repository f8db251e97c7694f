"""What `dangvu verify` checks: each app registers the checks of its own records (the tree's
paths against its parents, members' derived fields against their history, ...) and the
models whose every row must have an audit row. A check returns the list of what is wrong,
as sentences; an empty list means sound.

A bulk load (the demo) writes one audit row for everything it loads; its ``changes`` say
what it covers: ``{"covers": {"members.member": [first_id, last_id], ...}}``."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import AuditEntry

_checks: list[tuple[object, Callable[[], list[str]]]] = []
_audited: list = []


def register_check(name, check: Callable[[], list[str]]) -> None:
    if (name, check) not in _checks:
        _checks.append((name, check))


def register_audited(model) -> None:
    if model not in _audited:
        _audited.append(model)


def covers(*models_and_ranges) -> dict:
    """The ``changes`` of a bulk load's audit row: ``covers((Member, 1, 5000), ...)``."""
    return {"covers": {m._meta.label_lower: [lo, hi] for m, lo, hi in models_and_ranges if lo is not None}}


def unaudited() -> list[str]:
    """Rows of the audited models with no audit row about them (nor a bulk load covering them)."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for entry in AuditEntry.objects.filter(changes__has_key="covers").only("changes"):
        for label, (lo, hi) in entry.changes["covers"].items():
            ranges.setdefault(label, []).append((lo, hi))
    problems = []
    for model in _audited:
        ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
        audited = AuditEntry.objects.filter(content_type=ct).values("object_id")
        covered = Q()
        for lo, hi in ranges.get(model._meta.label_lower, []):
            covered |= Q(pk__gte=lo, pk__lte=hi)
        missing = model.objects.exclude(pk__in=audited)
        if covered:
            missing = missing.exclude(covered)
        ids = list(missing.order_by("pk").values_list("pk", flat=True)[:21])
        if ids:
            problems.append(_("%(model)s without an audit row: %(ids)s") % {
                "model": model._meta.verbose_name_plural, "ids": ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")})
    return problems


def run() -> list[tuple[str, list[str]]]:
    """Every registered check with what it found, in registration order."""
    return [(str(name), check()) for name, check in [*_checks, (_("Audit trail"), unaudited)]]
