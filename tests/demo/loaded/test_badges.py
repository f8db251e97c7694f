"""The demo Party badges (dangvu.demo.badges): awarded on the real dates of 2021–2026 through
the services, numbered, with an early award for illness, never to a member a discipline
wait keeps off, every record audited."""

from __future__ import annotations

import pytest

from dangvu.awards import selectors
from dangvu.awards.models import Badge
from dangvu.core import integrity
from dangvu.demo.badges import award_dates
from dangvu.orgs.models import Organization

# Regression values of the deterministic demo (seed 2024).
BADGES, EARLY = 247, 24


@pytest.mark.django_db
def test_demo_badges_on_the_real_dates(demo):
    dates = award_dates()
    assert len(dates) == 24 and dates[0].isoformat() == "2021-02-03" and dates[-1].isoformat() == "2026-11-07"
    assert Badge.objects.count() == BADGES
    assert Badge.objects.exclude(early_reason="").count() == EARLY
    assert set(Badge.objects.values_list("awarded_on", flat=True)) <= set(dates)
    assert Badge.objects.exclude(number="").count() == Badge.objects.count()
    assert {m for m in Badge.objects.values_list("milestone", flat=True)} >= {30, 40, 50}
    root = Organization.objects.get(parent__isnull=True)
    for on in dates:
        listing = selectors.badge_list_engine(organization=root, on=on)
        assert listing.eligible == []  # every list was awarded
        assert not {r.member.pk for r in listing.excluded} & {b.member_id for b in listing.awarded}
    assert integrity.unaudited() == []
