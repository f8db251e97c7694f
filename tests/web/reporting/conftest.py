"""Fixtures of the reporting pages."""

from __future__ import annotations

import pytest

from dangvu.orgs.models import Organization


@pytest.fixture(autouse=True)
def _enterprise_committee(request):
    """Committee A is an enterprise on these pages: it is asked for the enterprise figures
    (revenue, social insurance, ...) as well as the party-building ones (13 in all)."""
    if "tree" in request.fixturenames:
        tree = request.getfixturevalue("tree")
        Organization.objects.filter(pk=tree.committee_a.pk).update(sector=Organization.Sector.ENTERPRISE)
        tree.committee_a.refresh_from_db()
