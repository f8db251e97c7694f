"""Work done in a forked child process, what it sends streamed back to the parent.

Two uses: a workbook read by calamine under caps (``exchange.tabular``), and a register's
rows checked beside the writing of the rows already checked (``exchange.registers``): work
on two cores where threads would take turns on Python's interpreter lock.

A fork, not a fresh interpreter: the child has what the parent had loaded (Django, the open
file, the organizations looked up) at no cost. The child must not use the parent's database
connections: they are set aside in the child (any query there would open a connection of
its own), never closed nor collected (psycopg would say goodbye to the server on the
parent's socket), and the child leaves with ``os._exit``. What it sends is pickled through
a pipe; the parent may have a thread empty the pipe as fast as the child fills it
(``drain``: a pipe holds 64 KB, and the child would otherwise wait for the parent to ask).
Only the thread that forks lives on in the child: a child never forks with a drained pipe
of its parent's open.
"""

from __future__ import annotations

import io
import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable, Iterator

_kept: list = []  # in a child: the parent's connections, kept from the collector


class Lost(Exception):
    """The child ended without finishing (killed, crashed, or its cap reached)."""


class _End:
    pass


class _Raised:
    def __init__(self, exc: BaseException):
        self.exc = exc


class Child:
    """``produce(send)`` run in a forked child; the parent reads what it sends in order
    (``receive``, or iterate to the end). An exception ``produce`` raises is raised again
    in the parent, at its place in the stream. ``close`` ends the child (killed if still
    running) and waits for it."""

    def __init__(self, produce: Callable[[Callable[[object], None]], None], *, drain: bool = False):
        read_end, write_end = os.pipe()
        self.owner = os.getpid()
        pid = os.fork()
        if pid == 0:
            _run_child(produce, read_end, write_end)  # never returns
        os.close(write_end)
        self.pid = pid
        self.closed = False
        # Closing the pipe closes its end (and, drained, waits for the thread emptying it).
        self._pipe = io.BufferedReader(_Drained(read_end), 1 << 20) if drain else os.fdopen(read_end, "rb")

    def receive(self):
        """The next thing the child sent (never None), None when it has finished; ``Lost``
        when it ended without finishing."""
        try:
            item = pickle.load(self._pipe)
        except (EOFError, pickle.UnpicklingError, OSError, ValueError):
            raise Lost from None
        if isinstance(item, _Raised):
            raise item.exc
        if isinstance(item, _End):
            return None
        return item

    def __iter__(self) -> Iterator:
        while (item := self.receive()) is not None:
            yield item

    def close(self) -> None:
        """End the child and wait for it (in the process that forked it; in a process forked
        from the parent meanwhile, nothing: it is not that process's child)."""
        if self.closed:
            return
        self.closed = True
        if os.getpid() != self.owner:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        self._pipe.close()


def _run_child(produce, read_end: int, write_end: int) -> None:
    status = 0
    try:
        os.close(read_end)
        _set_connections_aside()
        with os.fdopen(write_end, "wb") as out:
            def send(item) -> None:
                pickle.dump(item, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()  # whole, now: the parent may be waiting for the end of it
            try:
                produce(send)
            except Exception as exc:  # noqa: BLE001 - raised again in the parent
                try:
                    send(_Raised(exc))
                except Exception:  # noqa: BLE001 - an exception that does not pickle
                    send(_Raised(RuntimeError(repr(exc))))
            else:
                send(_End())
    except BaseException:  # noqa: BLE001 - the parent sees the pipe end early
        status = 1
    finally:
        os._exit(status)


def _set_connections_aside() -> None:
    """In the child: the parent's database connections kept (never closed nor collected)
    and replaced by fresh ones, which connect only if the child ever queries."""
    from django.db import connections

    for alias in connections:
        _kept.append(connections[alias])
        connections[alias] = connections.create_connection(alias)


class _Drained(io.RawIOBase):
    """The read end of a pipe emptied by a thread as fast as the child fills it; what the
    thread read waits here, in memory, until it is read."""

    def __init__(self, fd: int):
        self.fd, self.chunks, self.pending = fd, queue.SimpleQueue(), b""
        self.thread = threading.Thread(target=self._drain, name="dangvu-forked-pipe", daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        try:
            while data := os.read(self.fd, 1 << 20):
                self.chunks.put(data)
        except OSError:
            pass
        finally:
            self.chunks.put(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.pending is None:
            return 0
        if not self.pending:
            self.pending = self.chunks.get()
            if not self.pending:
                self.pending = None  # the end of the pipe
                return 0
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n

    def close(self) -> None:
        if not self.closed:
            self.thread.join(timeout=5)  # a process forked meanwhile may still hold the pipe open
            os.close(self.fd)
        super().close()
