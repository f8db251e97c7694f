"""Yearly rating of Party organizations and members (kiểm điểm, đánh giá, xếp loại chất lượng).

- ``RuleSet``: the rules of a rating as data with the years they govern (seeded by a data
  migration: 132-QĐ/TW for 2021–2022, 124-QĐ/TW for 2023–2024, 366-QĐ/TW from 2025): levels by
  criteria or by a score out of 100, the automatic "not completed" cases and their
  thresholds, the cap on excellent members and its base.
- ``Criterion``: the criteria catalog of a scored rule set, per kind of subject and by year,
  points per item (editable data).
- ``RatingRound``: the round of one grassroots organization for a year (its row is the lock
  the cap is counted under).
- ``Rating``: one subject (the grassroots organization, one of its cells, a member) in a
  round: self-assessment, appraisal (proposed level, score, automatic case), decision.
- ``RatingExemption``: a member exempt from work and Party activity, or suspended, for a
  year (the member register has no field for either): not rated, with the reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.members.models import Member
from dangvu.orgs.models import Organization


class Level(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    ADEQUATE = "adequate", _("Completed duties")
    FAILED = "failed", _("Did not complete duties")


LEVELS = [Level.EXCELLENT, Level.GOOD, Level.ADEQUATE, Level.FAILED]
GOOD_OR_ABOVE = (Level.EXCELLENT, Level.GOOD)


class RuleSet(models.Model):
    """The rules of the yearly rating in force for the years `first_year`..`last_year`."""

    class Method(models.TextChoices):
        CRITERIA = "criteria", _("Levels by criteria")
        SCORE = "score", _("Score out of 100")

    class CapBase(models.TextChoices):
        GOOD = "good", _("members rated good")
        GOOD_OR_ABOVE = "good_or_above", _("members rated good or above")

    name = CleanCharField(_("rule"), max_length=60, unique=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    method = CleanCharField(_("method"), max_length=10, choices=Method.choices)
    rates_cells = models.BooleanField(_("cells under a grassroots committee are rated"), default=True)
    # The automatic "not completed" cases (None: the rule set has no such case).
    member_disciplined_fails = models.BooleanField(default=True)
    targets_met_min = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    units_disciplined_max = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    leadership_disciplined_fails = models.BooleanField(default=True)
    leadership_tasks_min = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    member_not_done_max = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # Scores (a scored rule set).
    common_points = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(30))
    results_points = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(70))
    excellent_score = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(90))
    good_score = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(70))
    adequate_score = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(50))
    excellent_beyond_min = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    adequate_late_max = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # The cap: excellent members at most `cap_share`% of the base, inside each grassroots
    # organization; up to `cap_max_share`% where the competent level allows it.
    cap_share = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(20))
    cap_max_share = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(20))
    cap_base = CleanCharField(max_length=20, choices=CapBase.choices, default=CapBase.GOOD)

    class Meta:
        verbose_name = _("rating rule set")
        ordering = ["first_year"]

    def __str__(self) -> str:
        return self.name

    @property
    def scored(self) -> bool:
        return self.method == self.Method.SCORE


class Criterion(models.Model):
    """An item of the criteria catalog of a scored rule set, for a kind of subject, in force
    for the years `first_year`..`last_year`, worth up to `points`."""

    class Subject(models.TextChoices):
        COLLECTIVE = "collective", _("Party organization (collective)")
        MEMBER = "member", _("Party member")

    class Group(models.TextChoices):
        COMMON = "common", _("Common criteria")
        RESULTS = "results", _("Results of duties")

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="criteria")
    subject = CleanCharField(_("subject"), max_length=20, choices=Subject.choices)
    group = CleanCharField(_("group"), max_length=10, choices=Group.choices)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    name = CleanCharField(_("criterion"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("rating criterion")
        ordering = ["rule_set", "subject", "group", "position", "id"]

    def __str__(self) -> str:
        return self.name


class RatingRound(models.Model):
    """The rating of one grassroots organization (its own, its cells', its members') for a
    year under the rule set of that year. The cap on excellent members is counted inside it;
    the competent level may raise its share (``cap_share``) up to the rule set's maximum,
    with a recorded note."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="rating_rounds",
                                     verbose_name=_("grassroots organization"))
    year = models.PositiveSmallIntegerField(_("year"))
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("rule"))
    opened_on = models.DateField(_("opened on"))
    cap_share = models.DecimalField(_("share of excellent members allowed"), max_digits=5, decimal_places=2,
                                    null=True, blank=True)
    cap_note = CleanTextField(_("reason for the higher share"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("rating round")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_rating_round_a_year",
                                    violation_error_message=_("This organization already has a rating round for that year."),
                                    violation_error_code="round_exists"),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} — {self.year}"

    @property
    def share(self) -> Decimal:
        return self.cap_share if self.cap_share is not None else self.rule_set.cap_share


class Rating(models.Model):
    """One subject of a round and the steps of its rating."""

    class NotRated(models.TextChoices):
        ADMITTED_RECENTLY = "admitted_recently", _("admitted less than 6 months before")
        EXEMPT = "exempt", _("exempt from work and Party activity")
        SUSPENDED = "suspended", _("suspended")

    round = models.ForeignKey(RatingRound, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="ratings")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))  # the organization rated, or the member's cell
    not_rated = CleanCharField(_("not rated because"), max_length=20, choices=NotRated.choices, blank=True)
    self_level = CleanCharField(_("self-assessment"), max_length=10, choices=Level.choices, blank=True)
    self_note = CleanTextField(_("self-assessment note"), max_length=2000, blank=True)
    proposed_level = CleanCharField(_("proposed level"), max_length=10, choices=Level.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    automatic = CleanTextField(_("automatic case"), max_length=500, blank=True)
    proposal_note = CleanTextField(_("appraisal"), max_length=2000, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    level = CleanCharField(_("level decided"), max_length=10, choices=Level.choices, blank=True)
    decision_note = CleanTextField(_("reason for the decision"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rating")
        ordering = ["round", "id"]
        indexes = [models.Index(fields=["round", "level"], name="rating_round_level_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=True) & Q(member__isnull=False))
                | (Q(organization__isnull=False) & Q(member__isnull=True)),
                name="rating_one_subject",
                violation_error_message=_("A rating is about one organization or one member."),
                violation_error_code="rating_one_subject",
            ),
            models.UniqueConstraint(fields=["round", "member"], name="rating_member_once"),
            models.UniqueConstraint(fields=["round", "organization"], name="rating_organization_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} — {self.round.year}"

    @property
    def subject_name(self) -> str:
        return self.member.full_name if self.member_id else self.organization.name

    @property
    def current_level(self) -> str:
        """The level decided, else the level proposed ("" before the appraisal)."""
        return self.level or self.proposed_level

    @property
    def is_member(self) -> bool:
        return self.member_id is not None


class RatingExemption(models.Model):
    """A member not rated for a year: exempt from work and Party activity, or suspended."""

    class Reason(models.TextChoices):
        EXEMPT = "exempt", _("exempt from work and Party activity")
        SUSPENDED = "suspended", _("suspended")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="rating_exemptions")
    year = models.PositiveSmallIntegerField(_("year"))
    reason = CleanCharField(_("reason"), max_length=20, choices=Reason.choices)
    note = CleanTextField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("rating exemption")
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="one_rating_exemption_a_year")]
