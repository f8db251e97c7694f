"""Races in the classes register, on two connections (PostgreSQL): the same certificate
number given at once by two classes of the same organizer and kind, and the same attendee
certified twice at once, end with one certificate and a refusal in the rule's words."""

from __future__ import annotations

import datetime

import pytest

from dangvu.admissions.models import Step
from dangvu.classes import services
from dangvu.classes.models import Attendee
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, codes
from tests.admissions.conftest import make_candidate
from tests.classes.conftest import make_course, pass_all
from tests.factories import build_tree, ensure_seeds, make_member
from tests.support import hold_while, on_postgresql

D = datetime.date
pytestmark = pytest.mark.usefixtures("english")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_certificate_number_given_by_two_classes_at_once():
    ensure_seeds()
    t = build_tree()
    first_class = make_course(t.committee_a, "professional", start=D(2024, 3, 4), end=D(2024, 3, 8))
    second_class = make_course(t.committee_a, "professional", start=D(2024, 3, 11), end=D(2024, 3, 15))
    (a,) = pass_all(first_class, services.attendees_add(actor=SYSTEM, course=first_class,
                                                        members=[make_member(t.cell_a1, full_name="Trần Văn Bình")]))
    (b,) = pass_all(second_class, services.attendees_add(actor=SYSTEM, course=second_class,
                                                         members=[make_member(t.cell_a2, full_name="Lê Thị Cúc")]))
    first, second = hold_while(
        lambda: services.certificates_issue(actor=SYSTEM, course=first_class, on=D(2024, 3, 15), numbers=[(a, "7")]),
        lambda: services.certificates_issue(actor=SYSTEM, course=second_class, on=D(2024, 3, 15), numbers=[(b, "7")]))
    assert first.error is None and second.waited
    assert isinstance(second.error, RuleViolation) and codes(second.error) == ["certificate_number_taken"]
    assert list(Attendee.objects.exclude(certificate_number="").values_list("member__full_name", flat=True)) == [
        "Trần Văn Bình"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_candidate_certified_twice_at_once_has_one_step():
    ensure_seeds()
    t = build_tree()
    course = make_course(t.committee_a)
    (a,) = pass_all(course, services.attendees_add(actor=SYSTEM, course=course,
                                                   candidates=[make_candidate(t.cell_a1)]))
    first, second = hold_while(
        lambda: services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 9), numbers=[(a, "1")]),
        lambda: services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 10), numbers=[(a, "2")]))
    assert first.error is None and second.waited
    assert codes(second.error) == ["certificate_issued"]
    assert str(second.error.messages[0]) == "Võ Thị Hoa already received certificate 1 on 09/03/2024."
    assert list(Step.objects.values_list("kind", "document_number")) == [("awareness_certificate", "1")]
