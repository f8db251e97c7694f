"""Builders of admission files: ``walk`` takes a file through the steps with plausible
dates and documents, through ``admissions.services.step_record``."""

from __future__ import annotations

import datetime

import pytest

from dangvu.admissions import rules, services
from dangvu.admissions.models import Step
from dangvu.core.actors import SYSTEM

K = Step.Kind
GAP = datetime.timedelta(days=10)


@pytest.fixture
def full_members(tree, make_member):
    """Three full members of cell A1 (admitted 2010, full 2011): introducers and helpers; and
    three more in the grassroots cell, so that each has a cell's vote of 3 full members."""
    def full(cell, name, i):
        return make_member(cell, full_name=name, birth_date=datetime.date(1980, 1, i + 1),
                           admission_decision_date=datetime.date(2010, 3, 1), ceremony_date=datetime.date(2010, 3, 1),
                           full_membership_date=datetime.date(2011, 3, 1))

    for i, name in enumerate(["Hồ Văn Em", "Mai Thị Gấm", "Lý Văn Hùng"]):
        full(tree.grassroots_cell, name, i)
    return [full(tree.cell_a1, name, i) for i, name in enumerate(["Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng"])]


def make_candidate(organization, *, actor=SYSTEM, **fields):
    values = {"full_name": "Võ Thị Hoa", "gender": "female", "birth_date": datetime.date(2000, 6, 15),
              "started_on": datetime.date(2024, 1, 5), "citizen_id": "", **fields}
    return services.candidate_create(actor=actor, organization=organization, **values)


def step_kwargs(candidate, kind, introducers=()):
    kwargs = {"document_number": f"{rules.SPECS[kind].form or 'GCN'}/{candidate.pk}"}
    if kind == K.INTRODUCTION:
        kwargs["introducers"] = [(m, datetime.date(2020, 1, 1)) for m in introducers[:2]]
    if kind in (K.CELL_RESOLUTION, K.PROBATION_CELL_RESOLUTION):
        kwargs["votes_for"] = 3
    if kind == K.NOT_RECOGNIZED:
        kwargs["note"] = "Vi phạm tư cách đảng viên"
    return kwargs


def walk(candidate, *, until, start=datetime.date(2024, 1, 10), actor=SYSTEM, introducers=(), dates=None):
    """Record every step of the file not yet recorded, up to and including `until`, 10 days
    apart from `start` (probation steps: from the 12-month date), or on `dates[kind]` when
    given."""
    dates = dates or {}
    day = start
    recorded = set(candidate.steps.values_list("kind", flat=True))
    for spec in rules.steps_for(candidate.organization):
        kind = spec.kind
        if kind in recorded:
            continue
        if kind == K.PROBATION_CELL_RESOLUTION:
            candidate.refresh_from_db()
            day = max(day, candidate.probation_end)
        on = dates.get(kind, day)
        services.step_record(actor=actor, candidate=candidate, kind=kind, on=on,
                             **step_kwargs(candidate, kind, introducers))
        day = max(day, on) + GAP
        if kind == until:
            break
    candidate.refresh_from_db()
    return candidate
