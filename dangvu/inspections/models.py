"""Inspection, supervision and discipline (kiểm tra, giám sát, thi hành kỷ luật).

- ``InspectionKind``: the kinds are data (seeded by a data migration), each flagged
  inspection or supervision: by program, on signs of violation, of lower levels'
  inspection and discipline work, of Party finances, of asset declarations; regular and
  thematic supervision.
- ``InspectionProgram``: the yearly program of a committee or of its inspection commission.
- ``Inspection``: one inspection or supervision, conducted by an organization, covering
  organizations (``InspectedOrganization``) and members (``InspectedMember``).
- ``Discipline``: a decision about an organization or a member, in a form the rules allow
  (``rules``), with its lapse date; ``Complaint``: a complaint against it and its outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.members.models import Member, StatusChange
from dangvu.orgs.models import Organization


class InspectionKind(models.Model):
    """A kind of inspection or supervision (data; see the data migration for the seeded ones).
    `code` is stable (measures filter on it); `name` is what pages show."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = CleanCharField(_("name"), max_length=200)
    is_supervision = models.BooleanField(_("supervision"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kind of inspection or supervision")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


PROGRAM = "program"
ON_SIGNS = "on_signs"
LOWER_LEVELS = "lower_levels"
FINANCES = "finances"
ASSETS = "assets"
REGULAR = "regular"
THEMATIC = "thematic"


class InspectionProgram(models.Model):
    """Chương trình kiểm tra, giám sát: the yearly program of an organization's committee or
    of its inspection commission (Ủy ban Kiểm tra)."""

    class Issuer(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        COMMISSION = "commission", _("Inspection commission")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="inspection_programs",
                                     verbose_name=_("organization"))
    issuer = CleanCharField(_("issued by"), max_length=20, choices=Issuer.choices, default=Issuer.COMMITTEE)
    year = models.PositiveSmallIntegerField(_("year"))
    number = CleanCharField(_("number"), max_length=60)
    issued_on = models.DateField(_("date"))
    title = CleanCharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("inspection and supervision program")
        ordering = ["-year", "organization_id", "issuer"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "issuer", "year"], name="one_inspection_program_a_year",
                violation_error_message=_("This body already has a program for that year."),
                violation_error_code="program_exists",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Inspection(models.Model):
    """One inspection or supervision (by its kind), conducted by `organization` (its
    committee or inspection commission) over the organizations and members it covers."""

    kind = models.ForeignKey(InspectionKind, on_delete=models.PROTECT, related_name="inspections",
                             verbose_name=_("kind"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="inspections_conducted",
                                     verbose_name=_("conducted by"))
    program = models.ForeignKey(InspectionProgram, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="inspections", verbose_name=_("program"))
    title = CleanCharField(_("subject"), max_length=300)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"), null=True, blank=True)
    findings = CleanTextField(_("findings"), max_length=4000, blank=True)
    conclusion = CleanTextField(_("conclusion"), max_length=4000, blank=True)
    concluded_on = models.DateField(_("conclusion date"), null=True, blank=True)
    organizations = models.ManyToManyField(Organization, through="InspectedOrganization", related_name="+",
                                           verbose_name=_("organizations covered"))
    members = models.ManyToManyField(Member, through="InspectedMember", related_name="+",
                                     verbose_name=_("members covered"))

    class Meta:
        verbose_name = _("inspection or supervision")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["start"], name="inspection_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="inspection_end_after_start",
                violation_error_message=_("An inspection cannot end before it starts."),
                violation_error_code="inspection_end_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InspectedOrganization(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="organization_rows")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "organization"], name="inspected_org_once")]


class InspectedMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="member_rows")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "member"], name="inspected_member_once")]


class Discipline(models.Model):
    """A discipline decision (quyết định thi hành kỷ luật) about an organization or a member.

    `unit` is the organization the decision counts for: the organization disciplined, or the
    member's cell on the decision date (scope and measures read it). `lapses_on`: the first
    day the decision is no longer in effect (none for expulsion and dissolution); a later
    decision about the same subject while it is in effect carries it to that one's lapse
    (``rules.lapse_dates``)."""

    class Form(models.TextChoices):
        REPRIMAND = "reprimand", _("reprimand")
        WARNING = "warning", _("warning")
        REMOVAL = "removal", _("removal from post")
        EXPULSION = "expulsion", _("expulsion")
        DISSOLUTION = "dissolution", _("dissolution")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="disciplines", verbose_name=_("organization disciplined"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="disciplines",
                               verbose_name=_("member disciplined"))
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", editable=False,
                             verbose_name=_("unit counted"))
    form = CleanCharField(_("form of discipline"), max_length=20, choices=Form.choices)
    violation_date = models.DateField(_("violation date"))
    content = CleanTextField(_("violation"), max_length=2000, blank=True)
    deciding_body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("deciding body"))
    decided_on = models.DateField(_("decision date"))
    number = CleanCharField(_("decision number"), max_length=60)
    rule_set = CleanCharField(_("rule"), max_length=60, editable=False)
    lapses_on = models.DateField(_("lapses on"), null=True, blank=True, editable=False)
    status_change = models.ForeignKey(StatusChange, on_delete=models.PROTECT, null=True, blank=True, editable=False,
                                      related_name="+")
    annulled = models.BooleanField(_("annulled"), default=False)
    annul_reason = CleanTextField(_("reason for annulling"), max_length=300, blank=True)
    annulled_at = models.DateTimeField(null=True, blank=True)
    annulled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("discipline decision")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["decided_on"], name="discipline_decided_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=True) & Q(member__isnull=False))
                | (Q(organization__isnull=False) & Q(member__isnull=True)),
                name="discipline_one_subject",
                violation_error_message=_("A discipline decision is about one organization or one member."),
                violation_error_code="discipline_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject_name}"

    @property
    def subject_name(self) -> str:
        return self.member.full_name if self.member_id else self.organization.name


class Complaint(models.Model):
    """A complaint against a discipline decision and its outcome."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Decision upheld")
        CHANGED = "changed", _("Decision changed")
        ANNULLED = "annulled", _("Decision annulled")

    discipline = models.ForeignKey(Discipline, on_delete=models.CASCADE, related_name="complaints")
    filed_on = models.DateField(_("complaint date"))
    outcome = CleanCharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("outcome date"), null=True, blank=True)
    note = CleanTextField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["filed_on", "id"]
