"""The demo's admissions register, written in bulk by the generator (``generator``).

- Every member admitted from 2021 in the cells of the demo bloc (the first province's
  "Khối") came through the register: a file (``source=register``) with its steps in order,
  as ``admissions.services.step_record`` would have recorded them: the awareness class
  certificate, 1-KNĐ to 9-KNĐ, the ceremony (the member's own dates), the probation papers
  and, once the 12 months passed and the member is full, 13-KNĐ to 16-KNĐ. Introducers and
  helpers are full members of the cell on the day (or of its grassroots organization when the
  cell has too few; a union's resolution with one member where only one is found), the
  cell's votes are at least the rule set's share of its full members that day, the candidate
  is 18 to 60 on the cell's resolution; the deadlines are mostly kept.
- A person whose admission was decided in the last weeks and whose ceremony is still to come
  is not a member yet: the file waits for the ceremony (the member generator leaves them out).
- A few probationary members are past their 12 months and 30 working days without the
  cell's consideration; their record stays probationary.
- About 60 candidates are in the pipeline on the reference date, at every step, a few late
  (a decision past its 60 working days, a ceremony past its 30); a few files were closed.
- Every other member admitted here (before 2021, or outside the demo bloc) has the
  historical file ``admissions.services.historical_file`` makes, in the cell of the admission.

The derived fields of each file come from ``admissions.services.derive_fields`` and the
deadlines from ``admissions.rules``, as the services compute them.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import CharField, TextField

from dangvu.admissions import rules
from dangvu.admissions import services as admission_services
from dangvu.admissions.models import Candidate as AdmissionFile
from dangvu.admissions.models import Introduction, Step
from dangvu.core import workdays
from dangvu.core.text import normalize
from dangvu.members.models import Affiliation, Member
from dangvu.orgs.models import Organization

K = Step.Kind
REGISTER_FROM = datetime.date(2021, 1, 1)
PIPELINE = 60  # open files before the ceremony on the reference date
DECISIONS_LATE = 3  # cell resolutions past their 60 working days without a decision
CEREMONIES_LATE = 2  # decisions received more than 30 working days ago, no ceremony yet
CLOSED = 3  # files closed before the decision
P_OVERDUE_PROBATION = 0.15  # of probationers 50-130 days past their 12 months
OVERDUE_WINDOW = (50, 130)
CLOSED_REASONS = {
    "transfer_out": "Chuyển sinh hoạt đảng ra ngoài đảng bộ trong thời gian dự bị",
    "deceased": "Từ trần trong thời gian dự bị",
    "removed": "Xóa tên trong thời gian dự bị",
    "left": "Xin ra khỏi Đảng trong thời gian dự bị",
    "readmitted": "Xin ra khỏi Đảng trong thời gian dự bị",
    "expelled": "Khai trừ",
}
WITHDRAWN_REASONS = [
    "Chuyển công tác ra ngoài đơn vị",
    "Xin rút khỏi danh sách quần chúng ưu tú",
    "Thẩm tra lý lịch chưa đủ điều kiện xem xét kết nạp",
]


ORDER = {kind: i for i, kind in enumerate(rules.SPECS)}
NUMBERS = {  # document numbers, by step ({n}: a number, {body}: the grassroots committee)
    K.AWARENESS_CERTIFICATE: "{n}-GCN/TTCT", K.NEW_MEMBER_CLASS: "{n}-GCN/TTCT", K.VERIFICATION: "{n}-CV/{body}",
    K.CELL_RESOLUTION: "{m}-NQ/CB", K.PROBATION_CELL_RESOLUTION: "{m}-NQ/CB",
    K.SUBCOMMITTEE_APPRAISAL: "{n}-BC/ĐBBP", K.PROBATION_SUBCOMMITTEE_APPRAISAL: "{n}-BC/ĐBBP",
    K.COMMITTEE_RESOLUTION: "{n}-NQ/ĐU", K.PROBATION_COMMITTEE_RESOLUTION: "{n}-NQ/ĐU",
    K.DECISION: "{n}-QĐ/ĐUK", K.RECOGNITION: "{n}-QĐ/ĐUK",
}


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _row_class(model):
    """A row of `model` as written: its columns without the model instance (~16.000 steps
    in the bloc; the generator's writer inserts them as rows). Text columns default to ""."""
    defaults = [(f.attname, "" if isinstance(f, CharField | TextField) and not f.null else None)
                for f in model._meta.concrete_fields]

    class Row:
        __slots__ = [name for name, _default in defaults]

        def __init__(self, **values):
            for name, default in defaults:
                setattr(self, name, values.get(name, default))

    Row.__name__ = Row.__qualname__ = f"{model.__name__}Row"
    return Row


_StepRow = _row_class(Step)
_IntroductionRow = _row_class(Introduction)


@dataclass(eq=False)
class Person:
    member: Member  # unsaved; its id is written only when the person is a member
    cell: object  # the generator's Node of the admission cell
    decided: datetime.date | None = None
    ceremony: datetime.date | None = None
    full: datetime.date | None = None
    full_decision: str = ""
    exit_on: datetime.date | None = None
    exit_kind: str | None = None
    is_member: bool = True


class Register:
    """The admission files of one run of the generator (see the module)."""

    def __init__(self, gen, reference: datetime.date):
        self.gen, self.reference = gen, reference
        self.bloc = None

    def start_province(self, index: int, bloc) -> None:
        """The register is kept in `bloc` (None: none in this province)."""
        self.bloc = bloc
        self.rng = random.Random(f"dangvu-demo-admissions:{self.gen.seed}:{index}")
        self.people: list[Person] = []
        # cell id -> [(member id, on the rolls from, until, full from)]
        self.roster: dict[int, list[tuple]] = defaultdict(list)

    # -- while the members are generated ---------------------------------------------------

    def takes(self, cell, decided: datetime.date, transfer_in: bool) -> bool:
        """Whether this admission went through the register."""
        return not transfer_in and self.bloc is not None and cell.bloc is self.bloc and decided >= REGISTER_FROM

    def stays_on_probation(self, full: datetime.date) -> bool:
        """A probationer past the 12 months and 30 working days, not yet considered."""
        lo, hi = OVERDUE_WINDOW
        return self.reference - _days(hi) <= full <= self.reference - _days(lo) and (
            self.rng.random() < P_OVERDUE_PROBATION)

    def on_rolls(self, member_id: int, affiliations: list, full: datetime.date | None) -> None:
        """The member's spells on the rolls of the bloc's cells, with the date they were full
        from (for the votes, the introducers and the helpers)."""
        if self.bloc is None:
            return
        for org, start, end, reason, _end_reason in affiliations:
            if org.bloc is self.bloc:
                full_from = None if reason == Affiliation.Reason.READMISSION else full
                self.roster[org.id].append((member_id, start, end, full_from))

    def admitted(self, person: Person, registered: bool) -> AdmissionFile | None:
        """A member admitted here: the historical file now, or the register's file later."""
        if registered:
            self.people.append(person)
            return None
        candidate = admission_services.historical_file(person.member, organization_id=person.cell.id)
        candidate.id = self.gen.ids.take(AdmissionFile)
        self.gen.writer.add(candidate)
        return candidate

    # -- at the end of the province -----------------------------------------------------------

    def write(self) -> dict[str, int]:
        counts = {"admission_files": 0, "admission_steps": 0, "candidates": 0}
        if self.bloc is None:
            return counts
        self.counts = counts
        self.rule_sets: dict[datetime.date, object] = {}
        self.cells = [n for n in self.gen._walk(self.bloc) if n.is_cell]
        self.full_now = {mid for rows in self.roster.values() for mid, _start, end, full_from in rows
                         if end is None and full_from is not None and full_from <= self.reference}
        with rules.rule_sets_loaded():
            for person in self.people:
                if person.is_member:
                    self._member_file(person)
                else:
                    self._decided_file(person)
            self._pipeline(PIPELINE - sum(1 for p in self.people if not p.is_member))
        return counts

    def _full_members(self, cell, on: datetime.date, exclude: int | None = None) -> list[tuple[int, datetime.date]]:
        """(member id, on the rolls since) of the full members of `cell` on `on`."""
        return [(mid, start) for mid, start, end, full_from in self.roster.get(cell.id, ())
                if full_from is not None and full_from <= on and start <= on and (end is None or on < end)
                and mid != exclude]

    def _full_around(self, cell, on: datetime.date, exclude: int | None = None) -> list[tuple[int, datetime.date]]:
        """Full members of the cell on `on`, else of its grassroots organization."""
        found = self._full_members(cell, on, exclude)
        if len(found) >= 2:
            return found
        unit = cell.grassroots or cell
        for other in self.gen._walk(unit):
            if other.is_cell and other is not cell:
                found += self._full_members(other, on, exclude)
        return found

    def _with_full_members(self, cell, on: datetime.date, lo: datetime.date, hi: datetime.date) -> datetime.date:
        """`on`, or the nearest day from `lo` to `hi` when the cell had full members to vote
        (a young cell may have none yet on the day first drawn)."""
        if lo > hi or self._full_members(cell, on):
            return on
        for k in range(1, (hi - lo).days + 1):
            for day in (on - _days(k), on + _days(k)):
                if lo <= day <= hi and self._full_members(cell, day):
                    return day
        return on

    def _rule_set(self, on: datetime.date):
        found = self.rule_sets.get(on)
        if found is None:
            found = self.rule_sets[on] = rules.rule_set(on)
        return found

    def _still_full(self, found: list[tuple[int, datetime.date]]) -> list[tuple[int, datetime.date]]:
        """Those of `found` still full members on the rolls on the reference date, when any
        (the register's forms offer only those)."""
        return [row for row in found if row[0] in self.full_now] or found

    def _number(self, kind: str, cell) -> str:
        n = self.rng.randint(1, 480)
        pattern = NUMBERS.get(kind)
        if pattern is None:
            return ""
        body = "ĐUK" if cell.kind == Organization.Kind.GRASSROOTS_CELL else "ĐU"
        return pattern.format(n=n, m=n % 40 + 1, body=body)

    # -- the dates of the steps ---------------------------------------------------------------

    def _admission_plan(self, cell, decision: datetime.date, birth: datetime.date) -> dict[str, datetime.date]:
        """The dates of the steps up to the decision dated `decision` (which may be to come)."""
        r = self.rng
        kinds = [spec.kind for spec in rules.steps_for(cell)]
        gap = r.randint(25, 80) if r.random() < 0.96 else r.randint(90, 110)  # a few decided late
        adult = birth + relativedelta(years=18)
        resolution = min(max(decision - _days(gap), adult), decision)
        resolution = self._with_full_members(cell, resolution, max(adult, decision - _days(110)), decision)
        plan = {K.CELL_RESOLUTION: resolution}
        plan[K.OPINIONS] = resolution - _days(r.randint(3, 20))
        plan[K.INTRODUCTION] = plan[K.OPINIONS] - _days(r.randint(3, 25))
        plan[K.VERIFICATION] = plan[K.INTRODUCTION] - _days(r.randint(5, 30))
        plan[K.BIOGRAPHY] = plan[K.VERIFICATION] - _days(r.randint(15, 60))
        plan[K.APPLICATION] = plan[K.BIOGRAPHY] - _days(r.randint(0, 7))
        plan[K.AWARENESS_CERTIFICATE] = plan[K.APPLICATION] - _days(r.randint(20, 300))
        middle = [k for k in (K.SUBCOMMITTEE_APPRAISAL, K.COMMITTEE_RESOLUTION) if k in kinds]
        span = (decision - resolution).days
        for i, kind in enumerate(middle, 1):
            plan[kind] = resolution + _days(span * i // (len(middle) + 1))
        plan[K.DECISION] = decision
        return plan

    def _probation_plan(self, cell, ceremony: datetime.date, end: datetime.date,
                        recognized: bool) -> dict[str, datetime.date]:
        """The probation's dates after the ceremony; the recognition only when `recognized`
        (then all of them by the reference date)."""
        r = self.rng
        kinds = [spec.kind for spec in rules.steps_for(cell)]
        plan = {K.NEW_MEMBER_CLASS: ceremony + _days(r.randint(30, 240))}
        review = end - _days(r.randint(8, 25))
        plan[K.SELF_REVIEW] = review
        plan[K.HELPER_REVIEW] = review + _days(r.randint(0, 4))
        plan[K.PROBATION_OPINIONS] = review + _days(r.randint(0, 6))
        late = r.random() < 0.04
        resolution = workdays.add_working_days(end, r.randint(31, 40) if late else r.randint(1, 20))
        decision = workdays.add_working_days(resolution, r.randint(5, 25))
        if recognized and decision > self.reference:
            decision = self.reference
            resolution = min(resolution, end + _days((decision - end).days // 3))
        resolution = self._with_full_members(cell, resolution, end, decision)
        plan[K.PROBATION_CELL_RESOLUTION] = resolution
        middle = [k for k in (K.PROBATION_SUBCOMMITTEE_APPRAISAL, K.PROBATION_COMMITTEE_RESOLUTION) if k in kinds]
        span = (decision - resolution).days
        for i, kind in enumerate(middle, 1):
            plan[kind] = resolution + _days(span * i // (len(middle) + 1))
        if recognized:
            plan[K.RECOGNITION] = decision
        return plan

    # -- files --------------------------------------------------------------------------------

    def _member_file(self, person: Person) -> None:
        m, cell = person.member, person.cell
        plan = self._admission_plan(cell, person.decided, m.birth_date)
        plan[K.CEREMONY] = person.ceremony
        rule_set = rules.rule_set(person.ceremony)
        end = rules.probation_end(person.ceremony, rule_set)
        recognized = person.full is not None
        assert not recognized or person.full == end, (m.full_name, person.full, end)
        probation = self._probation_plan(cell, person.ceremony, end, recognized)
        if not recognized and person.exit_kind is None and end <= self.reference - _days(OVERDUE_WINDOW[0]):
            # kept on probation past the deadline: the cell has not considered it
            probation = {k: d for k, d in probation.items()
                         if k in (K.NEW_MEMBER_CLASS, K.SELF_REVIEW, K.HELPER_REVIEW, K.PROBATION_OPINIONS)}
        plan.update(probation)
        until = self.reference
        closed_on, reason = None, ""
        if person.exit_kind is not None and (person.full is None or person.exit_on <= person.full):
            closed_on = max(person.exit_on, person.ceremony)
            reason = CLOSED_REASONS[person.exit_kind]
            until = closed_on - _days(1)
        plan = {k: d for k, d in plan.items() if d <= until or k in (K.DECISION, K.CEREMONY)}
        received = min(person.decided + _days(self.rng.randint(1, 7)), person.ceremony)
        self._file(cell, m, plan, member_id=m.id, received_on=received, closed_on=closed_on, closed_reason=reason,
                   recognition=person.full_decision)

    def _decided_file(self, person: Person) -> None:
        """Decided in the last weeks, the ceremony still to come: not a member yet."""
        plan = self._admission_plan(person.cell, person.decided, person.member.birth_date)
        received = person.decided + _days(self.rng.randint(1, 7))
        self._file(person.cell, person.member, plan, received_on=received if received <= self.reference else None)

    def _pipeline(self, n: int) -> None:
        """`n` candidates before the ceremony (a few late), and a few closed files."""
        r, ref = self.rng, self.reference
        pool = [c for c in self.cells if c.dissolved_on is None and len(self._full_members(c, ref)) >= 2]
        weights = [len(self._full_members(c, ref)) for c in pool]
        for i in range(max(n, 0) + CLOSED):
            cell = r.choices(pool, weights)[0]
            person = self._newcomer(cell)
            if i < DECISIONS_LATE:  # the cell's resolution 95-130 days ago, no decision yet
                plan = self._admission_plan(cell, ref - _days(r.randint(20, 40)), person.birth_date)
                shift = plan[K.CELL_RESOLUTION] - (ref - _days(r.randint(95, 130)))
                plan = {k: d - shift for k, d in plan.items() if k != K.DECISION and d - shift <= ref}
            elif i < DECISIONS_LATE + CEREMONIES_LATE:
                decision = ref - _days(r.randint(55, 75))
                plan = self._admission_plan(cell, decision, person.birth_date)
                self._file(cell, person, plan, received_on=decision + _days(r.randint(1, 5)))
                continue
            else:
                plan = self._admission_plan(cell, ref + _days(r.randint(5, 320)), person.birth_date)
                first = plan[K.AWARENESS_CERTIFICATE]
                if first > ref:
                    shift = _days((first - ref).days + r.randint(0, 30))
                    plan = {k: d - shift for k, d in plan.items()}
                plan = {k: d for k, d in plan.items() if d <= ref and k != K.DECISION}
            closed_on, reason = None, ""
            if i >= n:
                last = max(plan.values())
                closed_on = min(ref, last + _days(r.randint(10, 120)))
                reason = WITHDRAWN_REASONS[i - n]
            self._file(cell, person, plan, closed_on=closed_on, closed_reason=reason)

    def _newcomer(self, cell) -> Member:
        """A candidate who is no member: a person drawn as the member generator draws them."""
        from .generator import ETHNICITY, RELIGION  # the generator imports this module

        gen, r = self.gen, self.rng
        saved, gen.rng = gen.rng, r
        try:
            female = r.random() < 0.5
            ethnicity = ETHNICITY(r)
            name = gen._person(female, ethnicity)
            return Member(
                full_name=name, gender=Member.Gender.FEMALE if female else Member.Gender.MALE,
                birth_date=self.reference - _days(r.randint(20 * 365, 40 * 365)), ethnicity=ethnicity,
                religion=RELIGION.get(ethnicity, RELIGION["Kinh"])(r), hometown=gen._hometown(), education="12/12",
                profession=gen._profession(cell), name_normalized=normalize(name),
            )
        finally:
            gen.rng = saved

    def _file(self, cell, person: Member, plan: dict[str, datetime.date], *, member_id: int | None = None,
              received_on: datetime.date | None = None, closed_on: datetime.date | None = None,
              closed_reason: str = "", recognition: str = "") -> None:
        """Write the file of `person` in `cell` with the steps of `plan` (kind -> date)."""
        gen, r = self.gen, self.rng
        ids, w = gen.ids, gen.writer
        ordered = sorted(plan.items(), key=lambda kd: (kd[1], ORDER[kd[0]]))
        started = ordered[0][1]
        candidate = AdmissionFile(
            id=ids.take(AdmissionFile), organization_id=cell.id, full_name=person.full_name, gender=person.gender,
            birth_date=person.birth_date, member_id=member_id, started_on=started, closed_on=closed_on,
            closed_reason=closed_reason, name_normalized=person.name_normalized or normalize(person.full_name),
            **{name: getattr(person, name) for name in ("ethnicity", "religion", "hometown", "education",
                                                         "profession", "citizen_id", "phone", "position")},
        )
        helpers = self._full_around(cell, plan.get(K.CEREMONY, started), exclude=member_id) or self._full_around(
            cell, self.reference)
        helpers = self._still_full(helpers)
        if helpers:
            candidate.helper_id = r.choice(helpers)[0]
        steps: dict[str, Step] = {}
        introductions = []
        for kind, on in ordered:
            if kind == K.HELPER_REVIEW and candidate.helper_id is None:
                break
            step = _StepRow(id=ids.take(Step), candidate_id=candidate.id, kind=kind, on=on,
                        document_number=recognition if kind == K.RECOGNITION and recognition else self._number(kind, cell),
                        rule_set=self._rule_set(on).name)
            if kind == K.DECISION:
                step.received_on = received_on
            elif kind in (K.CELL_RESOLUTION, K.PROBATION_CELL_RESOLUTION):
                members = len(self._full_members(cell, on, exclude=member_id))
                needed = rules.votes_needed(members, self._rule_set(on))
                step.full_members = members
                step.votes_for = members if r.random() < 0.8 else r.randint(needed, members)
            elif kind == K.INTRODUCTION:
                introductions += self._introductions(cell, person, step)
            steps[kind] = step
        admission_services.derive_fields(candidate, steps)
        w.add(candidate)
        w.buffers[Step].extend(steps.values())
        w.buffers[Introduction].extend(introductions)
        self.counts["admission_files"] += 1
        self.counts["admission_steps"] += len(steps)
        self.counts["candidates"] += candidate.state in (AdmissionFile.State.CANDIDATE, AdmissionFile.State.DECIDED)

    def _introductions(self, cell, person: Member, step: Step) -> list[Introduction]:
        """Two full members of the cell who worked with the candidate a year or more, or the
        union's resolution and one member."""
        r, on = self.rng, step.on
        found = self._still_full(self._full_members(cell, on))
        if len(found) < 2:
            found = self._still_full(self._full_around(cell, on))
        if not found:  # a young organization: a member of the bloc who knew the candidate
            found = self._still_full([row for other in self.cells for row in self._full_members(other, on)])
        picked = r.sample(found, min(2, len(found)))
        rows = []
        for mid, _since in picked:
            since = on - _days(r.randint(400, 1800))  # a year or more before
            rows.append(_IntroductionRow(id=self.gen.ids.take(Introduction), step_id=step.id,
                                     kind=Introduction.Kind.MEMBER, member_id=mid, worked_together_since=since))
        if len(picked) < 2:
            young = rules.age_in_months(person.birth_date, on) <= 30 * 12
            rows.append(_IntroductionRow(
                id=self.gen.ids.take(Introduction), step_id=step.id,
                kind=Introduction.Kind.YOUTH_UNION if young else Introduction.Kind.TRADE_UNION,
                document_number=f"{r.randint(1, 120)}-NQ/{'ĐTN' if young else 'CĐ'}",
            ))
        return rows
