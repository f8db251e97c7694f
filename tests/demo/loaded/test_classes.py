"""The demo classes (dangvu.demo.classes): the bloc's 2023 classes give the seed's figures
("10 lớp bồi dưỡng nhận thức về Đảng và bồi dưỡng lý luận chính trị dành cho đảng viên mới;
4 lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng") through the rollup as the catalog's
counted indicators read them; the candidates' awareness certificates come from the classes;
every year 2021-2026 has classes and study sessions; everything is audited."""

from __future__ import annotations

import pytest
from django.db.models import F

from dangvu.admissions.models import Step
from dangvu.classes.models import Attendee, Course, StudySession
from dangvu.core import integrity
from dangvu.orgs.models import Organization
from tests.support import indicator, value

KEYS = ["awareness_held", "new_member_held", "professional_held"]


# Regression values of the deterministic demo (seed 2024).
COURSES, ATTENDEES = 94, 2531


@pytest.mark.django_db
def test_demo_classes_give_the_seed_figures_of_2023(demo):
    bloc = Organization.objects.get(kind=Organization.Kind.BLOC, code__endswith="-KHOI")
    inds = {key: indicator(key.upper(), key, source="measure", measure_key=f"classes.{key}") for key in KEYS}
    assert {key: value(ind, bloc, "2023") for key, ind in inds.items()} == {
        "awareness_held": 6, "new_member_held": 4, "professional_held": 4}
    assert value(inds["awareness_held"], bloc, "2023") + value(inds["new_member_held"], bloc, "2023") == 10
    for year in range(2021, 2027):
        assert Course.objects.filter(end__year=year).values("kind").distinct().count() == 3, year
        assert StudySession.objects.filter(on__year=year).exists(), year
    # Every awareness certificate of the bloc's files since 2021 is a class's certificate,
    # with its number and date.
    steps = Step.objects.filter(kind=Step.Kind.AWARENESS_CERTIFICATE, on__year__gte=2021,
                                candidate__organization__path__startswith=bloc.path)
    linked = Attendee.objects.filter(step__in=steps)
    assert steps.count() > 100 and linked.count() == steps.count()
    assert not linked.exclude(candidate_id=F("step__candidate_id")).exists()
    assert all(a.certificate_number == a.step.document_number and a.certificate_date == a.step.on
               and a.certificate_date >= a.course.end for a in linked.select_related("step", "course"))
    assert Course.objects.count() == COURSES
    assert Attendee.objects.count() == Attendee.objects.exclude(certificate_number="").count() == ATTENDEES
    assert integrity.unaudited() == []
