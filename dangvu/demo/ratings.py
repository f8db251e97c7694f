"""Deterministic demo rating rounds, loaded after the inspections (whose discipline decisions
they read): the bloc's rounds of 2017-2025, opened through the service (the rule set of each
year, the subjects, those not rated and why) and decided in bulk, and the round of the demo
date's year (2026) left open, nothing proposed yet.

Decided levels follow the rules: a member disciplined in the year is "not completed" (the
automatic case, its reason recorded); excellent members stay within the cap of their round
(20% of those rated good, rounded down); under 366-QĐ/TW each level carries a score of its
band. About 88% of the members rated are rated good or above.

The years 2017-2020 (262-QĐ/TW for 2017, 132-QĐ/TW from 2018) draw from a random stream of
their own, so that 2021 onwards stay as they were; they are shaped so that exactly 3 cells
were rated excellent five years in a row, 2017-2021 (the seed: "3 chi bộ tiêu biểu 5 năm
liền (2017 - 2021)"), and no other organization was.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core import bulk
from dangvu.core.actors import SYSTEM
from dangvu.core.formatting import number
from dangvu.inspections.selectors import disciplined_in_year
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization
from dangvu.ratings import rules, services
from dangvu.ratings.models import Level, Rating

from .generator import REFERENCE_DATE

ProgressFn = Callable[[str, dict], None]
EARLY_YEAR, FIRST_YEAR, LAST_DECIDED = 2017, 2021, 2025
STREAK_CELLS = 3
# At least this many grassroots organizations rated excellent in FIRST_YEAR: the bloc
# commends 20 of them for that year (demo.awards, the seed's figure), whatever the draws.
SEED_EXCELLENT_GRASSROOTS = 22
SCORES = {Level.EXCELLENT: 93, Level.GOOD: 82, Level.ADEQUATE: 62, Level.FAILED: 45}


def _level(rng: random.Random) -> str:
    draw = rng.random()
    return Level.GOOD if draw < 0.86 else Level.ADEQUATE if draw < 0.985 else Level.FAILED


class _Loader:
    def __init__(self, *, seed: int, progress: ProgressFn | None):
        self.rng = random.Random(seed + 12)
        self.early_rng = random.Random(seed + 13)
        self.progress = progress or (lambda message, counts: None)
        self.counts = {"rounds": 0, "ratings": 0}

    def _decide(self, year: int, rounds) -> None:
        rng = self.rng if year >= FIRST_YEAR else self.early_rng
        disciplined = disciplined_in_year(year)
        decided_at = timezone.make_aware(datetime.datetime(year, 12, 20, 9, 0))
        scored = rounds and rounds[0].rule_set.scored
        changed = []
        for rnd in rounds:
            ratings = list(Rating.objects.filter(round=rnd, not_rated="").order_by("id"))
            members = [r for r in ratings if r.member_id]
            for r in ratings:
                if r.member_id and r.member_id in disciplined.members:
                    level = Level.FAILED
                    r.automatic = _("%(rule)s: disciplined in %(year)s (%(forms)s)") % {
                        "rule": rnd.rule_set.name, "year": year,
                        "forms": ", ".join(disciplined.members[r.member_id])}
                elif r.organization_id:
                    level = Level.EXCELLENT if rng.random() < 0.25 else Level.GOOD
                else:
                    level = _level(rng)
                r.level = r.proposed_level = r.self_level = level
            good = sum(1 for r in members if r.level == Level.GOOD)
            room = 0  # the most good members that may move up: k <= cap(good - k)
            while room + 1 <= rules.cap_limit(rnd.share, good - room - 1):
                room += 1
            for r in members:  # the best of the good ones, up to the cap counted after they move
                if room <= 0:
                    break
                if r.level == Level.GOOD and rng.random() < 0.3:
                    r.level = r.proposed_level = r.self_level = Level.EXCELLENT
                    room -= 1
            counts = {}
            for r in members:
                counts[r.level] = counts.get(r.level, 0) + 1
            rules.check_cap(rule_set=rnd.rule_set, share_=rnd.share, counts=counts)
            for r in ratings:
                r.score = SCORES[r.level] if scored else None
                r.decided_at = decided_at
            changed += ratings
        Rating.objects.bulk_update(changed, ["level", "proposed_level", "self_level", "automatic", "score",
                                             "decided_at"], batch_size=2000)
        self.counts["ratings"] += len(changed)

    def _seed_excellent_grassroots(self, year: int) -> None:
        """Rate good grassroots organizations excellent, in the tree's order, until
        `SEED_EXCELLENT_GRASSROOTS` of them are (no draw: the other draws stay as they were)."""
        rows = list(Rating.objects.filter(round__year=year, organization__kind__in=GRASSROOTS_KINDS,
                                          level__in=[Level.EXCELLENT, Level.GOOD]).order_by("organization__path"))
        missing = SEED_EXCELLENT_GRASSROOTS - sum(1 for r in rows if r.level == Level.EXCELLENT)
        promoted = [r for r in rows if r.level == Level.GOOD][:max(missing, 0)]
        for r in promoted:
            r.level = r.proposed_level = r.self_level = Level.EXCELLENT
        Rating.objects.bulk_update(promoted, ["level", "proposed_level", "self_level"])

    def _shape_streaks(self) -> None:
        """Exactly `STREAK_CELLS` cells rated excellent 2017-2021 (drawn among the cells rated
        excellent in 2021 and rated every year since 2017); every other organization rated
        excellent in 2021 and each year 2017-2020 is rated good in 2017."""
        years = range(EARLY_YEAR, FIRST_YEAR)
        rows = Rating.objects.filter(organization__isnull=False, round__year__gte=EARLY_YEAR,
                                     round__year__lte=FIRST_YEAR).select_related("organization", "round")
        by_org: dict[int, dict[int, Rating]] = {}
        for r in rows.order_by("organization__path", "round__year"):
            by_org.setdefault(r.organization_id, {})[r.round.year] = r
        candidates = [o for o, got in by_org.items()
                      if got.get(FIRST_YEAR) and got[FIRST_YEAR].level == Level.EXCELLENT
                      and got[FIRST_YEAR].organization.kind == Organization.Kind.CELL and all(y in got for y in years)]
        chosen = set(self.early_rng.sample(candidates, STREAK_CELLS))
        changed = []
        for oid, got in by_org.items():
            early = [got[y] for y in years if y in got]
            if oid in chosen:
                for r in early:
                    r.level = r.proposed_level = r.self_level = Level.EXCELLENT
                changed += early
            elif (got.get(FIRST_YEAR) and got[FIRST_YEAR].level == Level.EXCELLENT and len(early) == len(years)
                  and all(r.level == Level.EXCELLENT for r in early)):
                early[0].level = early[0].proposed_level = early[0].self_level = Level.GOOD
                changed.append(early[0])
        Rating.objects.bulk_update(changed, ["level", "proposed_level", "self_level"], batch_size=2000)

    def run(self) -> dict:
        root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
        bloc = Organization.objects.get(parent=root, kind=Organization.Kind.BLOC, code=f"{root.code}-KHOI")
        for year in range(EARLY_YEAR, REFERENCE_DATE.year + 1):
            opened = datetime.date(year, 11, 15) if year < REFERENCE_DATE.year else REFERENCE_DATE
            rounds = services.round_open(actor=SYSTEM, organization=bloc, year=year, today=opened)
            self.counts["rounds"] += len(rounds)
            if year <= LAST_DECIDED:
                self._decide(year, rounds)
            if year == FIRST_YEAR:
                self._seed_excellent_grassroots(year)
                self._shape_streaks()
            self.progress(_("Rating rounds of %(year)s written.") % {"year": year}, dict(self.counts))
        self.progress(_("Ratings: %(rounds)s rounds, %(ratings)s subjects decided.") % {
            k: number(v) for k, v in self.counts.items()}, dict(self.counts))
        return self.counts


def generate_ratings(*, seed: int = 2024, progress: ProgressFn | None = None) -> dict:
    """Write the demo rating rounds (see the module's docstring) in one transaction."""
    with transaction.atomic():
        counts = _Loader(seed=seed, progress=progress).run()
        bulk.analyze()
        return counts


__all__ = ["generate_ratings"]
