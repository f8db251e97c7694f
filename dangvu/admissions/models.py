"""The admissions register: every candidate (quần chúng ưu tú, cảm tình Đảng) from the
awareness class to full membership, step by step, each with its document and date.

A file (`Candidate`) belongs to a cell. Its steps (`Step`) are recorded in order by
``services``; the member record is made by the ceremony and completed by the recognition.
A member brought in with the historical register (or admitted before the register existed)
has a file too, marked ``source=historical``, without steps: the admissions figure counts
files by their decision date, once each.

The rules that may change (ages, the validity of the awareness certificate, the introducer's
months, the cell's vote share, the deadlines in working days) are rows of `AdmissionRuleSet`
with the date from which each set governs (``rules``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.members.models import Member, validate_citizen_id, validate_phone
from dangvu.orgs.models import Organization


class AdmissionRuleSet(models.Model):
    """The admission rules in force from `valid_from` until the next set's `valid_from`.
    A step is judged by the set in force on its own date."""

    name = CleanCharField(_("rule set"), max_length=120, help_text=_("The regulation, e.g. 294-QĐ/TW."))
    valid_from = models.DateField(_("in force from"), unique=True)
    min_age_months = models.PositiveSmallIntegerField(_("minimum age (months)"), default=18 * 12)
    max_age_months = models.PositiveSmallIntegerField(_("maximum age without consent (months)"), default=60 * 12)
    certificate_valid_months = models.PositiveSmallIntegerField(_("awareness certificate valid (months)"), default=60)
    introducer_months = models.PositiveSmallIntegerField(_("introducer worked with the candidate (months)"), default=12)
    vote_numerator = models.PositiveSmallIntegerField(_("cell vote share: numerator"), default=2)
    vote_denominator = models.PositiveSmallIntegerField(_("cell vote share: denominator"), default=3)
    decision_days = models.PositiveSmallIntegerField(_("decision within (working days)"), default=60)
    decision_extension_days = models.PositiveSmallIntegerField(_("decision extension (working days)"), default=30)
    ceremony_days = models.PositiveSmallIntegerField(_("ceremony within (working days)"), default=30)
    probation_months = models.PositiveSmallIntegerField(_("probation (months)"), default=12)
    consideration_days = models.PositiveSmallIntegerField(_("cell considers full membership within (working days)"),
                                                          default=30)
    recognition_days = models.PositiveSmallIntegerField(_("committee decides full membership within (working days)"),
                                                        default=30)
    recognition_extension_days = models.PositiveSmallIntegerField(_("full membership extension (working days)"),
                                                                  default=30)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("admission rule set")
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_numerator__gt=0) & Q(vote_denominator__gte=models.F("vote_numerator")),
                name="admission_vote_share", violation_error_code="vote_share",
                violation_error_message=_("The vote share is a fraction between 0 and 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """An admission file: the person, the cell, the helper, and where the file stands."""

    class Source(models.TextChoices):
        REGISTER = "register", _("Admitted through the register")
        HISTORICAL = "historical", _("Brought in with the historical register")

    class State(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        DECIDED = "decided", _("Admission decided, awaiting the ceremony")
        PROBATION = "probation", _("Probationary member")
        FULL = "full", _("Recognized as a full member")
        NOT_RECOGNIZED = "not_recognized", _("Probation ended without recognition")
        WITHDRAWN = "withdrawn", _("File closed before admission")

    # No index of its own: candidate_org_state_idx starts with it.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="candidates",
                                     verbose_name=_("cell"), db_index=False)
    full_name = CleanCharField(_("full name"), max_length=120)
    gender = CleanCharField(_("gender"), max_length=10, choices=Member.Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = CleanCharField(_("ethnicity"), max_length=40, default="Kinh")
    religion = CleanCharField(_("religion"), max_length=40, blank=True, default="Không")
    hometown = CleanCharField(_("hometown"), max_length=200, blank=True)
    education = CleanCharField(_("education"), max_length=60, blank=True)
    profession = CleanCharField(_("profession"), max_length=120, blank=True)
    citizen_id = CleanCharField(_("citizen ID (CCCD)"), max_length=12, blank=True, validators=[validate_citizen_id])
    phone = CleanCharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    position = CleanCharField(_("position held"), max_length=200, blank=True)
    # Indexed where set only (candidate_helper_idx): the file of every member imported has none.
    helper = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="helped",
                               verbose_name=_("member assigned to help"), db_index=False)
    over_60_consent = CleanCharField(
        _("consent of the provincial standing committee"), max_length=200, blank=True,
        help_text=_("Number and date of the written consent, for a candidate over 60."),
    )
    source = CleanCharField(_("source"), max_length=12, choices=Source.choices, default=Source.REGISTER)
    member = models.OneToOneField(Member, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="admission_file", verbose_name=_("member record"))

    # Derived from the steps, kept in step by the services.
    state = CleanCharField(_("state"), max_length=16, choices=State.choices, default=State.CANDIDATE)
    last_step = CleanCharField(_("last step"), max_length=40, blank=True)
    started_on = models.DateField(_("file opened"))
    decision_date = models.DateField(_("admission decision date"), null=True, blank=True)
    ceremony_date = models.DateField(_("admission ceremony date"), null=True, blank=True)
    probation_end = models.DateField(_("12 months of probation"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = CleanTextField(_("why the file was closed"), max_length=500, blank=True)
    due_step = CleanCharField(_("step due"), max_length=40, blank=True)
    due_on = models.DateField(_("due by"), null=True, blank=True)
    decision_extended = CleanCharField(_("why the decision deadline was extended"), max_length=300, blank=True)
    recognition_extended = CleanCharField(_("why the full membership deadline was extended"), max_length=300,
                                          blank=True)
    # Not indexed: it is searched with "contains" (no index serves that) and sorted after
    # the deadline or the cell; every member imported has a file.
    name_normalized = models.CharField(max_length=120, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "name_normalized", "id"]
        verbose_name = _("admission candidate")
        verbose_name_plural = _("admission candidates")
        indexes = [
            models.Index(fields=["decision_date"], name="candidate_decision_idx"),
            models.Index(fields=["state", "due_on"], name="candidate_due_idx"),
            models.Index(fields=["organization", "state"], name="candidate_org_state_idx"),
            models.Index(fields=["helper"], condition=Q(helper__isnull=False), name="candidate_helper_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id="") & Q(closed_on__isnull=True),
                name="unique_open_candidate_citizen_id",
                violation_error_message=_("Another open admission file has this citizen ID (CCCD)."),
                violation_error_code="candidate_citizen_id_taken",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Step(models.Model):
    """One step of a file: its date, its document (form and number) and who recorded it."""

    class Kind(models.TextChoices):
        AWARENESS_CERTIFICATE = "awareness_certificate", _("Party awareness class certificate")
        APPLICATION = "application", _("Application to join the Party")
        BIOGRAPHY = "biography", _("Biography of the applicant")
        VERIFICATION = "verification", _("Verification of the biography")
        INTRODUCTION = "introduction", _("Introduction")
        OPINIONS = "opinions", _("Opinions of mass organizations and the residence cell")
        CELL_RESOLUTION = "cell_resolution", _("Cell resolution proposing admission")
        SUBCOMMITTEE_APPRAISAL = "subcommittee_appraisal", _("Sub-committee appraisal")
        COMMITTEE_RESOLUTION = "committee_resolution", _("Grassroots committee resolution")
        DECISION = "decision", _("Admission decision")
        CEREMONY = "ceremony", _("Admission ceremony")
        NEW_MEMBER_CLASS = "new_member_class", _("New-member political class certificate")
        SELF_REVIEW = "self_review", _("Probationary member's self-review")
        HELPER_REVIEW = "helper_review", _("Helper's assessment")
        PROBATION_OPINIONS = "probation_opinions", _("Opinions on the probationary member")
        PROBATION_CELL_RESOLUTION = "probation_cell_resolution", _("Cell resolution proposing full membership")
        PROBATION_SUBCOMMITTEE_APPRAISAL = "probation_subcommittee_appraisal", _(
            "Sub-committee appraisal of full membership")
        PROBATION_COMMITTEE_RESOLUTION = "probation_committee_resolution", _(
            "Grassroots committee resolution on full membership")
        RECOGNITION = "recognition", _("Decision recognizing full membership")
        NOT_RECOGNIZED = "not_recognized", _("Not recognized as a full member")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    kind = CleanCharField(_("step"), max_length=40, choices=Kind.choices)
    on = models.DateField(_("date"))
    document_number = CleanCharField(_("document number"), max_length=60, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True,
                                   help_text=_("The day the cell received the decision."))
    votes_for = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    full_members = models.PositiveSmallIntegerField(_("full members of the cell"), null=True, blank=True)
    rule_set = CleanCharField(_("rule set"), max_length=120, blank=True)
    note = CleanTextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = pgettext_lazy("admission", "step")
        indexes = [models.Index(fields=["kind", "on"], name="admission_step_kind_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "kind"], name="one_step_of_a_kind",
                violation_error_message=_("This step is already recorded in the file."),
                violation_error_code="step_recorded",
            ),
        ]


class Introduction(models.Model):
    """Who introduced the candidate: a full member who worked with them (3-KNĐ), or the
    resolution of the Youth Union or trade union (4-KNĐ)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Party member")
        YOUTH_UNION = "youth_union", _("Youth Union")
        TRADE_UNION = "trade_union", _("Trade union")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="introductions")
    kind = CleanCharField(_("introduced by"), max_length=12, choices=Kind.choices)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="introduced",
                               verbose_name=_("introducing member"))
    worked_together_since = models.DateField(_("worked with the candidate since"), null=True, blank=True)
    document_number = CleanCharField(_("document number"), max_length=60, blank=True)

    class Meta:
        ordering = ["id"]
