"""Writes to the classes and study register. Each checks permission and the rules, and
audits in the same transaction.

Scope: a class belongs to the organization holding it (the actor writes for it); its
attendees are members on the rolls of cells in that organization's subtree, or admission
candidates of files of those cells. A study session belongs to its organization.

Who attends which class: the Party awareness class takes admission candidates (members have
already joined); the new-member class takes members; other kinds take members and
candidates.

Certificates and the admissions register: issuing the certificate of a Party awareness
class to a candidate records the step "Party awareness class certificate" in the
candidate's file, and the certificate of a new-member class to a member whose admission
went through the register records the step "New-member political class certificate" in the
member's file, both through ``admissions.services.step_record`` (the certificate's date and
number are the step's), in the same transaction. When the register refuses the step (it is
already recorded, the file is closed, the order is not kept, ...) the certificates are not
issued and the refusal says so with the register's words, prefixed by the person's name.
A member admitted outside the register (a historical file) gets the certificate alone: that
file's steps are on paper.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dangvu.admissions import services as admission_services
from dangvu.admissions.models import Candidate, Step
from dangvu.core import audit, formatting
from dangvu.core.dates import check_event_date, event_date_error
from dangvu.core.errors import (
    PermissionDenied,
    RuleViolation,
    ValidationError,
    field_error,
    field_errors,
    message,
    refusal,
)
from dangvu.core.errors import codes as error_codes
from dangvu.core.text import normalize
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import is_admin, require_write

from .models import AWARENESS, NEW_MEMBER, Attendee, Course, CourseKind, CourseSession, StudySession

COURSE_FIELDS = ["kind", "name", "organizer", "start", "end", "place", "note"]
STUDY_FIELDS = ["resolution", "organization", "on", "present", "expected", "note"]
#: The admission step a certificate of the kind records (see the module).
STEP_OF_KIND = {AWARENESS: Step.Kind.AWARENESS_CERTIFICATE, NEW_MEMBER: Step.Kind.NEW_MEMBER_CLASS}


# Kinds

@transaction.atomic
def course_kind_create(*, actor, name: str) -> CourseKind:
    """Add a kind of class (an administrator)."""
    if not is_admin(actor):
        raise PermissionDenied(_("Only an administrator may add a kind of class."))
    name = " ".join(name.split())
    if not name:
        raise field_error("name", _("The name of the kind is required."), "kind_name_missing")
    if CourseKind.objects.filter(name__iexact=name).exists():
        raise field_error("name", _("The kind “%(name)s” already exists.") % {"name": name}, "kind_exists")
    base = slugify(normalize(name))[:32] or "kind"
    code, n = base, 1
    while CourseKind.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    kind = CourseKind.objects.create(code=code, name=name,
                                     position=(CourseKind.objects.order_by("-position").first().position + 1
                                               if CourseKind.objects.exists() else 1))
    audit.record(actor=actor, action="course_kind.create", obj=kind, scope_path="", note=name)
    return kind


# Classes

def _check_course_dates(organizer: Organization, start: datetime.date, end: datetime.date) -> None:
    errors = [event_date_error("start", start, not_before=organizer.established_on,
                               not_before_label=_("the establishment of %(org)s") % {"org": organizer.name}),
              event_date_error("end", end)]
    if start and end and end < start:
        errors.append(field_error("end", _("The end date %(end)s is before the start date %(start)s.") % {
            "end": formatting.date(end), "start": formatting.date(start)}, "course_end_before_start"))
    if start and organizer.dissolved_on and organizer.dissolved_on <= start:
        errors.append(field_error("start", _("%(org)s was dissolved on %(date)s.") % {
            "org": organizer.name, "date": formatting.date(organizer.dissolved_on)}, "organizer_dissolved"))
    errors = [e for e in errors if e is not None]
    if errors:
        raise field_errors(*errors)


@transaction.atomic
def course_create(*, actor, kind: CourseKind, organizer: Organization, name: str, start: datetime.date,
                  end: datetime.date, place: str = "", note: str = "") -> Course:
    """Record a class held by `organizer` (its dates are those of the class: the end date
    places it in a period's figures)."""
    require_write(actor, organizer)
    _check_course_dates(organizer, start, end)
    course = Course(kind=kind, organizer=organizer, name=" ".join(name.split()), start=start, end=end,
                    place=" ".join(place.split()), note=note.strip())
    course.full_clean(exclude=["kind", "organizer"], validate_constraints=False, validate_unique=False)
    course.save()
    audit.record(actor=actor, action="course.create", obj=course, scope_path=organizer.path,
                 changes=audit.diff({}, audit.snapshot(course, COURSE_FIELDS)))
    return course


def _locked(course: Course, actor) -> Course:
    course = Course.objects.select_for_update(of=("self",)).select_related("kind", "organizer").get(pk=course.pk)
    require_write(actor, course.organizer)
    return course


@transaction.atomic
def course_update(*, actor, course: Course, kind: CourseKind, name: str, start: datetime.date, end: datetime.date,
                  place: str = "", note: str = "") -> Course:
    """Correct a class's kind, name, dates, place or note (the organizer stays). Once
    certificates are issued the kind stays and the end date cannot pass the first one."""
    course = _locked(course, actor)
    _check_course_dates(course.organizer, start, end)
    issued = course.attendees.filter(certificate_date__isnull=False)
    if kind.pk != course.kind_id and issued.exists():
        raise field_error("kind", _("Certificates of this class were issued: its kind cannot change."),
                          "kind_after_certificates")
    first = issued.order_by("certificate_date").values_list("certificate_date", flat=True).first()
    if first is not None and end > first:
        raise field_error("end", _("A certificate of this class is dated %(date)s: the class cannot end after it.") % {
            "date": formatting.date(first)}, "end_after_certificate")
    before = audit.snapshot(course, COURSE_FIELDS)
    course.kind, course.name, course.start, course.end = kind, " ".join(name.split()), start, end
    course.place, course.note = " ".join(place.split()), note.strip()
    course.full_clean(exclude=["kind", "organizer"], validate_constraints=False, validate_unique=False)
    course.save()
    audit.record(actor=actor, action="course.update", obj=course, scope_path=course.organizer.path,
                 changes=audit.diff(before, audit.snapshot(course, COURSE_FIELDS)))
    return course


@transaction.atomic
def session_add(*, actor, course: Course, on: datetime.date, topic: str) -> CourseSession:
    """A day of the class and its topic, between the class's start and end."""
    course = _locked(course, actor)
    topic = " ".join(topic.split())
    if not topic:
        raise field_error("topic", _("The topic is required."), "topic_missing")
    if not (course.start <= on <= course.end):
        raise field_error("on", _("The class runs from %(start)s to %(end)s; %(date)s is outside it.") % {
            "start": formatting.date(course.start), "end": formatting.date(course.end), "date": formatting.date(on)},
            "session_outside_course")
    session = CourseSession.objects.create(course=course, on=on, topic=topic)
    audit.record(actor=actor, action="course.session", obj=course, scope_path=course.organizer.path,
                 note=f"{formatting.date(on)}: {topic}")
    return session


# Attendees

def _check_member(course: Course, member: Member) -> None:
    if course.kind.code == AWARENESS:
        raise RuleViolation(_("%(name)s is a Party member: the Party awareness class is for admission candidates.") % {
            "name": member.full_name}, code="awareness_for_candidates")
    if not member.on_roll:
        raise RuleViolation(_("%(name)s is not on the rolls.") % {"name": member.full_name}, code="member_not_on_roll")
    if not member.organization.path.startswith(course.organizer.path):
        raise RuleViolation(_("%(name)s is on the rolls of %(cell)s, which does not stand under %(org)s.") % {
            "name": member.full_name, "cell": member.organization.name, "org": course.organizer.name},
            code="attendee_outside")


def _check_candidate(course: Course, candidate: Candidate) -> None:
    if course.kind.code == NEW_MEMBER:
        raise RuleViolation(_("%(name)s is an admission candidate: the new-member class is for members.") % {
            "name": candidate.full_name}, code="new_member_for_members")
    if candidate.closed_on or candidate.member_id or candidate.source != Candidate.Source.REGISTER:
        raise RuleViolation(_("%(name)s has no open admission file before the admission.") % {
            "name": candidate.full_name}, code="candidate_not_open")
    if not candidate.organization.path.startswith(course.organizer.path):
        raise RuleViolation(_("The file of %(name)s belongs to %(cell)s, which does not stand under %(org)s.") % {
            "name": candidate.full_name, "cell": candidate.organization.name, "org": course.organizer.name},
            code="attendee_outside")


@transaction.atomic
def attendees_add(*, actor, course: Course, members: Iterable[Member] = (),
                  candidates: Iterable[Candidate] = ()) -> list[Attendee]:
    """Put members and candidates on the class's list (see the module for who attends)."""
    course = _locked(course, actor)
    members, candidates = list(members), list(candidates)
    if not members and not candidates:
        raise field_error("members", _("Choose the members or candidates who attend."), "attendees_missing")
    present_members = set(course.attendees.filter(member__isnull=False).values_list("member_id", flat=True))
    present_candidates = set(course.attendees.filter(candidate__isnull=False).values_list("candidate_id", flat=True))
    rows = []
    for member in members:
        _check_member(course, member)
        if member.pk in present_members:
            raise RuleViolation(_("%(name)s already attends the class.") % {"name": member.full_name},
                                code="attendee_twice")
        present_members.add(member.pk)
        rows.append(Attendee(course=course, member=member))
    for candidate in candidates:
        _check_candidate(course, candidate)
        if candidate.pk in present_candidates:
            raise RuleViolation(_("%(name)s already attends the class.") % {"name": candidate.full_name},
                                code="attendee_twice")
        present_candidates.add(candidate.pk)
        rows.append(Attendee(course=course, candidate=candidate))
    try:
        with transaction.atomic():
            for row in rows:
                row.save()
    except IntegrityError as exc:  # added at once by two people
        raise RuleViolation(_("Someone else changed the list of attendees at the same time; try again."),
                            code="attendees_changed") from exc
    audit.record(actor=actor, action="course.attendees", obj=course, scope_path=course.organizer.path,
                 note=", ".join(row.person_name for row in rows))
    return rows


def _check_remove(*, actor, attendee: Attendee) -> None:
    require_write(actor, attendee.course.organizer)
    if attendee.certificate_date:
        raise RuleViolation(_("%(name)s received certificate %(number)s: the attendee cannot be removed.") % {
            "name": attendee.person_name, "number": attendee.certificate_number}, code="certificate_issued")


def attendee_remove_refusal(*, actor, attendee: Attendee) -> str:
    return refusal(_check_remove, actor=actor, attendee=attendee)


@transaction.atomic
def attendee_remove(*, actor, attendee: Attendee) -> Course:
    course = _locked(attendee.course, actor)
    attendee = course.attendees.select_related("member", "candidate").get(pk=attendee.pk)
    _check_remove(actor=actor, attendee=attendee)
    name = attendee.person_name
    attendee.delete()
    audit.record(actor=actor, action="course.attendee_remove", obj=course, scope_path=course.organizer.path,
                 note=name)
    return course


# Results and certificates

def _check_results(*, actor, course: Course) -> None:
    require_write(actor, course.organizer)
    today = timezone.localdate()
    if course.end > today:
        raise RuleViolation(_("The class ends on %(end)s: results are recorded after it.") % {
            "end": formatting.date(course.end)}, code="course_not_ended")


def results_refusal(*, actor, course: Course) -> str:
    """Why the results of the class cannot be recorded now ("" when they can)."""
    return refusal(_check_results, actor=actor, course=course)


@transaction.atomic
def results_record(*, actor, course: Course, results: Sequence[tuple[Attendee, str, str]]) -> int:
    """Record the result (passed, failed or not yet) and the grade of attendees of the class;
    returns how many changed. An attendee with a certificate keeps "passed"."""
    course = _locked(course, actor)
    _check_results(actor=actor, course=course)
    attendees = {a.pk: a for a in course.attendees.select_related("member", "candidate")}
    changed = []
    for given, result, grade in results:
        attendee = attendees.get(given.pk)
        if attendee is None:
            raise RuleViolation(_("%(name)s does not attend this class.") % {"name": given.person_name},
                                code="not_an_attendee")
        if result not in Attendee.Result.values:
            raise RuleViolation(_("Unknown result."), code="result_unknown")
        grade = " ".join((grade or "").split())
        if attendee.certificate_date and result != Attendee.Result.PASSED:
            raise RuleViolation(_("%(name)s received certificate %(number)s: the result stays “passed”.") % {
                "name": attendee.person_name, "number": attendee.certificate_number}, code="certificate_issued")
        if result == Attendee.Result.PENDING and grade:
            raise RuleViolation(_("%(name)s: a grade goes with a result.") % {"name": attendee.person_name},
                                code="grade_without_result")
        if (attendee.result, attendee.grade) != (result, grade):
            changed.append(f"{attendee.person_name}: {Attendee.Result(result).label} {grade}".strip())
            attendee.result, attendee.grade = result, grade
            attendee.save(update_fields=["result", "grade"])
    if changed:
        audit.record(actor=actor, action="course.results", obj=course, scope_path=course.organizer.path,
                     note="; ".join(changed))
    return len(changed)


def _admission_file(attendee: Attendee, code: str) -> Candidate | None:
    """The file whose step the certificate records (see the module), or None."""
    if code == AWARENESS and attendee.candidate_id:
        return attendee.candidate
    if code == NEW_MEMBER and attendee.member_id:
        return Candidate.objects.filter(member_id=attendee.member_id, source=Candidate.Source.REGISTER).first()
    return None


def _check_certificate(*, actor, attendee: Attendee) -> None:
    """What the page checks before offering the certificate: the result, no certificate yet,
    and that the admission file takes the step."""
    course = attendee.course
    require_write(actor, course.organizer)
    if attendee.certificate_date:
        raise RuleViolation(_("%(name)s already received certificate %(number)s on %(date)s.") % {
            "name": attendee.person_name, "number": attendee.certificate_number,
            "date": formatting.date(attendee.certificate_date)}, code="certificate_issued")
    if attendee.result != Attendee.Result.PASSED:
        raise RuleViolation(_("%(name)s has not passed the class: a certificate is issued to those who passed.") % {
            "name": attendee.person_name}, code="certificate_not_passed")
    file = _admission_file(attendee, course.kind.code)
    if file is not None:
        why = admission_services.step_refusal(actor=actor, candidate=file, kind=STEP_OF_KIND[course.kind.code])
        if why:
            raise RuleViolation(_("%(name)s: %(reason)s") % {"name": attendee.person_name, "reason": why},
                                code="admission_step_refused")


def certificate_refusal(*, actor, attendee: Attendee) -> str:
    """Why `attendee` cannot receive a certificate now ("" when they can), for the pages."""
    return refusal(_check_certificate, actor=actor, attendee=attendee)


def _record_step(*, actor, attendee: Attendee, code: str, on: datetime.date, number: str, course: Course):
    file = _admission_file(attendee, code)
    if file is None:
        return None
    try:
        return admission_services.step_record(actor=actor, candidate=file, kind=STEP_OF_KIND[code], on=on,
                                              document_number=number, note=course.name)
    except ValidationError as exc:
        first = (error_codes(exc) or ["admission_step_refused"])[0] or "admission_step_refused"
        raise RuleViolation(_("%(name)s: %(reason)s") % {"name": attendee.person_name, "reason": message(exc)},
                            code=first) from exc


@transaction.atomic
def certificates_issue(*, actor, course: Course, on: datetime.date,
                       numbers: Sequence[tuple[Attendee, str]]) -> list[Attendee]:
    """Issue the certificates of the class on `on` to attendees who passed, each with its
    number; record the admission step where the certificate is one (see the module). All or
    nothing: one refusal issues none."""
    course = _locked(course, actor)
    numbers = [(attendee, " ".join((number or "").split())) for attendee, number in numbers]
    if not numbers:
        raise field_error("numbers", _("Give the number of at least one certificate."), "certificates_missing")
    check_event_date("on", on, not_before=course.end, not_before_label=_("the end of the class"))
    # One issue of certificates of a kind at a time: a number given meanwhile by another
    # class of the same organizer is seen (issues are a few a month).
    CourseKind.objects.select_for_update().get(pk=course.kind_id)
    attendees = {a.pk: a for a in course.attendees.select_for_update(of=("self",)).select_related(
        "member", "candidate__organization__parent", "course__kind", "course__organizer")}
    seen: set[str] = set()
    issued = []
    for given, number in numbers:
        attendee = attendees.get(given.pk)
        if attendee is None:
            raise RuleViolation(_("%(name)s does not attend this class.") % {"name": given.person_name},
                                code="not_an_attendee")
        if not number:
            raise RuleViolation(_("%(name)s: the certificate's number is required.") % {"name": attendee.person_name},
                                code="certificate_number_missing")
        if number in seen or Attendee.objects.filter(
                course__organizer=course.organizer, course__kind=course.kind, certificate_number=number).exists():
            raise RuleViolation(_("Certificate number %(number)s of %(kind)s is already given by %(org)s.") % {
                "number": number, "kind": course.kind.name, "org": course.organizer.name},
                code="certificate_number_taken")
        seen.add(number)
        if attendee.certificate_date:
            raise RuleViolation(_("%(name)s already received certificate %(number)s on %(date)s.") % {
                "name": attendee.person_name, "number": attendee.certificate_number,
                "date": formatting.date(attendee.certificate_date)}, code="certificate_issued")
        if attendee.result != Attendee.Result.PASSED:
            raise RuleViolation(_("%(name)s has not passed the class: a certificate is issued to those who passed.")
                                % {"name": attendee.person_name}, code="certificate_not_passed")
        attendee.step = _record_step(actor=actor, attendee=attendee, code=course.kind.code, on=on, number=number,
                                     course=course)
        attendee.certificate_number, attendee.certificate_date = number, on
        attendee.save(update_fields=["certificate_number", "certificate_date", "step"])
        issued.append(attendee)
    audit.record(actor=actor, action="course.certificates", obj=course, scope_path=course.organizer.path,
                 note=f"{formatting.date(on)}: " + ", ".join(f"{a.person_name} ({a.certificate_number})"
                                                            for a in issued))
    return issued


# Resolution study

@transaction.atomic
def study_create(*, actor, organization: Organization, resolution: str, on: datetime.date, present: int,
                 expected: int, note: str = "") -> StudySession:
    """Record an organization's session studying a resolution, with the members present
    and those expected."""
    require_write(actor, organization)
    errors = [event_date_error("on", on, not_before=organization.established_on,
                               not_before_label=_("the establishment of %(org)s") % {"org": organization.name})]
    resolution = " ".join(resolution.split())
    if not resolution:
        errors.append(field_error("resolution", _("Name the resolution studied."), "resolution_missing"))
    if expected is None or expected <= 0:
        errors.append(field_error("expected", _("The members expected must be at least 1."), "expected_zero"))
    elif present is not None and present > expected:
        errors.append(field_error("present", _("%(present)s members present, more than the %(expected)s expected.") % {
            "present": present, "expected": expected}, "present_over_expected"))
    if present is not None and present < 0:
        errors.append(field_error("present", _("The members present cannot be negative."), "present_negative"))
    errors = [e for e in errors if e is not None]
    if errors:
        raise field_errors(*errors)
    session = StudySession(organization=organization, resolution=resolution, on=on, present=present,
                           expected=expected, note=note.strip())
    session.save()
    audit.record(actor=actor, action="study.create", obj=session, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(session, STUDY_FIELDS)))
    return session
