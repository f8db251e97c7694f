"""Every page of the site, as every role, in Vietnamese: no internal indicator code and no
untranslated English in what a reader sees.

The pages are not listed by hand: every URL pattern of the site is visited (a new page is
walked as soon as it has an address), with its parameters filled from one table; a pattern
whose parameter the table does not know fails the test, so the table grows with the site.

"Untranslated English" is any English word of the catalog's source strings (the msgids) that
no Vietnamese translation uses: a string left out of the catalog, or shown without going
through it, shows its English words."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

from dangvu.plans.models import Indicator
from tests.support import client_for, text
from tests.web.routes import NOT_PAGES, PARAM, addresses, fill, patterns, resolve_values

# Words of the catalog's English that a Vietnamese page may show as they are.
KEPT = {"English", "Excel", "PDF", "CSV", "HTMX", "CCCD", "Email", "email", "Word", "OK"}

WORD = re.compile(r"(?<!\w)([A-Za-z]{3,})(?!\w)")


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


def test_every_page_as_every_role_has_no_code_and_no_english(tree, site):
    english = _english_words()
    codes = sorted(Indicator.objects.values_list("code", flat=True), key=len, reverse=True)
    code_pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, codes)) + r")(?!\w)")
    pages = [(name, route) for name, route in patterns() if name not in NOT_PAGES]
    assert len(pages) >= 25, pages  # the walk found the site's pages

    seen, walked, problems = 0, 0, []
    for role, user in site["roles"].items():
        client = client_for(user)
        # Committee A, inside every role's scope but the cell's staff, who read their own cell.
        unit = user.organization if user.organization.depth > tree.committee_a.depth else tree.committee_a
        urls = [url for name, route in pages for url in addresses(name, route, tree, site, unit)]
        walked += len(urls)
        for url in urls:
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
    for name, route in patterns():
        if name in NOT_PAGES:
            continue
        good = re.search(r"^/(.*)$", addresses(name, route, tree, site, tree.committee_a)[0]).group(1)
        values = dict(zip([p for _c, p in PARAM.findall(route)], resolve_values(route, good), strict=True))
        for converter, param in PARAM.findall(route):
            for hostile in HOSTILE.get("period_code" if param == "period_code" else converter, []):
                url = fill(route, {**values, param: hostile})
                response = client.get(url)
                if response.status_code == 405:  # a write: its form posted
                    response = client.post(url, {"org": hostile})
                tried += 1
                assert response.status_code == 404, (url[:120], response.status_code)
    assert tried >= 40

