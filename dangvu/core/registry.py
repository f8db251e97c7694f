"""Hooks that higher apps publish so that lower ones never import them.

- dissolve checks: a function(organization) -> list of messages saying why it cannot be
  dissolved yet (e.g. members still on its rolls);
- merge handlers: a function(source, target, on, actor) run inside the merge transaction
  to carry records from the absorbed organization to the one absorbing it;
- admission handlers: a function(member, actor) run inside ``members.member_create`` when a
  member admitted here is recorded outside the admissions register (the historical register,
  an import): the register opens its file so that the admission is counted once;
- calendar listeners: a function() run inside the transaction that changed the calendar of
  working days, after the new calendar applies (deadlines kept in working days move).
- bulk admission handlers: the same for many members written at once
  (``members.members_bulk_create``): a function(members, actor, shared) writing the files in bulk
  and returning what it wrote as ``(model, first id, last id)`` for the audit row that
  covers the load (``core.integrity.covers``).
"""

from collections.abc import Callable

_dissolve_checks: list[Callable] = []
_merge_handlers: list[Callable] = []
_admission_handlers: list[Callable] = []
_calendar_listeners: list[Callable] = []
_bulk_admission_handlers: list[Callable] = []


def register_dissolve_check(fn: Callable) -> Callable:
    if fn not in _dissolve_checks:
        _dissolve_checks.append(fn)
    return fn


def register_merge_handler(fn: Callable) -> Callable:
    if fn not in _merge_handlers:
        _merge_handlers.append(fn)
    return fn


def dissolve_blockers(organization) -> list[str]:
    return [msg for check in _dissolve_checks for msg in check(organization)]


def run_merge_handlers(*, source, target, on, actor) -> None:
    for handler in _merge_handlers:
        handler(source=source, target=target, on=on, actor=actor)


def register_admission_handler(fn: Callable) -> Callable:
    if fn not in _admission_handlers:
        _admission_handlers.append(fn)
    return fn


def run_admission_handlers(*, member, actor) -> None:
    for handler in _admission_handlers:
        handler(member=member, actor=actor)


def register_calendar_listener(fn: Callable) -> Callable:
    if fn not in _calendar_listeners:
        _calendar_listeners.append(fn)
    return fn


def run_calendar_listeners() -> None:
    for listener in _calendar_listeners:
        listener()
def register_bulk_admission_handler(fn: Callable) -> Callable:
    if fn not in _bulk_admission_handlers:
        _bulk_admission_handlers.append(fn)
    return fn


def run_bulk_admission_handlers(*, members, actor, shared: dict | None = None) -> list[tuple]:
    """What the handlers wrote: (model, first id, last id) each. `shared`: the conversions
    of the load's values (``core.bulk.insert_columns``)."""
    written = []
    for handler in _bulk_admission_handlers:
        written.extend(handler(members=members, actor=actor, shared=shared))
    return written
