"""Builders of classes: a kind by code, a class of that kind, attendees, results."""

from __future__ import annotations

import datetime

from dangvu.classes import services
from dangvu.classes.models import Attendee, CourseKind
from dangvu.core.actors import SYSTEM
from tests.admissions.conftest import full_members  # noqa: F401  (fixture)


def kind(code: str) -> CourseKind:
    return CourseKind.objects.get(code=code)


def make_course(organizer, code: str = "awareness", *, actor=SYSTEM, start=datetime.date(2024, 3, 4),
                end=datetime.date(2024, 3, 8), name: str = "", **fields):
    return services.course_create(actor=actor, kind=kind(code), organizer=organizer,
                                  name=name or f"{kind(code).name} đợt 1/{start.year}", start=start, end=end, **fields)


def pass_all(course, attendees, *, actor=SYSTEM, grade: str = "Khá"):
    services.results_record(actor=actor, course=course,
                            results=[(a, Attendee.Result.PASSED, grade) for a in attendees])
    return [Attendee.objects.get(pk=a.pk) for a in attendees]
