"""Hypothesis: whatever the order of proposals and decisions, the members rated excellent in
a grassroots organization never exceed the cap (20% of those rated good, rounded down), and a
refusal happens only when the write would break it."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, codes
from dangvu.ratings import rules, services
from dangvu.ratings.models import LEVELS, Rating

from .helpers import members, open_round

pytestmark = pytest.mark.django_db
SIZE = 12
STEPS = st.lists(st.tuples(st.integers(0, SIZE - 1), st.sampled_from(LEVELS), st.booleans()), max_size=30)


def _within_cap(rnd) -> bool:
    counts = services.member_counts(rnd)
    return counts.get("excellent", 0) <= rules.cap_limit(rnd.share, counts.get("good", 0))


@pytest.fixture
def round_2024(tree):
    members(tree.cell_a1, SIZE)
    return open_round(tree.committee_a, 2024)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_the_cap_is_never_exceeded_whatever_the_order(round_2024, steps):
    rnd = round_2024
    with transaction.atomic():
        ratings = list(Rating.objects.filter(round=rnd, member__isnull=False).order_by("id"))
        for index, level, decide in steps:
            rating = Rating.objects.get(pk=ratings[index].pk)
            before = services.member_counts(rnd)
            try:
                if decide and rating.proposed_level and not rating.level:
                    services.rating_decide(actor=SYSTEM, rating=rating, level=level, note="Quyết định khác đề xuất")
                elif not rating.level:
                    services.rating_propose(actor=SYSTEM, rating=rating, level=level)
            except RuleViolation as exc:
                assert codes(exc) == ["cap_exceeded"]
                # Refused only when the write would have broken the cap.
                after = dict(before)
                if rating.current_level:
                    after[rating.current_level] -= 1
                after[level] = after.get(level, 0) + 1
                assert after.get("excellent", 0) > rules.cap_limit(rnd.share, after.get("good", 0))
                assert services.member_counts(rnd) == before
            assert _within_cap(rnd)
        transaction.set_rollback(True)
