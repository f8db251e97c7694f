"""core.forked: what a forked child sends comes back in order, its exception is raised in
the parent, and a child that dies is reported, never waited for forever."""

from __future__ import annotations

import os

import pytest

from dangvu.core import forked
from dangvu.core.errors import RuleViolation


@pytest.mark.parametrize("drain", [False, True])
def test_what_the_child_sends_comes_back_in_order(drain):
    child = forked.Child(lambda send: [send(("part", i, "x" * 50_000)) for i in range(5)], drain=drain)
    assert [(kind, i, len(text)) for kind, i, text in child] == [("part", i, 50_000) for i in range(5)]
    child.close()


def test_an_exception_in_the_child_is_raised_in_the_parent_where_it_stood():
    def produce(send):
        send(1)
        raise RuleViolation("Trang tính có quá nhiều dòng.", code="too_many_rows")

    child = forked.Child(produce)
    assert child.receive() == 1
    with pytest.raises(RuleViolation) as excinfo:
        child.receive()
    assert (excinfo.value.code, excinfo.value.messages) == ("too_many_rows", ["Trang tính có quá nhiều dòng."])
    child.close()


def test_a_child_that_dies_is_lost_and_waited_for():
    child = forked.Child(lambda send: (send("first"), os._exit(3)))
    assert child.receive() == "first"
    with pytest.raises(forked.Lost):
        child.receive()
    child.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)


def test_the_child_does_not_use_the_parent_s_database_connection(db):
    from django.db import connection

    connection.ensure_connection()
    parent = connection.connection

    def produce(send):
        from django.db import connection as theirs

        send(theirs.connection is None and theirs is not None)

    child = forked.Child(produce)
    assert child.receive() is True
    child.close()
    assert connection.connection is parent
    with connection.cursor() as cursor:  # still the parent's, still working
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
