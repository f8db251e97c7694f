"""The register's figures, read through the targets engine (indicators counted from the
measures): classes held by kind in the period of their end date, for the organizer (and so
for every level above it), attendees, certificates, study sessions."""

from __future__ import annotations

import datetime

import pytest

from dangvu.classes import services
from dangvu.classes.models import Attendee
from dangvu.core.actors import SYSTEM
from dangvu.core.measures import get
from tests.admissions.conftest import make_candidate
from tests.classes.conftest import make_course, pass_all
from tests.support import indicator, values

D = datetime.date
pytestmark = pytest.mark.usefixtures("today")
KEYS = ["classes.awareness_held", "classes.new_member_held", "classes.professional_held", "classes.held",
        "classes.attendees", "classes.certificates", "classes.studies"]


def counted(key):
    return indicator(key.replace(".", "_").upper(), key, source="measure", measure_key=key)


def test_classes_held_count_by_kind_for_the_organizer_in_the_year_of_the_end_date(tree, make_member):
    inds = {key: counted(key) for key in KEYS}
    for i in range(3):
        make_course(tree.committee_a, "awareness", start=D(2023, 3 + i, 6), end=D(2023, 3 + i, 10))
    make_course(tree.committee_a, "awareness", start=D(2022, 12, 28), end=D(2023, 1, 4))  # ends in 2023
    make_course(tree.committee_a, "awareness", start=D(2023, 12, 28), end=D(2024, 1, 3))  # ends in 2024
    make_course(tree.bloc, "new_member", start=D(2023, 5, 8), end=D(2023, 5, 12))
    make_course(tree.committee_b, "new_member", start=D(2023, 6, 5), end=D(2023, 6, 9))
    professional = make_course(tree.committee_b, "professional", start=D(2023, 9, 4), end=D(2023, 9, 6))
    orgs = [tree.bloc, tree.committee_a, tree.committee_b, tree.cell_a1]
    got = {key: values(inds[key], orgs, "2023") for key in KEYS[:4]}
    assert {key: [got[key][o] for o in orgs] for key in got} == {
        "classes.awareness_held": [4, 4, 0, 0],
        "classes.new_member_held": [2, 0, 1, 0],
        "classes.professional_held": [1, 0, 1, 0],
        "classes.held": [7, 4, 2, 0],
    }
    members = [make_member(tree.cell_b1, full_name=f"Học viên {i}") for i in range(3)]
    rows = pass_all(professional, services.attendees_add(actor=SYSTEM, course=professional, members=members))
    services.certificates_issue(actor=SYSTEM, course=professional, on=D(2024, 1, 8),
                                numbers=[(rows[0], "1"), (rows[1], "2")])
    services.study_create(actor=SYSTEM, organization=tree.cell_b1, resolution="Nghị quyết số 57-NQ/TW",
                          on=D(2023, 2, 1), present=9, expected=10)
    services.study_create(actor=SYSTEM, organization=tree.cell_b2, resolution="Nghị quyết số 57-NQ/TW",
                          on=D(2023, 2, 2), present=7, expected=7)
    orgs = [tree.bloc, tree.committee_b, tree.cell_b1]
    assert [values(inds["classes.attendees"], orgs, "2023")[o] for o in orgs] == [3, 3, 0]
    assert [values(inds["classes.certificates"], orgs, "2023")[o] for o in orgs] == [0, 0, 0]
    assert [values(inds["classes.certificates"], orgs, "2024")[o] for o in orgs] == [2, 2, 0]
    assert [values(inds["classes.studies"], orgs, "2023")[o] for o in orgs] == [2, 2, 1]


def test_every_measure_describes_its_records(tree):
    course = make_course(tree.committee_a, start=D(2024, 3, 4), end=D(2024, 3, 8), name="Lớp nhận thức đợt 1")
    (row,) = pass_all(course, services.attendees_add(actor=SYSTEM, course=course,
                                                     candidates=[make_candidate(tree.cell_a1)]))
    services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 8), numbers=[(row, "5-GCN")])
    services.study_create(actor=SYSTEM, organization=tree.cell_a1, resolution="NQ 57", on=D(2024, 3, 1), present=9,
                          expected=10)
    texts = {key: [get(key).describe(r) for r in get(key).records(D(2024, 1, 1), D(2024, 12, 31))] for key in KEYS}
    assert texts == {
        "classes.awareness_held": ["Lớp nhận thức đợt 1 (04/03/2024 – 08/03/2024)"],
        "classes.new_member_held": [],
        "classes.professional_held": [],
        "classes.held": ["Lớp nhận thức đợt 1 (04/03/2024 – 08/03/2024)"],
        "classes.attendees": ["Võ Thị Hoa — Lớp nhận thức đợt 1"],
        "classes.certificates": ["Võ Thị Hoa — Lớp nhận thức đợt 1: 5-GCN (08/03/2024)"],
        "classes.studies": ["NQ 57 (01/03/2024): 9/10"],
    }
    assert Attendee.objects.get().result == "passed"
