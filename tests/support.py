"""What the tests share, in one module:

- builders for plans tests: plans, indicators, targets, entered values and admitted
  members, all made through the services (``dangvu.plans.services``,
  ``dangvu.members.services``), as a user would make them;
- ``count_queries``: the number of statements a call runs (query budgets);
- ``refused_alike``: a refusal function and its service say the same words;
- ``hold_while``: two transactions at once on two connections (race tests, PostgreSQL);
- page helpers: a logged-in client and the page as a reader sees it.
"""

from __future__ import annotations

import datetime
import html as html_lib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation, codes
from dangvu.core.periods import parse
from dangvu.members.models import Member
from dangvu.plans import rollup, services
from dangvu.plans.catalog import load_default_catalog
from dangvu.plans.models import Indicator, Plan, ReportingForm, Result
from tests.factories import make_member, message

D = datetime.date


def catalog() -> dict[str, Indicator]:
    """The default catalog (loaded through its service), by indicator code."""
    load_default_catalog()
    return {i.code: i for i in Indicator.objects.all()}


#: Typed Party-work figures for the tests that need more than the one the catalog keeps typed
#: (``TCCSD_QUAN_TRIET``; the inspections, supervisions and ratings are counted from their
#: registers, the classes will be): (code, name, unit), entered summed counts.
TYPED_WORK = [
    ("HN_CHUYEN_DE", "Hội nghị chuyên đề", "hội nghị"),
    ("BUOI_THOI_SU", "Buổi thông tin thời sự", "buổi"),
    ("HN_SO_KET", "Hội nghị sơ kết, tổng kết", "hội nghị"),
    ("TC_TU_KIEM_TRA", "Tổ chức đảng tự kiểm tra", "tổ chức"),
    ("DV_NEU_GUONG", "Đảng viên đăng ký nêu gương", "đảng viên"),
    ("CB_CHUYEN_DE", "Chi bộ sinh hoạt chuyên đề", "chi bộ"),
    ("DV_NOI_CU_TRU", "Đảng viên sinh hoạt nơi cư trú", "đảng viên"),
]
#: The class figures, typed until the classes register counts them.
CLASS_FIGURES = ["LOP_NHAN_THUC", "LOP_DANG_VIEN_MOI", "LOP_NGHIEP_VU"]


def typed_catalog() -> dict[str, Indicator]:
    """The default catalog (see ``catalog``) with the typed figures of ``TYPED_WORK``, created
    through the service, on the quarterly form ``BC_QUY`` in that order before
    ``TCCSD_QUAN_TRIET``; the class figures are taken off the form, so that what the units
    type does not change when the classes register takes them over."""
    inds = catalog()
    form = ReportingForm.objects.get(code="BC_QUY")
    first = inds["TCCSD_QUAN_TRIET"].sort_order - len(TYPED_WORK)
    for n, (code, name, unit) in enumerate(TYPED_WORK):
        if code not in inds:
            inds[code] = indicator(code, name, unit=unit, sort_order=first + n)
            form.indicators.add(inds[code])
    form.indicators.remove(*[inds[code] for code in CLASS_FIGURES if code in inds])
    return inds


def indicator(code: str, name: str, **fields) -> Indicator:
    """An entered, summed count unless told otherwise."""
    return services.indicator_create(actor=SYSTEM, code=code, name=name, **fields)


def make_plan(organization, code: str, period: str, *, kind: str = Plan.Kind.ANNUAL_PLAN, actor=SYSTEM,
              title: str = "", number: str = "", issued_on: datetime.date | None = None, **extra) -> Plan:
    first = int(period[:4])
    return services.plan_create(
        actor=actor, code=code, kind=kind, organization=organization, title=title or f"Kế hoạch {code}",
        issued_on=issued_on or D(first, 1, 5), period=period, number=number, **extra,
    )


def target(plan: Plan, ind: Indicator, value, *, organization=None, period: str | None = None, actor=SYSTEM,
           **extra):
    return services.target_set(actor=actor, plan=plan, indicator=ind, organization=organization or plan.organization,
                               period=period or plan.period, value=value, **extra)


def enter(ind: Indicator, organization, period: str, value, *, actor=SYSTEM, comment: str = "") -> Result:
    """Save a unit's value as a user would: with the version last read (None when new)."""
    current = Result.objects.filter(indicator=ind, organization=organization, period=parse(period).code).first()
    return services.result_save(actor=actor, indicator=ind, organization=organization, period=period,
                                value=value, version=current.version if current else None, comment=comment)


def admit(cell, n: int, year: int, *, start: int = 0, prefix: str = "Đảng viên", **fields) -> list:
    """``n`` members admitted to ``cell`` with admission decisions spread over ``year``."""
    out = []
    for i in range(start, start + n):
        out.append(make_member(
            cell, full_name=f"{prefix} {cell.code} {year} {i:04d}",
            gender=Member.Gender.FEMALE if i % 2 else Member.Gender.MALE,
            birth_date=D(1990 + i % 10, 1 + i % 12, 1 + i % 28),
            admission_decision_date=D(year, 1 + i % 12, 1 + (i * 7) % 28),
            **fields,
        ))
    return out


def value(ind: Indicator, organization, period: str, **kwargs) -> Decimal | None:
    """The rollup engine's value of ``ind`` for ``organization`` (its subtree) in ``period``."""
    return rollup.compute([ind], parse(period), rollup.Scope(organization.path, frozenset([organization.pk])),
                          **kwargs).get((ind.pk, organization.pk))


def values(ind: Indicator, organizations, period: str, **kwargs) -> dict:
    """{organization: value} for several organizations in one rollup (None when no data)."""
    root = min(organizations, key=lambda o: len(o.path))
    got = rollup.compute([ind], parse(period), rollup.Scope(root.path[:9], frozenset(o.pk for o in organizations)),
                         **kwargs)
    return {o: got.get((ind.pk, o.pk)) for o in organizations}


def count_queries(call: Callable[[], object]) -> int:
    """How many statements `call()` runs (its result is discarded)."""
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


# Refusals: the page's words are the service's

OUTSIDE = "You may not change records outside your organization."
READ_ONLY = "Your account is read-only."


def refused_alike(refusal: str, write: Callable[[], object], code: str | None) -> None:
    """`write()` is refused with the words of `refusal` (not empty) and `code` (None: a
    PermissionDenied, which has no code)."""
    assert refusal
    if code is None:
        with pytest.raises(PermissionDenied) as exc:
            write()
        assert str(exc.value) == refusal
        return
    with pytest.raises(RuleViolation) as exc:
        write()
    assert (message(exc), codes(exc.value)) == (refusal, [code])


# Races: two connections at once (PostgreSQL only: SQLite's IMMEDIATE transactions take the
# database write lock at BEGIN, so its writers never overlap). Tests using them are marked
# ``on_postgresql`` and ``@pytest.mark.django_db(transaction=True)`` (the threads must see
# the data the test made).

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a race needs two writers at once: SQLite's IMMEDIATE transactions serialize them at BEGIN",
)
#: Seconds, at most, for a transaction to get going, to start waiting, or to finish.
RACE_TIMEOUT = 15


@dataclass
class Side:
    """One transaction of a race: the value returned or the exception raised, and (for the
    second) whether it was waiting for a lock the first held."""

    value: Any = None
    error: BaseException | None = None
    waited: bool = False


def _run_side(fn: Callable[[], Any], side: Side, language: str, held: threading.Event | None = None,
              release: threading.Event | None = None) -> None:
    translation.activate(language)  # the test's language (translation is per thread)
    try:
        with transaction.atomic():
            side.value = fn()
            if held is not None:
                held.set()
                release.wait(RACE_TIMEOUT)
    except BaseException as exc:  # handed to the test
        side.error = exc
    finally:
        if held is not None:
            held.set()
        connection.close()


def _waits_for_a_lock(thread: threading.Thread, locktype: str | None) -> bool:
    """Whether `thread` comes to wait for a lock (one of the database not granted, of
    `locktype` when given: "advisory", "transactionid", ...), rather than finish, within
    RACE_TIMEOUT seconds."""
    deadline = time.monotonic() + RACE_TIMEOUT
    sql = "SELECT count(*) FROM pg_locks WHERE NOT granted" + (" AND locktype = %s" if locktype else "")
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(sql, [locktype] if locktype else [])
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return thread.is_alive()


def hold_while(first: Callable[[], Any], second: Callable[[], Any], *, locktype: str | None = None
               ) -> tuple[Side, Side]:
    """Run `first()` in a transaction on one connection and keep that transaction open (its
    row locks, advisory locks, uncommitted rows) while `second()` runs in a transaction on
    another, until `second` finishes or waits for a lock (of `locktype`, when given); then
    let `first` commit. Returns (first's side, second's side); `second.waited` says whether
    it waited."""
    a, b = Side(), Side()
    held, release = threading.Event(), threading.Event()
    language = translation.get_language()
    one = threading.Thread(target=_run_side, args=(first, a, language, held, release), daemon=True)
    one.start()
    assert held.wait(RACE_TIMEOUT), "the first transaction never got going"
    two = threading.Thread(target=_run_side, args=(second, b, language), daemon=True)
    two.start()
    try:
        b.waited = _waits_for_a_lock(two, locktype)
    finally:
        release.set()
        one.join(RACE_TIMEOUT)
        two.join(RACE_TIMEOUT)
    assert not one.is_alive() and not two.is_alive(), "a transaction is stuck"
    return a, b


def page_queries(client: Client, url: str, **headers) -> int:
    """How many statements a page costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# Pages

def client_for(user, language: str = "vi") -> Client:
    """A client logged in as `user`, having chosen `language` (the cookie the header's
    language form sets)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def plain(fragment: str) -> str:
    """HTML as a reader sees it: tags dropped, entities read, whitespace collapsed."""
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip())


def text(response) -> str:
    """The page as a reader sees it (scripts, styles and drawings left out)."""
    return plain(re.sub(r"<(script|style|svg)\b.*?</\1>", " ", response.content.decode(), flags=re.S))


def options(response, name: str, *, within: str = "") -> list[str]:
    """The options of the select named `name` (in the element of id `within`, if given)."""
    page = response.content.decode()
    if within:
        page = page[page.index(f'id="{within}"'):]
    select = page[page.index(f'name="{name}"'):]
    select = select[:select.index("</select>")]
    return [html_lib.unescape(o).strip() for o in re.findall(r"<option[^>]*>([^<]*)</option>", select)]
