"""What the tests share, in one module:

- builders for plans tests: plans, indicators, targets, entered values and admitted
  members, all made through the services (``dangvu.plans.services``,
  ``dangvu.members.services``), as a user would make them;
- ``count_queries``: the number of statements a call runs (query budgets);
- page helpers: a logged-in client and the page as a reader sees it.
"""

from __future__ import annotations

import datetime
import html as html_lib
import re
from collections.abc import Callable
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangvu.core.actors import SYSTEM
from dangvu.core.periods import parse
from dangvu.members.models import Member
from dangvu.plans import rollup, services
from dangvu.plans.catalog import load_default_catalog
from dangvu.plans.models import Indicator, Plan, Result
from tests.factories import make_member

D = datetime.date


def catalog() -> dict[str, Indicator]:
    """The default catalog (loaded through its service), by indicator code."""
    load_default_catalog()
    return {i.code: i for i in Indicator.objects.all()}


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


def page_queries(client: Client, url: str, **headers) -> int:
    """How many statements a page costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# Pages

def client_for(user, language: str = "vi") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
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
