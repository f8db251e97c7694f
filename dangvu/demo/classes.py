"""Deterministic demo classes and resolution study sessions of the demo bloc, 2021-2026,
loaded after the admissions register (``register``, inside ``generator.generate``), in bulk
with one audit row ("demo.classes") covering what it wrote:

- **Party awareness classes** held by the bloc each year: the year's awareness-class
  certificates recorded in the admission files of the bloc's cells, in date order, are
  split among the year's classes; each class ends on the day of its first certificate and
  its attendees are those candidates, passed, with the certificate of their file (its
  number and date; ``Attendee.step`` is that step). So the files' certificates come from
  the classes, as ``classes.services.certificates_issue`` would have recorded them.
- **New-member classes** the same from the files' new-member class certificates
  (attendees: the members admitted through the register).
- **Professional training classes** in Party-building work, held by the bloc: 15-25
  members of its organizations each, all passed and certified on the last day.
- In 2023 the bloc holds exactly 6 awareness classes and 4 new-member classes (the seed's
  "10 lớp bồi dưỡng nhận thức về Đảng và bồi dưỡng lý luận chính trị dành cho đảng viên
  mới", as the demo plans split them: LOP_NHAN_THUC 6, LOP_DANG_VIEN_MOI 4) and 4
  professional classes ("4 lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng"); other years
  3 to 7 of each.
- **Resolution study**: each grassroots organization of the bloc studies the year's two
  resolutions, the members present out of those on its rolls.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils.translation import gettext as _

from dangvu.admissions.models import Step
from dangvu.classes.models import (
    AWARENESS,
    NEW_MEMBER,
    PROFESSIONAL,
    Attendee,
    Course,
    CourseKind,
    CourseSession,
    StudySession,
)
from dangvu.core import audit, bulk, integrity
from dangvu.core.actors import SYSTEM
from dangvu.core.formatting import number
from dangvu.members.models import Member
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, under

from .generator import REFERENCE_DATE

ProgressFn = Callable[[str, dict], None]
FIRST_YEAR, LAST_YEAR = 2021, 2026
SEED_YEAR = 2023
SEED = {AWARENESS: 6, NEW_MEMBER: 4, PROFESSIONAL: 4}
GRADES = ["Giỏi", "Khá", "Khá", "Khá", "Trung bình"]
TOPICS = {
    AWARENESS: ["Chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh", "Lịch sử Đảng Cộng sản Việt Nam",
                "Điều lệ Đảng", "Đường lối, chính sách của Đảng, pháp luật của Nhà nước"],
    NEW_MEMBER: ["Nhiệm vụ, quyền hạn của đảng viên", "Tổ chức và hoạt động của chi bộ",
                 "Nghị quyết Đại hội Đảng các cấp", "Rèn luyện, tu dưỡng của đảng viên dự bị"],
    PROFESSIONAL: ["Nghiệp vụ công tác tổ chức, đảng viên", "Nghiệp vụ công tác kiểm tra, giám sát",
                   "Nghiệp vụ công tác văn phòng cấp ủy", "Quản lý hồ sơ đảng viên"],
}
PLACES = ["Hội trường Đảng ủy Khối", "Trung tâm Chính trị", "Hội trường Trường Chính trị tỉnh"]
RESOLUTIONS = {
    2021: ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
           "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương khóa XIII"],
    2022: ["Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa XIII",
           "Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XIII"],
    2023: ["Nghị quyết Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XIII",
           "Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XIII"],
    2024: ["Nghị quyết Hội nghị lần thứ chín Ban Chấp hành Trung ương khóa XIII",
           "Nghị quyết Hội nghị lần thứ mười Ban Chấp hành Trung ương khóa XIII"],
    2025: ["Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo",
           "Nghị quyết số 66-NQ/TW về đổi mới công tác xây dựng và thi hành pháp luật"],
    2026: ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
           "Nghị quyết Hội nghị lần thứ hai Ban Chấp hành Trung ương khóa XIV"],
}
STUDY_MONTHS = (3, 9)


def _chunks(items: list, parts: int) -> list[list]:
    """`items` in `parts` consecutive runs as even as can be."""
    size, extra = divmod(len(items), parts)
    out, i = [], 0
    for k in range(parts):
        n = size + (1 if k < extra else 0)
        out.append(items[i:i + n])
        i += n
    return [c for c in out if c]


class _Loader:
    def __init__(self, *, seed: int, progress: ProgressFn | None):
        self.rng = random.Random(f"classes-{seed}")
        self.progress = progress or (lambda message, counts: None)
        self.kinds = {k.code: k for k in CourseKind.objects.all()}
        self.counts = {"courses": 0, "attendees": 0, "certificates": 0, "studies": 0}
        self.sessions: list[CourseSession] = []

    def _setup(self) -> None:
        root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
        if root is None:
            raise ValueError("no organizations: load the demo organizations and members first")
        self.bloc = Organization.objects.get(parent=root, kind=Organization.Kind.BLOC, code=f"{root.code}-KHOI")
        if Course.objects.filter(organizer=self.bloc).exists():
            raise ValueError(f"{self.bloc.code} already has classes")

    def _classes_in(self, code: str, year: int) -> int:
        return SEED[code] if year == SEED_YEAR else self.rng.randint(3, 7)

    def _course(self, code: str, year: int, n: int, start: datetime.date, end: datetime.date) -> Course:
        kind = self.kinds[code]
        course = Course.objects.create(kind=kind, organizer=self.bloc, name=f"{kind.name} đợt {n}/{year}",
                                       start=start, end=end, place=self.rng.choice(PLACES))
        days = (end - start).days + 1
        for i, topic in enumerate(TOPICS[code][:days]):
            self.sessions.append(CourseSession(course=course, on=start + datetime.timedelta(days=i), topic=topic))
        self.counts["courses"] += 1
        return course

    def _from_steps(self, code: str, step_kind: str) -> None:
        """The classes whose certificates are the files' steps of `step_kind` (see the module)."""
        steps = (Step.objects.filter(kind=step_kind, on__year__gte=FIRST_YEAR,
                                     candidate__organization__path__startswith=self.bloc.path)
                 .select_related("candidate").order_by("on", "id"))
        by_year = defaultdict(list)
        for step in steps:
            if step_kind == Step.Kind.NEW_MEMBER_CLASS and not step.candidate.member_id:
                continue
            by_year[step.on.year].append(step)
        rows = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for n, chunk in enumerate(_chunks(by_year[year], self._classes_in(code, year)), start=1):
                end = chunk[0].on
                course = self._course(code, year, n, end - datetime.timedelta(days=4), end)
                for step in chunk:
                    person = ({"member_id": step.candidate.member_id} if code == NEW_MEMBER
                              else {"candidate_id": step.candidate_id})
                    rows.append(Attendee(course=course, result=Attendee.Result.PASSED, grade=self.rng.choice(GRADES),
                                         certificate_number=step.document_number, certificate_date=step.on,
                                         step=step, **person))
        Attendee.objects.bulk_create(rows, batch_size=1000)
        self.counts["attendees"] += len(rows)
        self.counts["certificates"] += len(rows)

    def _professional(self) -> None:
        members = list(Member.objects.filter(under(self.bloc.path, "organization__path"), on_roll=True,
                                             status=Member.Status.FULL)
                       .order_by("id").values_list("id", "admission_decision_date"))
        rows = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            classes = self._classes_in(PROFESSIONAL, year)
            for n in range(1, classes + 1):
                start = datetime.date(year, 2 + (n - 1) * 9 // classes, 8 + self.rng.randint(0, 12))
                end = start + datetime.timedelta(days=2)
                if end >= REFERENCE_DATE:
                    continue
                course = self._course(PROFESSIONAL, year, n, start, end)
                pool = [pk for pk, admitted in members if admitted and admitted < start]
                for i, pk in enumerate(self.rng.sample(pool, min(len(pool), self.rng.randint(15, 25))), start=1):
                    rows.append(Attendee(course=course, member_id=pk, result=Attendee.Result.PASSED,
                                         grade=self.rng.choice(GRADES), certificate_number=f"{i}-GCN/NV{n}-{year}",
                                         certificate_date=end))
        Attendee.objects.bulk_create(rows, batch_size=1000)
        self.counts["attendees"] += len(rows)
        self.counts["certificates"] += len(rows)

    def _studies(self) -> None:
        grassroots = list(Organization.objects.filter(under(self.bloc.path), kind__in=GRASSROOTS_KINDS)
                          .order_by("path"))
        on_rolls = {}
        for org in grassroots:
            on_rolls[org.pk] = Member.objects.filter(under(org.path, "organization__path"), on_roll=True).aggregate(
                n=Count("id"))["n"]
        rows = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for resolution, month in zip(RESOLUTIONS[year], STUDY_MONTHS, strict=True):
                for org in grassroots:
                    on = datetime.date(year, month, 1 + self.rng.randint(0, 27))
                    if on >= REFERENCE_DATE or org.established_on > on or (org.dissolved_on and org.dissolved_on <= on):
                        continue
                    expected = max(on_rolls[org.pk], 3)
                    present = expected - min(expected - 1, self.rng.choice([0, 0, 1, 1, 2, 3]))
                    rows.append(StudySession(organization=org, resolution=resolution, on=on, present=present,
                                             expected=expected))
        StudySession.objects.bulk_create(rows, batch_size=1000)
        self.counts["studies"] = len(rows)

    def run(self) -> dict:
        self._setup()
        self._from_steps(AWARENESS, Step.Kind.AWARENESS_CERTIFICATE)
        self._from_steps(NEW_MEMBER, Step.Kind.NEW_MEMBER_CLASS)
        self._professional()
        CourseSession.objects.bulk_create(self.sessions, batch_size=1000)
        self._studies()
        loaded = [(model, *model.objects.aggregate(lo=Min("pk"), hi=Max("pk")).values())
                  for model in (Course, StudySession)]
        audit.record(actor=SYSTEM, action="demo.classes", obj=self.bloc, changes=integrity.covers(*loaded),
                     scope_path=self.bloc.path, note=" ".join(f"{k}={v}" for k, v in self.counts.items()))
        self.progress(_("Classes: %(courses)s with %(attendees)s attendees and %(certificates)s certificates; "
                        "%(studies)s resolution study sessions.") % {k: number(v) for k, v in self.counts.items()},
                      self.counts)
        return self.counts


def generate_classes(*, seed: int = 2024, progress: ProgressFn | None = None) -> dict:
    """Write the demo classes and study sessions (see the module's docstring) in one
    transaction and return the counts of what was written."""
    with transaction.atomic():
        counts = _Loader(seed=seed, progress=progress).run()
        bulk.analyze()
        return counts


__all__ = ["generate_classes", "FIRST_YEAR", "LAST_YEAR", "SEED", "SEED_YEAR"]
