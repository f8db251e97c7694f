"""The demo as ``dangvu demo`` loads it, loaded once for every test of this folder.

A load of the bloc costs one to three minutes; eight tests loading it each made the suite
crawl. Here the command runs once inside a transaction that is rolled back after the last
test of the folder; each test runs inside it, in its own savepoint (pytest-django's
``django_db``), so what a test changes is gone before the next one. The tests that need an
empty database (the generator alone, a reload with another seed, the files replayed through
the services) stay one folder up."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker) -> str:
    """What ``dangvu demo --if-empty`` printed while loading the demo (in Vietnamese)."""
    with django_db_blocker.unblock(), translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        out = io.StringIO()
        call_command("demo", "--if-empty", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
