"""Deterministic demo commendations, loaded after the ratings (whose excellent levels they
read through ``awards.selectors``): for each year 2017-2025, decided on 15 January of the
next year and announced at the review conference of 20 January, through
``awards.services.commendations_decide`` (one decision per deciding body and list):

- the bloc's giấy khen to grassroots organizations rated excellent in the year (about four
  in five of them; exactly 20 for 2021, the seed: "tặng giấy khen cho 20 đảng bộ cơ sở, chi
  bộ cơ sở");
- the bloc's giấy khen to the organizations on the streak list of 2021, five excellent years
  2017 - 2021 (the 3 cells of the seed), and a flag from 2022 to each grassroots organization
  with five excellent years ending that year;
- each grassroots organization's giấy khen to about one in five of its members rated
  excellent;
- the movement "Dân vận khéo" (from 2016) with two titles a year conferred by the bloc.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.awards import rules, selectors, services
from dangvu.awards.models import Commendation, EmulationTitle
from dangvu.core import bulk
from dangvu.core.actors import SYSTEM
from dangvu.core.formatting import number
from dangvu.orgs.models import Organization

ProgressFn = Callable[[str, dict], None]
FIRST_YEAR, LAST_YEAR = 2017, 2025
SEED_YEAR, SEED_GRASSROOTS = 2021, 20
STREAK = 5
Kind = Commendation.Kind


class _Loader:
    def __init__(self, *, seed: int, progress: ProgressFn | None):
        self.rng = random.Random(seed + 14)
        self.progress = progress or (lambda message, counts: None)
        self.counts = {"commendations": 0, "titles": 0}

    def _decide(self, year: int, body: Organization, kind: str, number_: str, *, organizations=(), members=(),
                streak_years: int | None = None, reason: str) -> None:
        if not organizations and not members:
            return
        made = services.commendations_decide(
            actor=SYSTEM, kind=kind, year=year, reason=reason, number=number_, decided_on=datetime.date(year + 1, 1, 15),
            deciding_body=body, organizations=organizations, members=members, streak_years=streak_years,
            conference=f"Hội nghị tổng kết công tác xây dựng Đảng năm {year}",
            conference_on=datetime.date(year + 1, 1, 20))
        self.counts["commendations"] += len(made)

    def _year(self, year: int, bloc: Organization, movement) -> None:
        grassroots = [p.organization for p in selectors.commendation_proposals(
            actor=SYSTEM, organization=bloc, year=year) if p.is_grassroots]
        n = SEED_GRASSROOTS if year == SEED_YEAR else round(len(grassroots) * 0.8)
        chosen = sorted(self.rng.sample(grassroots, n), key=lambda o: o.path)
        self._decide(year, bloc, Kind.UPPER_CERTIFICATE, f"{10 + year % 100}-QĐ/ĐUK", organizations=chosen,
                     reason=f"Hoàn thành xuất sắc nhiệm vụ năm {year}")
        streak = selectors.commendation_proposals(actor=SYSTEM, organization=bloc, year=year, years=STREAK)
        if year == SEED_YEAR:
            self._decide(year, bloc, Kind.UPPER_CERTIFICATE, f"{11 + year % 100}-QĐ/ĐUK",
                         organizations=[p.organization for p in streak if not p.is_grassroots],
                         streak_years=STREAK, reason=f"Tiêu biểu hoàn thành xuất sắc nhiệm vụ 5 năm liền ({year - STREAK + 1} - {year})")
        if year > SEED_YEAR:
            self._decide(year, bloc, Kind.FLAG, f"{12 + year % 100}-QĐ/ĐUK", streak_years=STREAK,
                         organizations=[p.organization for p in streak if p.is_grassroots],
                         reason=f"Tổ chức cơ sở đảng tiêu biểu 5 năm liền ({year - STREAK + 1} - {year})")
        members = selectors.commendation_proposals(actor=SYSTEM, organization=bloc, year=year, subject="members")
        by_grassroots: dict[int, list] = {}
        for p in members:
            if self.rng.random() < 0.2:
                by_grassroots.setdefault(p.member.organization.path.split(".")[2], []).append(p.member)
        bodies = {o.path.split(".")[2]: o for o in Organization.objects.filter(pk__in=[int(k) for k in by_grassroots])}
        for key, chosen_members in sorted(by_grassroots.items()):
            body = bodies[key]
            if body.kind not in rules.BODY_KINDS[Kind.GRASSROOTS_CERTIFICATE]:
                continue
            self._decide(year, body, Kind.GRASSROOTS_CERTIFICATE, f"{year % 100}-QĐ/ĐU", members=chosen_members,
                         reason=f"Đảng viên hoàn thành xuất sắc nhiệm vụ năm {year}")
        for org in chosen[:2]:
            services.title_create(actor=SYSTEM, kind=EmulationTitle.Kind.MOVEMENT, title="Điển hình \"Dân vận khéo\"",
                                  year=year, number=f"{13 + year % 100}-QĐ/ĐUK", decided_on=datetime.date(year + 1, 1, 15),
                                  deciding_body=bloc, organization=org, movement=movement)
            self.counts["titles"] += 1

    def run(self) -> dict:
        root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
        bloc = Organization.objects.get(parent=root, kind=Organization.Kind.BLOC, code=f"{root.code}-KHOI")
        movement = services.movement_create(actor=SYSTEM, name="Dân vận khéo", organization=bloc, first_year=2016,
                                            description="Phong trào thi đua \"Dân vận khéo\" trong các cơ quan Đảng")
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            self._year(year, bloc, movement)
            self.progress(_("Commendations for %(year)s written.") % {"year": year}, dict(self.counts))
        self.progress(_("Commendations: %(commendations)s; emulation titles: %(titles)s.") % {
            k: number(v) for k, v in self.counts.items()}, dict(self.counts))
        return self.counts


def generate_awards(*, seed: int = 2024, progress: ProgressFn | None = None) -> dict:
    """Write the demo commendations (see the module's docstring) in one transaction."""
    with transaction.atomic():
        counts = _Loader(seed=seed, progress=progress).run()
        bulk.analyze()
        return counts


__all__ = ["generate_awards"]
