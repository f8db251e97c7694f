"""Two connections at once, for the race tests (PostgreSQL only: SQLite's IMMEDIATE
transactions take the database write lock at BEGIN, so its writers never overlap).

``hold_while(first, second)`` runs ``first()`` in a transaction on one connection and keeps
that transaction open (its row locks, advisory locks and uncommitted rows) while
``second()`` runs in a transaction on another connection; then lets ``first`` commit.
Each side's outcome is a :class:`Side`: the value returned or the exception raised, and
for ``second`` whether it was still waiting when ``first`` let go.

Tests using it are marked ``@pytest.mark.django_db(transaction=True)`` (the threads must
see the data the test made) and ``on_postgresql``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import translation

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a race needs two writers at once: SQLite's IMMEDIATE transactions serialize them at BEGIN",
)

#: How long `second` is given to finish on its own before `first` commits (seconds).
PAUSE = 0.5
_TIMEOUT = 15


@dataclass
class Side:
    value: Any = None
    error: BaseException | None = None
    waited: bool = False  # still running when the other side let go of its transaction


def _run(fn: Callable[[], Any], side: Side, language: str, held: threading.Event | None = None,
         release: threading.Event | None = None) -> None:
    translation.activate(language)  # the test's language (translation is per thread)
    try:
        with transaction.atomic():
            side.value = fn()
            if held is not None:
                held.set()
                release.wait(_TIMEOUT)
    except BaseException as exc:  # handed to the test
        side.error = exc
    finally:
        if held is not None:
            held.set()
        connection.close()


def hold_while(first: Callable[[], Any], second: Callable[[], Any], *, pause: float = PAUSE) -> tuple[Side, Side]:
    """(first's side, second's side); see the module's docstring."""
    a, b = Side(), Side()
    held, release = threading.Event(), threading.Event()
    language = translation.get_language()
    one = threading.Thread(target=_run, args=(first, a, language, held, release))
    one.start()
    assert held.wait(_TIMEOUT), "the first transaction never got going"
    two = threading.Thread(target=_run, args=(second, b, language))
    two.start()
    two.join(pause)
    b.waited = two.is_alive()
    release.set()
    one.join(_TIMEOUT)
    two.join(_TIMEOUT)
    assert not one.is_alive() and not two.is_alive(), "a transaction is stuck"
    return a, b
