"""Reads of the admissions register, always through the actor's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from dangvu.core import workdays
from dangvu.core.errors import get_or_not_found
from dangvu.core.text import normalize
from dangvu.members.models import Member
from dangvu.members.selectors import cells_for_new_member
from dangvu.orgs.models import Organization, under
from dangvu.orgs.scope import require_read, scope_path

from . import rules
from .models import Candidate, Introduction, Step

K = Step.Kind
OPEN_STATES = (Candidate.State.CANDIDATE, Candidate.State.DECIDED, Candidate.State.PROBATION)


def visible_candidates(actor):
    prefix = scope_path(actor)
    if prefix is None:
        return Candidate.objects.none()
    return Candidate.objects.filter(under(prefix, "organization__path"))


def candidate_list(*, actor, organization: Organization | None = None, state: str = "", step: str = "",
                   overdue: bool = False, query: str = "", include_historical: bool = False):
    """Files in the actor's scope (under `organization` when given), filtered by state, by the
    last step recorded, by an overdue deadline, by name; open files first by deadline."""
    qs = visible_candidates(actor).select_related("organization", "helper")
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "organization__path"))
    if not include_historical:
        qs = qs.filter(source=Candidate.Source.REGISTER)
    if state:
        qs = qs.filter(state=state)
    if step:
        qs = qs.filter(last_step=step)
    if overdue:
        qs = qs.filter(due_on__lt=timezone.localdate())
    if query:
        qs = qs.filter(name_normalized__contains=normalize(query))
    return qs.order_by("due_on", "name_normalized", "id")


def candidate_get(*, actor, pk: int) -> Candidate:
    qs = visible_candidates(actor).select_related("organization__parent", "helper", "member").prefetch_related(
        Prefetch("steps", queryset=Step.objects.select_related("recorded_by").prefetch_related(
            Prefetch("introductions", queryset=Introduction.objects.select_related("member")))),
    )
    return get_or_not_found(qs, pk=pk)


def step_get(*, actor, candidate: Candidate, pk: int) -> Step:
    return get_or_not_found(candidate.steps.all(), pk=pk)


@dataclass(frozen=True)
class TimelineRow:
    kind: str
    label: str
    step: Step | None  # None: not recorded yet
    required_document: bool


def timeline(candidate: Candidate) -> list[TimelineRow]:
    """The file's steps in order, recorded or not (a "not recognized" step only when recorded)."""
    steps = {step.kind: step for step in candidate.steps.all()}
    rows = []
    for spec in rules.steps_for(candidate.organization):
        union = spec.kind == K.INTRODUCTION and K.INTRODUCTION in steps and any(
            i.kind != Introduction.Kind.MEMBER for i in steps[K.INTRODUCTION].introductions.all())
        rows.append(TimelineRow(spec.kind, rules.form_label(spec.kind, union=union), steps.get(spec.kind),
                                spec.numbered))
    if K.NOT_RECOGNIZED in steps:
        rows.append(TimelineRow(K.NOT_RECOGNIZED, rules.form_label(K.NOT_RECOGNIZED), steps[K.NOT_RECOGNIZED], True))
    return rows


def missing_documents(candidate: Candidate, today: datetime.date | None = None) -> list[str]:
    """What the file lacks now: the papers of the steps that should be there by this stage.
    Before the decision, nothing (the order is enforced); on probation, the new-member class
    certificate and the reviews once the 12-month date is within 30 days; a historical file
    lacks nothing the register can know."""
    if candidate.source != Candidate.Source.REGISTER or candidate.state != Candidate.State.PROBATION:
        return []
    today = today or timezone.localdate()
    steps = {step.kind for step in candidate.steps.all()}
    kinds = [K.NEW_MEMBER_CLASS]
    if candidate.probation_end and candidate.probation_end - datetime.timedelta(days=30) <= today:
        kinds += [K.SELF_REVIEW, K.HELPER_REVIEW, K.PROBATION_OPINIONS]
    return [rules.form_label(kind) for kind in kinds if kind not in steps]


@dataclass(frozen=True)
class DueRow:
    candidate: Candidate
    label: str
    due_on: datetime.date
    working_days_left: int  # negative: working days late


def due_list(*, actor, organization: Organization | None = None, days: int = 30,
             today: datetime.date | None = None) -> list[DueRow]:
    """Deadlines overdue or due within `days` calendar days, most urgent first, with the
    working days left (negative when late)."""
    today = today or timezone.localdate()
    qs = visible_candidates(actor).filter(state__in=OPEN_STATES, due_on__isnull=False,
                                          due_on__lte=today + datetime.timedelta(days=days))
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "organization__path"))
    rows = []
    for candidate in qs.select_related("organization").order_by("due_on", "name_normalized", "id"):
        rows.append(DueRow(candidate, str(rules.DUE_LABELS[candidate.due_step]), candidate.due_on,
                           workdays.working_days_between(today, candidate.due_on)))
    return rows


def due_counts(*, actor, organization: Organization, days: int = 30, today: datetime.date | None = None) -> dict:
    """For a home page: open files, deadlines due within `days` and overdue."""
    today = today or timezone.localdate()
    require_read(actor, organization.path)
    qs = visible_candidates(actor).filter(under(organization.path, "organization__path"), state__in=OPEN_STATES)
    return qs.aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        due=Count("id", filter=Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))),
    )


def counts_by_step(*, actor, organization: Organization) -> dict[str, int]:
    """Open files per last step recorded (for the list's filter)."""
    require_read(actor, organization.path)
    rows = (visible_candidates(actor).filter(under(organization.path, "organization__path"), state__in=OPEN_STATES)
            .values("last_step").annotate(n=Count("id")))
    return {row["last_step"]: row["n"] for row in rows}


def introducer_choices(*, actor, candidate: Candidate):
    """Full members on the rolls of the candidate's cell's grassroots organization (those
    likely to have worked with the candidate), for the introduction form."""
    org = candidate.organization
    root = org.parent if org.kind == Organization.Kind.CELL and org.parent else org
    while root.kind == Organization.Kind.SUB_COMMITTEE and root.parent:
        root = root.parent
    require_read(actor, root.path)
    return Member.objects.filter(under(root.path, "organization__path"), status=Member.Status.FULL,
                                 on_roll=True).order_by("name_sort_key", "id")


def cells_for_candidates(*, actor):
    """The cells where the actor may open a file."""
    return cells_for_new_member(actor=actor)
