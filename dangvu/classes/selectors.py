"""Reads of the classes and study register, scoped by the actor: a class is seen under the
subtree of the organization holding it, a study session under its organization's."""

from __future__ import annotations

from django.db.models import Count, Q

from dangvu.admissions.models import Candidate
from dangvu.core.errors import get_or_not_found
from dangvu.members.models import Member
from dangvu.orgs.models import Organization, under
from dangvu.orgs.scope import require_read, scope_path

from . import services
from .models import Attendee, Course, CourseKind, StudySession


def _scoped(qs, actor, field: str):
    prefix = scope_path(actor)
    if prefix is None:
        return qs.none()
    return qs.filter(under(prefix, field)) if prefix else qs


def course_kinds():
    return CourseKind.objects.all()


def kind_get(pk: int) -> CourseKind:
    return get_or_not_found(CourseKind.objects.all(), pk=pk)


def course_list(*, actor, year: int | None = None, kind: CourseKind | None = None,
                organization: Organization | None = None):
    """Classes held inside the actor's subtree (narrowed to `organization`'s subtree, to the
    year of their end date and to a kind), latest first, with their attendees and
    certificates counted."""
    qs = _scoped(Course.objects.select_related("kind", "organizer"), actor, "organizer__path")
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "organizer__path"))
    if year:
        qs = qs.filter(end__year=year)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.annotate(attendee_count=Count("attendees"),
                       certificate_count=Count("attendees", filter=Q(attendees__certificate_date__isnull=False))
                       ).order_by("-end", "-id")


def counts_by_kind(*, actor, year: int | None = None, organization: Organization | None = None) -> list[tuple]:
    """(kind, classes) for every kind, over what ``course_list`` shows with these filters."""
    rows = dict(course_list(actor=actor, year=year, organization=organization).order_by()
                .values("kind").annotate(n=Count("id", distinct=True)).values_list("kind", "n"))
    return [(kind, rows.get(kind.pk, 0)) for kind in course_kinds()]


def course_get(*, actor, pk: int) -> Course:
    return get_or_not_found(_scoped(Course.objects.select_related("kind", "organizer"), actor, "organizer__path"),
                            pk=pk)


def attendees(course: Course) -> list[Attendee]:
    """The class's attendees, in the order of their names."""
    rows = list(course.attendees.select_related("member__organization", "candidate__organization", "step"))
    return sorted(rows, key=lambda a: (a.member.name_normalized if a.member_id else a.candidate.name_normalized, a.pk))


def attendee_get(*, course: Course, pk: int) -> Attendee:
    return get_or_not_found(course.attendees.select_related("member", "candidate", "course__kind",
                                                            "course__organizer"), pk=pk)


def certificate_refusals(*, actor, course: Course, rows: list[Attendee]) -> dict[int, str]:
    """Why each attendee cannot receive a certificate now ("" when they can)."""
    for row in rows:
        row.course = course
    return {row.pk: services.certificate_refusal(actor=actor, attendee=row) for row in rows}


def member_choices(*, actor, course: Course):
    """Members on the rolls of cells under the organizer who do not attend yet."""
    require_read(actor, course.organizer.path)
    return (Member.objects.filter(under(course.organizer.path, "organization__path"), on_roll=True)
            .exclude(classes__course=course).select_related("organization").order_by("name_sort_key", "id"))


def candidate_choices(*, actor, course: Course):
    """Open admission files (before the admission) of cells under the organizer, not attending yet."""
    require_read(actor, course.organizer.path)
    return (Candidate.objects.filter(under(course.organizer.path, "organization__path"),
                                     source=Candidate.Source.REGISTER, closed_on__isnull=True, member__isnull=True)
            .exclude(classes__course=course).select_related("organization").order_by("name_normalized", "id"))


def member_get(*, actor, course: Course, pk: int) -> Member:
    return get_or_not_found(member_choices(actor=actor, course=course), pk=pk)


def candidate_get(*, actor, course: Course, pk: int) -> Candidate:
    return get_or_not_found(candidate_choices(actor=actor, course=course), pk=pk)


def study_list(*, actor, year: int | None = None, organization: Organization | None = None):
    qs = _scoped(StudySession.objects.select_related("organization"), actor, "organization__path")
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "organization__path"))
    if year:
        qs = qs.filter(on__year=year)
    return qs.order_by("-on", "organization__path", "-id")
