"""Every page of the site, as every role, in Vietnamese: no internal indicator code and no
untranslated English in what a reader sees.

The pages are not listed by hand: every URL pattern of the site is visited (a new page is
walked as soon as it has an address), with its parameters filled from one table; a pattern
whose parameter the table does not know fails the test, so the table grows with the site.

"Untranslated English" is any English word of the catalog's source strings (the msgids) that
no Vietnamese translation uses: a string left out of the catalog, or shown without going
through it, shows its English words."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dangvu.members import services as member_services
from dangvu.orgs import services as org_services
from dangvu.plans import services as plan_services
from dangvu.plans.models import Indicator
from dangvu.web.orgs.views import ORGANIZATION_ACTIONS
from tests.factories import make_user
from tests.support import catalog, client_for, text

# Addresses that answer no HTML page to read.
NOT_PAGES = {"logout", "healthz", "set_language"}
# Words of the catalog's English that a Vietnamese page may show as they are.
KEPT = {"English", "Excel", "PDF", "CSV", "HTMX", "CCCD", "Email", "email", "Word", "OK"}

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
WORD = re.compile(r"(?<!\w)([A-Za-z]{3,})(?!\w)")


def _patterns(resolver=None, prefix: str = "", namespace: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def _english_words() -> set[str]:
    """English words of the catalog's msgids that no Vietnamese msgstr uses."""
    path = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        po = read_po(handle)
    english, vietnamese = set(), set()
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            english.update(w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)\w|\{\w+\}", " ", msgid)))
        for msgstr in strs:
            vietnamese.update(w.lower() for w in WORD.findall(msgstr))
    return english - vietnamese - {w.lower() for w in KEPT}


@pytest.fixture
def site(tree, users, make_member):
    """A little of everything, so that every page has something to show: a plan with targets
    handed down, reported values, members, a key task."""
    codes = catalog()
    admin = users.bloc_admin
    plan = plan_services.plan_create(
        actor=admin, code="CTHD-2023", kind="action_program", organization=tree.bloc, number="05-CTr/ĐUK",
        title="Chương trình hành động năm 2023", issued_on=datetime.date(2023, 1, 10), period="2023")
    for order, (code, value) in enumerate([("KET_NAP", 4), ("LOP_NHAN_THUC", 10), ("DOANH_THU", 1000)]):
        plan_services.target_set(actor=admin, plan=plan, indicator=codes[code], organization=tree.bloc,
                                 period="2023", value=value, sort_order=order)
    plan_services.target_cascade(actor=admin, plan=plan, indicator=codes["LOP_NHAN_THUC"], period="2023",
                                 shares={tree.committee_a: 6, tree.committee_b: 4})
    for org, value in [(tree.committee_a, 4), (tree.committee_b, 3)]:
        plan_services.result_save(actor=admin, indicator=codes["LOP_NHAN_THUC"], organization=org,
                                  period="2023", value=value, version=None)
    plan_services.result_save(actor=admin, indicator=codes["DOANH_THU"], organization=tree.committee_a,
                              period="2023", value=Decimal("1234.5"), version=None)
    member = make_member(tree.cell_a1, full_name="Nguyễn Văn Được", admission_decision_date=datetime.date(2023, 2, 10))
    member = member_services.member_transfer(actor=admin, member=member, to_organization=tree.cell_a2,
                                             on=datetime.date(2024, 3, 1), decision="12-QĐ/ĐU")
    committee = org_services.committee_create(actor=admin, organization=tree.committee_a,
                                              term_start=datetime.date(2025, 1, 1), term_end=datetime.date(2030, 1, 1))
    seat = member_services.seat_assign(actor=admin, committee=committee, member=member, role="committee_member",
                                       start=datetime.date(2025, 1, 1))
    task = plan_services.task_create(actor=admin, plan=plan, organization=tree.committee_a,
                                     title="Tổ chức hội nghị quán triệt nghị quyết")
    target = plan.targets.get(indicator=codes["LOP_NHAN_THUC"], organization=tree.bloc)
    cell_staff = make_user(tree.cell_a1, "staff_chibo", "staff", actor=admin, full_name="Cán bộ Chi bộ 1")
    return {
        "plan": plan, "member": member, "task": task, "target": target, "codes": codes, "seat": seat,
        "change": member.status_changes.first(), "transfer": member.transfers.order_by("pk").last(),
        "roles": {"admin": admin, "staff": users.staff_a, "viewer": users.viewer, "cell staff": cell_staff},
    }


def _addresses(name: str, route: str, tree, site, unit) -> list[str]:
    """The addresses of the page `name` (one for each value of a parameter with several),
    about `unit`."""
    by_name = {
        "org_pk": unit.pk,
        "period_code": "2023",
        "indicator_code": "LOP_NHAN_THUC",
        "plan_code": site["plan"].code,
        "target_pk": site["target"].pk,
        "task_pk": site["task"].pk,
        "change_pk": site["change"].pk,
        "transfer_pk": site["transfer"].pk,
        "seat_pk": site["seat"].pk,
    }
    special = {
        ("orgs:detail", "pk"): unit.pk,
        ("orgs:children", "pk"): unit.pk,
        ("orgs:export", "pk"): unit.pk,
        ("orgs:action", "pk"): tree.sub_a.pk if unit == tree.committee_a else unit.pk,
        ("orgs:action", "action"): sorted(ORGANIZATION_ACTIONS),
    }
    kwargs = [{}]
    for _converter, param in PARAM.findall(route):
        if (name, param) in special:
            value = special[(name, param)]
        elif name.startswith("members:") and param == "pk":
            value = site["member"].pk
        elif name.startswith("accounts:") and param == "pk":
            value = site["roles"]["cell staff"].pk
        elif param in by_name:
            value = by_name[param]
        else:
            raise AssertionError(f"the page {name} has a parameter {param!r}: add a value for it to this test")
        kwargs = [{**k, param: v} for k in kwargs for v in (value if isinstance(value, list) else [value])]
    return [reverse(name, kwargs=k) for k in kwargs]


def _fill(route: str, values: dict) -> str:
    """The address of `route` with its parameters replaced by `values` as they are (no
    converter checks them: hostile values too)."""
    return "/" + PARAM.sub(lambda m: str(values[m.group(2)]), route)


def test_every_page_as_every_role_has_no_code_and_no_english(tree, site):
    english = _english_words()
    codes = sorted(Indicator.objects.values_list("code", flat=True), key=len, reverse=True)
    code_pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, codes)) + r")(?!\w)")
    pages = [(name, route) for name, route in _patterns() if name not in NOT_PAGES]
    assert len(pages) >= 25, pages  # the walk found the site's pages

    seen, walked, problems = 0, 0, []
    for role, user in site["roles"].items():
        client = client_for(user)
        # Committee A, inside every role's scope but the cell's staff, who read their own cell.
        unit = user.organization if user.organization.depth > tree.committee_a.depth else tree.committee_a
        addresses = [url for name, route in pages for url in _addresses(name, route, tree, site, unit)]
        walked += len(addresses)
        for url in addresses:
            response = client.get(url)
            assert response.status_code in (200, 302, 400, 403, 404, 405), (role, url, response.status_code)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            seen += 1
            page = text(response)
            found = sorted(set(code_pattern.findall(page)))
            words = sorted({w for w in WORD.findall(page) if w.lower() in english})
            if found or words:
                problems.append(f"{role} {url} ({response.status_code}): codes {found} English {words}")
    assert problems == [], "\n".join(problems)
    assert seen >= walked * 3 // 4



HOSTILE = {
    "id": ["999999999999999999", "9" * 40, "9" * 5000],
    "period_code": ["0000", "0001", "9999", "0999", "1000-9999", "2020-2099", "9" * 5000],
}


def test_hostile_parameters_are_not_found_never_a_server_error(tree, site):
    """Every page, its record numbers and periods replaced one at a time by hostile values
    (a number past every record, 40 and 5.000 digits, periods outside 1930 to ten years
    ahead): 404, never a server error."""
    client = client_for(site["roles"]["admin"])
    client.raise_request_exception = False
    tried = 0
    for name, route in _patterns():
        if name in NOT_PAGES:
            continue
        good = re.search(r"^/(.*)$", _addresses(name, route, tree, site, tree.committee_a)[0]).group(1)
        values = dict(zip([p for _c, p in PARAM.findall(route)], resolve_values(route, good), strict=True))
        for converter, param in PARAM.findall(route):
            for hostile in HOSTILE.get("period_code" if param == "period_code" else converter, []):
                url = _fill(route, {**values, param: hostile})
                response = client.get(url)
                if response.status_code == 405:  # a write: its form posted
                    response = client.post(url, {"org": hostile})
                tried += 1
                assert response.status_code == 404, (url[:120], response.status_code)
    assert tried >= 40


def resolve_values(route: str, path: str) -> list[str]:
    """The values of `route`'s parameters in `path` (an address made from it)."""
    pattern = "^" + PARAM.sub(lambda m: "([^/]+)", re.escape(route).replace("\\<", "<").replace("\\>", ">")) + "$"
    return list(re.match(pattern, path).groups())
