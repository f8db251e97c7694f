"""What the browser tests share: Debian's Chromium driven by Playwright (its own browser
download does not work here), the marks that skip them where Chromium is missing, logging
in through the page, and the check that a page does not overflow sideways.

A module sets ``pytestmark = BROWSER``; the launch arguments and the default context (Vietnamese,
1280×900) are the fixtures of ``tests/web/conftest.py``; a module needing another viewport
overrides ``browser_context_args``."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.factories import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]
LAUNCH_ARGS = {
    "executable_path": CHROMIUM,
    "headless": True,
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
}


def log_in(page, base: str, username: str, password: str = PASSWORD, *, wait: bool = True) -> None:
    """Log in through the login page; `wait`: until the home page has opened."""
    page.goto(base + "/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if wait:
        page.wait_for_url(base + "/")


def menu_link(page, name: str):
    """The link `name` of the site menu, its group opened (the menu's groups are <details>)."""
    nav = page.locator("header.top .main-nav")
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        group = nav.locator("details.nav-group", has=page.get_by_role("link", name=name, exact=True, include_hidden=True))
        group.locator("summary").click()
    return link


def no_overflow(page) -> bool:
    """The page is no wider than the window (printing the elements that stick out when it is)."""
    ok = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if not ok:
        print(page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)
            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""))
    return ok
