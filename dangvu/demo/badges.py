"""Deterministic demo Party badges, loaded after the inspections (whose discipline decisions
keep some members off the lists), through the services (checked and audited as a user's
would be):

- on each standard award date of 2021–2026 up to the demo date (3/2, 19/5, 2/9, 7/11), the
  whole list of the tree's root is awarded under one decision of the province's standing
  committee, with badge numbers in sequence; the first list (3/2/2021) also gives the badges
  owed from before, as the committees caught up when the register started;
- on each date, the first member of the early list (serious illness) receives the badge
  early, with the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.awards import badges, selectors, services
from dangvu.awards.models import Badge
from dangvu.core import bulk
from dangvu.core.actors import SYSTEM
from dangvu.core.formatting import number
from dangvu.orgs.models import Organization

from .generator import REFERENCE_DATE

ProgressFn = Callable[[str, dict], None]
FIRST_YEAR, LAST_YEAR = 2021, 2026


def award_dates() -> list[datetime.date]:
    return [d for year in range(FIRST_YEAR, LAST_YEAR + 1) for d in badges.standard_dates(year) if d <= REFERENCE_DATE]


def generate_badges(*, seed: int = 2024, progress: ProgressFn | None = None) -> dict:
    """Award the demo badges (see the module's docstring) in one transaction."""
    progress = progress or (lambda message, counts: None)
    counts = {"badges": 0, "early": 0}
    root = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    if root is None:
        return counts
    serial = 100000 + seed % 1000 * 10
    with transaction.atomic():
        for n, on in enumerate(award_dates(), start=1):
            decided = on - relativedelta(days=7)
            listing = selectors.badge_list_engine(organization=root, on=on)
            if listing.eligible:
                numbers = {}
                for row in listing.eligible:
                    serial += 1
                    numbers[row.member.pk] = f"{serial:06d}"
                made = services.badge_award_list(
                    actor=SYSTEM, organization=root, awarded_on=on, decision_number=f"{100 + n}-QĐ/TU",
                    decision_date=decided, numbers=numbers)
                counts["badges"] += len(made)
            early = [row for row in listing.early if row.reason == badges.ILLNESS]
            if early:
                serial += 1
                services.badge_award(actor=SYSTEM, member=early[0].member, milestone=early[0].due.milestone,
                                     awarded_on=on, decision_number=f"{100 + n}a-QĐ/TU", decision_date=decided,
                                     number=f"{serial:06d}", early_reason=badges.ILLNESS,
                                     early_note="Ốm nặng, gia đình và chi bộ đề nghị tặng sớm")
                counts["badges"] += 1
                counts["early"] += 1
        bulk.analyze()
    progress(_("Party badges: %(n)s awarded on %(dates)s award dates.") % {
        "n": number(Badge.objects.count()), "dates": len(award_dates())}, counts)
    return counts


__all__ = ["generate_badges"]
