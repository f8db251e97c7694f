"""The register's figures, read through the targets engine: the seed's "Quyết định kết nạp
283 đảng viên, đạt 113,2% so Nghị quyết" counted from admission files, once each, and the
other measures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from dangvu.admissions import services
from dangvu.admissions.models import Candidate, Step
from dangvu.core.actors import SYSTEM
from dangvu.core.measures import get
from dangvu.core.periods import parse
from dangvu.plans import achievement, selectors
from dangvu.plans.models import Plan
from tests.admissions.conftest import make_candidate, walk
from tests.support import admit, catalog, indicator, make_plan, target, value

K = Step.Kind
D = datetime.date
pytestmark = pytest.mark.usefixtures("today")


def through_register(cell, n, *, until, start, introducers, prefix):
    return [walk(make_candidate(cell, full_name=f"{prefix} {i:03d}", birth_date=D(1995, 1 + i % 12, 1 + i % 28)),
                 until=until, start=start + datetime.timedelta(days=i % 40), introducers=introducers)
            for i in range(n)]


def test_283_admission_decisions_of_2023_reach_113_2_percent_of_the_resolution(tree, users, full_members):
    ind = catalog()["KET_NAP"]
    plan = make_plan(tree.bloc, "NQ-DUK-2023", "2023", kind=Plan.Kind.RESOLUTION, title="Nghị quyết năm 2023")
    target(plan, ind, 250)
    # Through the register's steps: 40 admitted and held their ceremony, 3 decided in late
    # December and still waiting for it; the rest of the year's decisions brought in with the
    # historical register (members recorded with their decision date).
    admitted = through_register(tree.cell_a1, 40, until=K.CEREMONY, start=D(2023, 1, 5), introducers=full_members,
                                prefix="Kết nạp")
    waiting = through_register(tree.grassroots_cell, 3, until=K.DECISION, start=D(2023, 10, 2),
                               introducers=full_members, prefix="Chờ lễ")
    assert {c.state for c in admitted} == {Candidate.State.PROBATION}
    assert {c.state for c in waiting} == {Candidate.State.DECIDED}
    assert {c.decision_date.year for c in admitted + waiting} == {2023}
    for cell, n in ((tree.cell_a2, 80), (tree.cell_sub, 60), (tree.cell_b1, 60), (tree.cell_b2, 40)):
        admit(cell, n, 2023)
    # Not admission decisions of 2023: a file still at the cell's resolution, a closed file,
    # decisions of 2022 and 2024, a member transferred in.
    walk(make_candidate(tree.cell_a1, full_name="Chưa quyết định"), until=K.CELL_RESOLUTION, start=D(2023, 9, 1),
         introducers=full_members)
    closed = walk(make_candidate(tree.cell_a1, full_name="Đã rút"), until=K.OPINIONS, start=D(2023, 2, 1),
                  introducers=full_members)
    services.candidate_close(actor=SYSTEM, candidate=closed, on=D(2023, 6, 1), reason="Chuyển đi nơi khác")
    through_register(tree.cell_a1, 2, until=K.DECISION, start=D(2022, 3, 1), introducers=full_members,
                     prefix="Năm trước")
    admit(tree.cell_b1, 2, 2024, prefix="Năm sau")
    admit(tree.cell_a2, 1, 2015, prefix="Chuyển đến", joined_on=D(2023, 6, 1),
          transferred_in_from="Đảng bộ tỉnh An Giang")

    figures = selectors.figures(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023"))
    row = next(r for pf in figures for r in pf.rows if r.indicator.code == "KET_NAP")
    assert (row.actual, row.target.value, row.achievement, row.status) == (
        283, 250, Decimal("113.2"), achievement.EXCEEDED)
    with translation.override("vi"):
        assert row.phrase() == "đạt 113,2%"
    exp = selectors.explain(actor=users.bloc_admin, indicator=ind, organization=tree.bloc, period=parse("2023"))
    assert (exp.value, exp.total_parts, len(exp.parts), [t.value for t in exp.targets]) == (283, 283, 283, [250])
    labels = [p.label for p in exp.parts]
    assert sum(label.startswith("Kết nạp ") for label in labels) == 40
    assert sum(label.startswith("Chờ lễ ") for label in labels) == 3
    assert not any(label.startswith(("Chưa quyết định", "Đã rút", "Năm trước", "Năm sau", "Chuyển đến"))
                   for label in labels)
    # Per committee, as the tree stood: the cells of A (register and historical).
    assert value(ind, tree.committee_a, "2023") == 40 + 80 + 60


def test_the_other_figures_of_the_register(tree, full_members):
    candidates = through_register(tree.grassroots_cell, 3, until=K.CEREMONY, start=D(2023, 1, 5),
                                  introducers=full_members, prefix="Đảng viên mới")
    first = candidates[0]
    for kind in (K.NEW_MEMBER_CLASS, K.SELF_REVIEW, K.PROBATION_OPINIONS):
        services.step_record(actor=SYSTEM, candidate=first, kind=kind, on=D(2024, 3, 1), document_number="GCN-9")
    services.candidate_update(actor=SYSTEM, candidate=first, helper=full_members[0])
    services.step_record(actor=SYSTEM, candidate=first, kind=K.HELPER_REVIEW, on=D(2024, 3, 1))
    first.refresh_from_db()
    services.step_record(actor=SYSTEM, candidate=first, kind=K.PROBATION_CELL_RESOLUTION, on=first.probation_end,
                         document_number="13", votes_for=3)
    services.step_record(actor=SYSTEM, candidate=first, kind=K.RECOGNITION, on=D(2024, 6, 3), document_number="16")
    services.step_record(actor=SYSTEM, candidate=candidates[1], kind=K.NOT_RECOGNIZED, on=D(2024, 2, 1),
                         document_number="Q-1", note="Không đủ tư cách")
    walk(make_candidate(tree.grassroots_cell, full_name="Đang chờ"), until=K.OPINIONS, start=D(2024, 9, 2),
         introducers=full_members)

    indicators = {}

    def figure(key, period):
        if key not in indicators:
            indicators[key] = indicator(key.replace(".", "_").upper(), key, source="measure", measure_key=key)
        return value(indicators[key], tree.bloc, period)

    assert figure("admissions.ceremonies", "2023") == 3
    assert figure("admissions.recognition", "2024") == 1
    assert figure("admissions.not_recognized", "2024") == 1
    assert figure("admissions.awareness_certificate", "2023") == 3
    assert figure("admissions.awareness_certificate", "2024") == 1
    # In the pipeline at the end of a period: opened and not decided (nor closed) by then.
    assert figure("admissions.candidates", "2024") == 1
    assert figure("admissions.candidates", "2023-01") == 3
    assert figure("admissions.candidates", "2022") == 0


def test_every_measure_describes_its_records(tree, full_members):
    candidate = walk(make_candidate(tree.grassroots_cell), until=K.CEREMONY, start=D(2023, 1, 5),
                     introducers=full_members)
    decided = get("admissions.decided")
    record = decided.records(D(2023, 1, 1), D(2023, 12, 31)).get()
    assert decided.describe(record) == f"Võ Thị Hoa (15/06/2000), {candidate.decision_date:%d/%m/%Y}"
    step = get("admissions.awareness_certificate").records(D(2023, 1, 1), D(2023, 12, 31)).get()
    assert get("admissions.awareness_certificate").describe(step) == "Võ Thị Hoa (15/06/2000)"
