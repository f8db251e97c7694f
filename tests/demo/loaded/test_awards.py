"""The demo commendations (dangvu.demo.awards) give the seed figures from the records: 20
grassroots organizations commended for 2021, and 3 cells with five excellent years in a row
(2017 - 2021) proposed by the streak list of 2021 (and commended from it)."""

from __future__ import annotations

import datetime

import pytest

from dangvu.awards import selectors
from dangvu.awards.models import Commendation
from dangvu.core import measures
from dangvu.core.actors import SYSTEM
from dangvu.orgs.models import Organization
from dangvu.ratings.models import RatingRound

# Regression values of the deterministic demo (seed 2024).
COMMENDATIONS = 1112


@pytest.mark.django_db
def test_demo_commendations_give_the_seed_figures_of_2021(demo):
    assert Commendation.objects.count() == COMMENDATIONS
    names = dict(RatingRound.objects.filter(year__lte=2020).values_list("year", "rule_set__name").distinct())
    assert names == {2017: "262-QĐ/TW", 2018: "132-QĐ/TW", 2019: "132-QĐ/TW", 2020: "132-QĐ/TW"}
    bloc = Organization.objects.get(code__endswith="-KHOI", kind=Organization.Kind.BLOC, parent__parent=None)
    assert selectors.commended_count(actor=SYSTEM, year=2021, grassroots_only=True) == 20
    grassroots = measures.get("awards.commendations_grassroots").records(datetime.date(2021, 1, 1),
                                                                         datetime.date(2021, 12, 31))
    assert grassroots.count() == 20
    streak = selectors.commendation_proposals(actor=SYSTEM, organization=bloc, year=2021, years=5)
    assert len(streak) == 3
    assert {p.organization.kind for p in streak} == {Organization.Kind.CELL}
    assert [[c.streak_text for c in p.commended] for p in streak] == [["2017 - 2021"]] * 3
    assert set(Commendation.objects.values_list("year", flat=True)) == set(range(2017, 2026))
    assert Commendation.objects.filter(member__isnull=False, year=2021).exists()
