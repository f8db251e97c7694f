"""Hooks that higher apps publish so that lower ones never import them.

- dissolve checks: a function(organization) -> list of messages saying why it cannot be
  dissolved yet (e.g. members still on its rolls);
- merge handlers: a function(source, target, on, actor) run inside the merge transaction
  to carry records from the absorbed organization to the one absorbing it.
"""

from collections.abc import Callable

_dissolve_checks: list[Callable] = []
_merge_handlers: list[Callable] = []


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
