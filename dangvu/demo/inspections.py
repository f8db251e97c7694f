"""Deterministic demo inspection, supervision and discipline records, loaded after the
organizations and members of `generator.generate`, through the services (so every record
is checked and audited as a user's would be):

- each year 2021-2026 (2026 up to the demo date), the yearly programs of the bloc's
  committee and of its inspection commission;
- ~45 inspections and ~50 supervisions (~30 thematic, ~20 regular) a year, conducted by the
  bloc over its grassroots organizations or by a grassroots committee over its cells and
  members; most concluded. In 2021 the bloc's records give exactly the seed figures:
  40 organizations and 56 members inspected, 45 organizations and 33 members under
  thematic supervision (counted by the inspections' start dates);
- a few discipline decisions a year (reprimands and warnings, a removal from post), and one
  expulsion, which expels the member through the members service.

Only the bloc's records are made, at every scale (the demo's seed figures are the bloc's).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dangvu.admissions.models import Step
from dangvu.core import bulk
from dangvu.core.actors import SYSTEM
from dangvu.core.formatting import number
from dangvu.inspections import services
from dangvu.inspections.models import InspectionKind, InspectionProgram
from dangvu.members.models import Affiliation, Member
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, under

from .generator import REFERENCE_DATE

ProgressFn = Callable[[str, dict], None]
FIRST_YEAR, LAST_YEAR = 2021, 2026
# Subjects a year (bloc-wide): inspected organizations and members; thematic supervision.
SEED_2021 = {"inspected": (40, 56), "thematic": (45, 33)}
INSPECTIONS, THEMATIC, REGULAR = 45, 30, 20
INSPECTION_KINDS = [("program", 50), ("on_signs", 15), ("lower_levels", 15), ("finances", 15), ("assets", 5)]
TITLES = {
    "program": "Kiểm tra việc chấp hành Điều lệ Đảng và nghị quyết của cấp ủy",
    "on_signs": "Kiểm tra khi có dấu hiệu vi phạm trong quản lý tài chính, tài sản",
    "lower_levels": "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát và thi hành kỷ luật",
    "finances": "Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí",
    "assets": "Kiểm tra việc kê khai tài sản, thu nhập",
    "thematic": "Giám sát chuyên đề việc thực hiện quy định về nêu gương",
    "regular": "Giám sát thường xuyên việc thực hiện nhiệm vụ chính trị của đơn vị",
}
CONCLUSIONS = [
    "Chấp hành tốt nguyên tắc tổ chức, sinh hoạt đảng; không có vi phạm.",
    "Cơ bản chấp hành tốt; còn một số hạn chế trong ghi chép sổ sách, đã yêu cầu khắc phục.",
    "Có thiếu sót trong quản lý đảng phí; yêu cầu kiểm điểm, rút kinh nghiệm.",
]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` as `parts` positive whole numbers (as even as chance makes them)."""
    parts = max(1, min(parts, total))
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


class _Loader:
    def __init__(self, *, seed: int, progress: ProgressFn | None):
        self.rng = random.Random(f"inspections-{seed}")
        self.progress = progress or (lambda message, counts: None)
        self.counts = {"programs": 0, "inspections": 0, "supervisions": 0, "disciplines": 0}
        self.kinds = {k.code: k for k in InspectionKind.objects.all()}

    def _setup(self) -> None:
        root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
        if root is None:
            raise ValueError("no organizations: load the demo organizations and members first")
        self.bloc = Organization.objects.get(parent=root, kind=Organization.Kind.BLOC, code=f"{root.code}-KHOI")
        if InspectionProgram.objects.filter(organization=self.bloc).exists():
            raise ValueError(f"{self.bloc.code} already has inspection programs")
        self.grassroots = list(Organization.objects.filter(under(self.bloc.path), kind__in=GRASSROOTS_KINDS)
                               .order_by("path"))
        self.children = {}
        for org in Organization.objects.filter(under(self.bloc.path), parent__in=self.grassroots).order_by("path"):
            self.children.setdefault(org.parent_id, []).append(org)

    @staticmethod
    def _standing(orgs, start: datetime.date, end: datetime.date):
        return [o for o in orgs if o.established_on <= start and (o.dissolved_on is None or o.dissolved_on > end)]

    def _day(self, year: int) -> datetime.date:
        last = min(datetime.date(year, 12, 15), REFERENCE_DATE - datetime.timedelta(days=10))
        first = datetime.date(year, 1, 20)
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def _members_on(self, org: Organization, on: datetime.date, n: int) -> list[Member]:
        ids = list(Affiliation.objects.filter(under(org.path, "organization__path"), start__lte=on,
                                              member__status__in=[Member.Status.FULL, Member.Status.PROBATIONARY])
                   .filter(Q(end__isnull=True) | Q(end__gt=on)).order_by("member_id")
                   .values_list("member_id", flat=True)[:400])
        if len(ids) < n:
            return []
        return list(Member.objects.filter(pk__in=self.rng.sample(ids, n)).order_by("pk"))

    def _record(self, code: str, start: datetime.date, *, orgs: int = 0, members: int = 0) -> None:
        """One inspection or supervision of `code` starting on `start`, covering `orgs`
        organizations or `members` members (redrawn until the subjects exist)."""
        year_end = datetime.date(start.year, 12, 31)
        for _attempt in range(50):
            by_bloc = orgs and (self.rng.random() < 0.45)
            if orgs:
                if by_bloc:
                    conducting, pool = self.bloc, self._standing(self.grassroots, start, year_end)
                else:
                    conducting = self.rng.choice(self.grassroots)
                    pool = self._standing(self.children.get(conducting.pk, []), start, year_end)
                if not self._standing([conducting], start, year_end) or len(pool) < orgs:
                    continue
                subjects, people = self.rng.sample(pool, orgs), []
            else:
                conducting = self.rng.choice(self.grassroots)
                if not self._standing([conducting], start, year_end):
                    continue
                subjects, people = [], self._members_on(conducting, start, members)
                if not people:
                    continue
            program = self.programs.get(start.year) if conducting == self.bloc and code == "program" else None
            inspection = services.inspection_create(
                actor=SYSTEM, kind=self.kinds[code], organization=conducting, program=program,
                title=TITLES[code], start=start, organizations=subjects, members=people)
            end = start + datetime.timedelta(days=self.rng.randint(10, 45))
            concluded = end + datetime.timedelta(days=self.rng.randint(0, 15))
            if concluded <= REFERENCE_DATE - datetime.timedelta(days=5):
                services.inspection_conclude(actor=SYSTEM, inspection=inspection, conclusion=self.rng.choice(CONCLUSIONS),
                                             concluded_on=concluded, end=end,
                                             findings="Đã làm việc với cấp ủy và đảng viên liên quan; xem xét hồ sơ, sổ sách.")
            self.counts["supervisions" if self.kinds[code].is_supervision else "inspections"] += 1
            return
        raise ValueError(f"no subjects for {code} on {start}")

    def _year(self, year: int) -> None:
        share = 1.0 if year < REFERENCE_DATE.year else (REFERENCE_DATE.timetuple().tm_yday / 365)
        for issuer, number_ in ((InspectionProgram.Issuer.COMMITTEE, f"{year % 100 + 3:02d}-CTr/ĐUK"),
                                (InspectionProgram.Issuer.COMMISSION, f"{year % 100 - 10:02d}-CTr/UBKTĐUK")):
            program = services.program_create(
                actor=SYSTEM, organization=self.bloc, year=year, number=number_, issued_on=datetime.date(year, 1, 8),
                title=f"Chương trình kiểm tra, giám sát năm {year}", issuer=issuer)
            self.programs.setdefault(year, program)
            self.counts["programs"] += 1
        if year == FIRST_YEAR:
            orgs_inspected, members_inspected = SEED_2021["inspected"]
            orgs_thematic, members_thematic = SEED_2021["thematic"]
        else:
            orgs_inspected, members_inspected = (round(self.rng.uniform(34, 48) * share),
                                                 round(self.rng.uniform(45, 65) * share))
            orgs_thematic, members_thematic = (round(self.rng.uniform(38, 52) * share),
                                               round(self.rng.uniform(26, 40) * share))
        n_inspections = round(INSPECTIONS * share)
        by_org = round(n_inspections * 2 / 3)
        kinds = [k for k, _w in INSPECTION_KINDS]
        weights = [w for _k, w in INSPECTION_KINDS]
        for size in _split(orgs_inspected, by_org, self.rng):
            self._record(self.rng.choices(kinds, weights)[0], self._day(year), orgs=size)
        for size in _split(members_inspected, n_inspections - by_org, self.rng):
            self._record(self.rng.choices(kinds, weights)[0], self._day(year), members=size)
        n_thematic = round(THEMATIC * share)
        for size in _split(orgs_thematic, round(n_thematic * 2 / 3), self.rng):
            self._record("thematic", self._day(year), orgs=size)
        for size in _split(members_thematic, n_thematic - round(n_thematic * 2 / 3), self.rng):
            self._record("thematic", self._day(year), members=size)
        for i in range(round(REGULAR * share)):
            if i % 2:
                self._record("regular", self._day(year), orgs=self.rng.randint(1, 3))
            else:
                self._record("regular", self._day(year), members=self.rng.randint(1, 4))

    def _grassroots_of(self, cell_path: str) -> Organization:
        return next(g for g in self.grassroots if cell_path.startswith(g.path))

    @staticmethod
    def _voting_after(on: datetime.date):
        """The cells whose full members vote on an admission or a full membership on or after
        `on`: the admissions register counted their voters when it was written, so nobody
        there may leave the Party before."""
        return Step.objects.filter(kind__in=[Step.Kind.CELL_RESOLUTION, Step.Kind.PROBATION_CELL_RESOLUTION],
                                   on__gte=on).values("candidate__organization_id")

    def _disciplines(self) -> None:
        """A few decisions a year about members (reprimand, warning, a removal from post)
        and one expulsion (in 2023), taken by the member's grassroots organization."""
        plan = {year: ["reprimand", "reprimand", "warning"] + (["removal"] if year % 2 else []) for year in
                range(FIRST_YEAR, LAST_YEAR + 1)}
        plan[2023].append("expulsion")
        taken: set[int] = set()
        for year, forms in plan.items():
            for i, form in enumerate(forms):
                decided = self._day(year)
                decided = min(decided, REFERENCE_DATE - datetime.timedelta(days=20))
                full = form in ("removal", "expulsion")
                # Candidates: on the rolls since before the violation, in the Party then, and
                # (for an expulsion) a full member still, so that the status changes now.
                violation = decided - datetime.timedelta(days=self.rng.randint(40, 400))
                candidates = (Affiliation.objects.filter(under(self.bloc.path, "organization__path"),
                                                         start__lte=violation, end__isnull=True,
                                                         member__status=Member.Status.FULL,
                                                         member__status_since__lte=violation,
                                                         member__full_membership_date__lte=violation
                                                         if full else decided)
                              .exclude(member_id__in=taken)
                              .exclude(organization_id__in=self._voting_after(decided) if form == "expulsion" else [])
                              .order_by("member_id")
                              .values_list("member_id", "organization__path")[:300])
                member_id, path = self.rng.choice(list(candidates))
                taken.add(member_id)
                member = Member.objects.get(pk=member_id)
                body = self._grassroots_of(path)
                services.discipline_create(
                    actor=SYSTEM, form=form, violation_date=violation, deciding_body=body, decided_on=decided,
                    member=member, number=f"{10 + i * 7 + year % 10}-QĐ/ĐU",
                    content="Vi phạm quy định về những điều đảng viên không được làm.")
                self.counts["disciplines"] += 1

    def run(self) -> dict:
        self._setup()
        self.programs: dict[int, InspectionProgram] = {}
        for year in range(FIRST_YEAR, min(LAST_YEAR, REFERENCE_DATE.year) + 1):
            self._year(year)
            self.progress(_("Inspections and supervisions of %(year)s written.") % {"year": year}, dict(self.counts))
        self._disciplines()
        self.progress(_("Inspections: %(inspections)s inspections, %(supervisions)s supervisions, "
                        "%(disciplines)s discipline decisions.") % {k: number(v) for k, v in self.counts.items()},
                      dict(self.counts))
        return self.counts


def generate_inspections(*, seed: int = 2024, progress: ProgressFn | None = None) -> dict:
    """Write the demo inspection records (see the module's docstring) in one transaction and
    return the counts of what was written."""
    with transaction.atomic():
        counts = _Loader(seed=seed, progress=progress).run()
        bulk.analyze()
        return counts


__all__ = ["generate_inspections", "FIRST_YEAR", "LAST_YEAR", "SEED_2021"]
