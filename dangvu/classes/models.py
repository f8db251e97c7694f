"""Classes and resolution study (lớp bồi dưỡng, học tập nghị quyết).

- ``CourseKind``: the kinds of class are data (seeded by a data migration: the Party
  awareness class, the political theory class for new members, the professional training
  in Party-building work; an administrator may add others). `code` is stable (measures and
  the admissions link read it); `name` is what pages show.
- ``Course``: one class, organized by an organization (it counts for that organization, in
  the period of its end date), with its sessions (``CourseSession``) and its attendees
  (``Attendee``: a member or an admission candidate), each with a result and, when passed,
  a certificate (number and date).
- An awareness-class certificate given to a candidate, and a new-member class certificate
  given to a probationary member, are also the step of the admission file
  (``Attendee.step``; see ``services``). When that step is withdrawn from the file
  (``admissions.services.step_undo``) the certificate stays, no longer linked to it.
- ``StudySession``: an organization's session studying a resolution (học tập, quán triệt
  nghị quyết), with the members present and expected.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.admissions.models import Candidate, Step
from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.members.models import Member
from dangvu.orgs.models import Organization

AWARENESS = "awareness"
NEW_MEMBER = "new_member"
PROFESSIONAL = "professional"


class CourseKind(models.Model):
    """A kind of class (data; see the data migration for the seeded ones)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = CleanCharField(_("name"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("kind of class")
        verbose_name_plural = _("kinds of class")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """One class (lớp bồi dưỡng): its kind, the organization holding it, its dates and place."""

    kind = models.ForeignKey(CourseKind, on_delete=models.PROTECT, related_name="courses", verbose_name=_("kind"))
    name = CleanCharField(_("name"), max_length=300)
    organizer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="courses",
                                  verbose_name=_("organized by"))
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    place = CleanCharField(_("place"), max_length=200, blank=True)
    note = CleanTextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-end", "-id"]
        indexes = [models.Index(fields=["kind", "end"], name="course_kind_end_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="course_end_after_start",
                                   violation_error_code="course_end_before_start",
                                   violation_error_message=_("The end date is before the start date.")),
        ]

    def __str__(self) -> str:
        return self.name


class CourseSession(models.Model):
    """One day (or half-day) of a class and its topic."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    on = models.DateField(_("date"))
    topic = CleanCharField(_("topic"), max_length=300)

    class Meta:
        verbose_name = _("class session")
        ordering = ["on", "id"]


class Attendee(models.Model):
    """Someone who attends a class: a member or an admission candidate (exactly one), with
    the result and the certificate."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Not assessed yet")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attendees")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="classes",
                               verbose_name=_("member"))
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="classes", verbose_name=_("admission candidate"))
    result = CleanCharField(_("result"), max_length=10, choices=Result.choices, default=Result.PENDING)
    grade = CleanCharField(_("grade"), max_length=40, blank=True, help_text=_("E.g. Giỏi, Khá, 8,5."))
    certificate_number = CleanCharField(_("certificate number"), max_length=60, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    step = models.OneToOneField(Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificate",
                                verbose_name=_("admission step"))

    class Meta:
        verbose_name = _("attendee")
        ordering = ["course", "id"]
        indexes = [models.Index(fields=["certificate_date"], name="attendee_certificate_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True, candidate__isnull=False) | Q(member__isnull=False,
                                                                               candidate__isnull=True),
                name="attendee_member_or_candidate", violation_error_code="attendee_member_or_candidate",
                violation_error_message=_("An attendee is a member or an admission candidate."),
            ),
            models.UniqueConstraint(fields=["course", "member"], name="one_attendance_per_member",
                                    violation_error_code="attendee_twice",
                                    violation_error_message=_("This person already attends the class.")),
            models.UniqueConstraint(fields=["course", "candidate"], name="one_attendance_per_candidate",
                                    violation_error_code="attendee_twice",
                                    violation_error_message=_("This person already attends the class.")),
            models.CheckConstraint(
                condition=Q(certificate_date__isnull=True) | Q(result="passed"),
                name="certificate_only_when_passed", violation_error_code="certificate_not_passed",
                violation_error_message=_("A certificate is issued only to an attendee who passed."),
            ),
        ]

    def __str__(self) -> str:
        return self.person_name

    @property
    def person_name(self) -> str:
        return self.member.full_name if self.member_id else self.candidate.full_name

    @property
    def person_birth_date(self):
        return self.member.birth_date if self.member_id else self.candidate.birth_date

    @property
    def person_organization(self) -> Organization:
        return self.member.organization if self.member_id else self.candidate.organization


class StudySession(models.Model):
    """An organization's session studying a resolution (học tập, quán triệt nghị quyết)."""

    resolution = CleanCharField(_("resolution"), max_length=300,
                                help_text=_("E.g. Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XIII."))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="study_sessions",
                                     verbose_name=_("organization"))
    on = models.DateField(_("date"))
    present = models.PositiveIntegerField(_("members present"))
    expected = models.PositiveIntegerField(_("members expected"))
    note = CleanTextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resolution study session")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["on"], name="study_session_on_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(present__lte=models.F("expected")), name="study_present_le_expected",
                                   violation_error_code="present_over_expected",
                                   violation_error_message=_("More members present than expected.")),
        ]

    def __str__(self) -> str:
        return self.resolution

    @property
    def attendance_share(self):
        return self.present / self.expected if self.expected else None
