"""The facts the rules read about each subject for a year, from the registers: nothing typed
twice. Discipline from ``inspections.selectors.disciplined_in_year``; an organization's
targets from ``plans.selectors.figures`` (the final verdicts of its own targets for the year:
met, exceeded, not met) and its key tasks (``plans.models.Task`` given to it, due in the
year, cancelled ones aside: late when completed after the due date, not done when still
open); its leadership from the committee seats held during the year."""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from dangvu.core.actors import SYSTEM
from dangvu.core.periods import parse
from dangvu.inspections.selectors import DisciplinedInYear, disciplined_in_year
from dangvu.members.models import CommitteeSeat
from dangvu.orgs.models import Organization
from dangvu.plans import achievement
from dangvu.plans import selectors as plan_selectors
from dangvu.plans.models import Task

from .rules import Facts


def form_labels(forms: list[str]) -> list[str]:
    from dangvu.inspections.models import Discipline

    return [str(Discipline.Form(f).label) for f in forms]


def member_facts(member_id: int, disciplined: DisciplinedInYear, *, tasks: int = 0, tasks_late: int = 0,
                 tasks_not_done: int = 0, beyond=None) -> Facts:
    return Facts(collective=False, disciplined=form_labels(disciplined.members.get(member_id, [])),
                 tasks=tasks, tasks_late=tasks_late, tasks_not_done=tasks_not_done, beyond=beyond)


def organization_facts(organization: Organization, year: int, disciplined: DisciplinedInYear | None = None,
                       today: datetime.date | None = None) -> Facts:
    disciplined = disciplined or disciplined_in_year(year)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    facts = Facts(collective=True, disciplined=form_labels(disciplined.organizations.get(organization.pk, [])))
    units = list(organization.children.filter(established_on__lte=end)
                 .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start)).values_list("pk", flat=True))
    facts.units = len(units)
    facts.units_disciplined = sum(1 for pk in units if pk in disciplined.organizations)
    seats = (CommitteeSeat.objects.filter(committee__organization=organization, start__lte=end)
             .filter(Q(end__isnull=True) | Q(end__gte=start)).select_related("member"))
    facts.leadership_disciplined = sorted({s.member.full_name for s in seats if s.member_id in disciplined.members})
    rows = [row for pf in plan_selectors.figures(actor=SYSTEM, organization=organization, period=parse(str(year)),
                                                 today=today) for row in pf.rows if row.final
            and row.target.period == str(year)]
    facts.targets = len(rows)
    facts.targets_met = sum(1 for r in rows if r.status in (achievement.MET, achievement.EXCEEDED))
    facts.targets_exceeded = sum(1 for r in rows if r.status == achievement.EXCEEDED)
    tasks = Task.objects.filter(organization=organization, due_on__gte=start, due_on__lte=end).exclude(
        status=Task.Status.CANCELLED)
    facts.tasks = tasks.count()
    facts.tasks_not_done = tasks.filter(status=Task.Status.OPEN).count()
    facts.tasks_late = tasks.filter(status=Task.Status.DONE, completed_on__gt=F("due_on")).count()
    return facts
