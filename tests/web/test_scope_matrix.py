"""The scope matrix: every address of the site (from the URL configuration) × every role of
committee A (administrator, staff, read-only) × an object inside its scope, outside it (of
committee B) and one that does not exist, read (GET) and posted (POST with the CSRF token,
as the test client sends it, and without):

- outside and nonexistent answer the same 404, with the same page: an address does not tell
  whether a record exists beyond one's scope;
- a read-only account posting to an address that writes is refused with 403;
- a post without the CSRF token is refused with 403;
- none of these writes anything: the audit log does not grow;
- never a server error.

A new address is in the matrix as soon as it exists; one with a parameter the table of
`tests/web/routes.py` does not know, or not listed as reading or writing, fails the test."""

from __future__ import annotations

import pytest
from django.test import Client

from dangvu.core.models import AuditEntry
from tests.factories import make_user
from tests.support import text
from tests.web.routes import NOWHERE, PARAM, READING, build_site, fill, parameters, patterns

#: A plan code no plan has.
NO_PLAN = "KHONG-CO-KE-HOACH"
#: Parameters naming a record (the others, a period, an indicator, an action, name no one's).
SCOPED = {"plan_code"}


def _scoped(route: str) -> list[str]:
    return [p for converter, p in PARAM.findall(route) if converter == "id" or p in SCOPED]


def _urls(name: str, route: str, values: dict) -> list[str]:
    combos = [{}]
    for param, value in values.items():
        combos = [{**c, param: v} for c in combos for v in (value if isinstance(value, list) else [value])]
    return [fill(route, c) for c in combos]


def _cases(name: str, route: str, tree, site) -> dict[str, list[str]]:
    """{case: addresses}: inside (committee A), outside (committee B), nonexistent."""
    inside = parameters(name, route, site, tree.committee_a, tree)
    cases = {"inside": _urls(name, route, inside)}
    scoped = _scoped(route)
    if scoped:
        outside = parameters(name, route, {**site, **site["outside"]}, tree.committee_b, tree)
        assert all(outside[p] != inside[p] for p in scoped), (name, inside, outside)
        nowhere = {**inside, **{p: NO_PLAN if p == "plan_code" else NOWHERE for p in scoped}}
        cases.update(outside=_urls(name, route, outside), nonexistent=_urls(name, route, nowhere))
    return cases


def _client(user, *, csrf: bool = False) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi", enforce_csrf_checks=csrf)
    client.raise_request_exception = False
    client.force_login(user)
    return client


@pytest.fixture
def world(tree, users, make_member):
    site = build_site(tree, users, make_member, outside=True)
    reader = make_user(tree.committee_a, "viewer_stc", "viewer", actor=users.bloc_admin, full_name="Người xem STC")
    return site, {"administrator": users.admin_a, "staff": users.staff_a, "read-only": reader}


def test_every_address_every_role_inside_outside_nonexistent(tree, world):
    site, roles = world
    routes = list(patterns())
    names = {name for name, _route in routes}
    assert len(routes) >= 45, names
    writing = names - READING
    audit = AuditEntry.objects.count()
    runs, problems = 0, []

    def check(label, response, expected):
        nonlocal runs
        runs += 1
        status = response.status_code
        if status not in expected:
            problems.append(f"{label}: {status}, expected {sorted(expected)}")
        if AuditEntry.objects.count() != audit:
            problems.append(f"{label}: wrote {AuditEntry.objects.count() - audit} audit rows")
            return 0
        return status

    pending = []  # read-only posts answered 404 inside: the administrator's must be 404 too
    for role, user in roles.items():
        client, no_csrf = _client(user), _client(user, csrf=True)
        for name, route in routes:
            cases = _cases(name, route, tree, site)
            for url in cases["inside"]:
                label = f"{role} inside {name} {url}"
                check(f"{label} GET", client.get(url), {200, 302, 400, 403, 404, 405})
                check(f"{label} POST without CSRF", no_csrf.post(url, {}), {403})
                if role == "read-only" and name in writing:  # a writer's post may write: the last pass
                    if check(f"{label} POST", client.post(url, {}), {403, 404}) == 404:
                        pending.append(url)
                if name == "logout":
                    client.force_login(user)
            # Outside and nonexistent: the same answer, the same page; 404 unless the role may
            # not use the page at all (403 either way) or the method is not the page's (405).
            for out, nowhere in zip(cases.get("outside", []), cases.get("nonexistent", []), strict=True):
                answers = {}
                for case, url in (("outside", out), ("nonexistent", nowhere)):
                    label = f"{role} {case} {name} {url}"
                    get, post = client.get(url), client.post(url, {})
                    check(f"{label} GET", get, {404, 405} | ({403} if role != "administrator" else set()))
                    check(f"{label} POST", post, {404} | ({403} if role != "administrator" else set()))
                    check(f"{label} POST without CSRF", no_csrf.post(url, {}), {403})
                    answers[case] = [(r.status_code, text(r).replace(url, "")) for r in (get, post)]
                if answers["outside"] != answers["nonexistent"]:
                    problems.append(f"{role} {name} {out} and {nowhere}: outside and nonexistent answer differently: "
                                    f"{[a[0] for a in answers['outside']]} {[a[0] for a in answers['nonexistent']]}")
    assert problems == [], "\n".join(problems)

    # Writers posting inside their scope: whatever the answer, never a server error.
    for role in ("administrator", "staff"):
        client = _client(roles[role])
        for name, route in routes:
            if name in writing:
                for url in _cases(name, route, tree, site)["inside"]:
                    runs += 1
                    status = client.post(url, {}).status_code
                    if role == "administrator" and url in pending:
                        assert status == 404, (name, url, status)
                    assert status in (200, 302, 400, 403, 404, 405, 409), (role, name, url, status)
    print(f"scope matrix: {len(routes)} addresses, {runs} requests")
    assert runs >= 900, runs
