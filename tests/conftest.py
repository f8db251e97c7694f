"""Shared fixtures. Data is made through the services (see ``tests/factories.py``).

- ``tree``: the organization tree drawn in :class:`tests.factories.Tree`;
- ``users``: accounts of that tree (:class:`tests.factories.Users`), password
  ``tests.factories.PASSWORD``;
- ``make_member``: a factory ``make_member(organization, **fields)`` recording a member
  through ``members.services.member_create``;
- ``english``: run a test in English (service messages are asserted word for word);
- ``today``: fix the clock (``django.utils.timezone.localdate``) to :data:`TODAY`.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import translation

from tests import factories

#: The date ``today`` fixes the clock to.
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Accounts made by the tests hash their passwords with one fast round (Django's advice
    for tests): a PBKDF2 hash costs about half a second here, and nearly every test makes
    accounts. The site itself keeps Django's default hashers."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _fresh_working_days():
    """The working-day calendar's cache (``core.workdays``) forgets what an earlier test's
    rolled-back changes made of it."""
    from dangvu.core import workdays

    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language: a request made in English leaves English
    active in the test's thread (LocaleMiddleware activates it and nothing resets it)."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def tree(db) -> factories.Tree:
    """province → bloc → committees A (cells a1, a2, sub-committee with cell_sub) and B
    (cells b1, b2), plus a grassroots cell under the bloc; all established 1 Jan 2010."""
    factories.ensure_seeds()
    return factories.build_tree()


@pytest.fixture
def calendar_seeds(db) -> None:
    """The rows the data migrations seed (make-up working Saturdays, rule sets, inspection
    kinds), even after a transactional test flushed them (``tree`` ensures them too)."""
    factories.ensure_seeds()


@pytest.fixture
def users(tree) -> factories.Users:
    """``bloc_admin`` (admin of the bloc), ``staff_a`` (staff of committee A), ``viewer``
    (read-only, bloc), ``admin_a`` (admin of committee A), created with
    ``orgs.accounts.user_create``."""
    return factories.build_users(tree)


@pytest.fixture
def make_member(db):
    """``make_member(organization, *, actor=SYSTEM, **fields) -> Member``: see
    :func:`tests.factories.make_member` for the defaults."""
    return factories.make_member


@pytest.fixture
def english():
    """Service messages in English, whatever the default language."""
    with translation.override("en"):
        yield


@pytest.fixture
def today(monkeypatch) -> datetime.date:
    """Freeze ``django.utils.timezone.localdate`` (what the services call "today")."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY
