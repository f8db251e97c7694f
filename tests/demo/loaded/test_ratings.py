"""The demo rating rounds (dangvu.demo.ratings): 2017-2025 decided under the rule set of each
year, within the cap in every round, members disciplined in the year "not completed" with the
automatic reason; the demo date's year open, nothing decided."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q

from dangvu.inspections.selectors import disciplined_in_year
from dangvu.ratings import rules, services
from dangvu.ratings.models import Level, Rating, RatingRound

# Regression value of the deterministic demo (seed 2024).
ROUNDS = 755


@pytest.mark.django_db
def test_demo_rounds_follow_the_rules_of_each_year(demo):
    assert RatingRound.objects.count() == ROUNDS
    names = dict(RatingRound.objects.values_list("year", "rule_set__name").distinct())
    assert names == {2017: "262-QĐ/TW", 2018: "132-QĐ/TW", 2019: "132-QĐ/TW", 2020: "132-QĐ/TW", 2021: "132-QĐ/TW", 2022: "132-QĐ/TW", 2023: "124-QĐ/TW", 2024: "124-QĐ/TW",
                     2025: "366-QĐ/TW", 2026: "366-QĐ/TW"}
    undecided = dict(Rating.objects.filter(not_rated="", level="").values_list("round__year")
                     .annotate(n=Count("id")).order_by())
    assert list(undecided) == [2026]
    assert not Rating.objects.filter(round__year=2026).exclude(level="").exists()
    for rnd in RatingRound.objects.filter(year__lte=2025).select_related("rule_set"):
        counts = services.member_counts(rnd)
        assert counts.get(Level.EXCELLENT, 0) <= rules.cap_limit(rnd.share, counts.get(Level.GOOD, 0)), rnd
    for year in (2024, 2025):
        disciplined = set(disciplined_in_year(year).members)
        rated = Rating.objects.filter(round__year=year, member_id__in=disciplined, not_rated="")
        assert rated.exists()
        assert set(rated.values_list("level", flat=True)) == {Level.FAILED}
        assert not rated.filter(Q(automatic="")).exists()
    assert not Rating.objects.filter(round__year=2025, not_rated="", score__isnull=True).exists()
