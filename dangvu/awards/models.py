"""Commendations (khen thưởng) and emulation (thi đua).

- ``Commendation``: a giấy khen, bằng khen or flag given to an organization or a member for
  a year (optionally for a streak of years "2017 - 2021"), by a decision of a deciding body,
  announced at a conference. `unit` is the organization it counts for (the organization
  commended, or the member's cell on the decision date): scope and measures read it. One
  subject receives one commendation of a kind for a year (a unique constraint: a decision
  taken twice from a proposed list cannot commend anybody twice).
- ``Movement``: an emulation movement ("Dân vận khéo"), kept as data.
- ``EmulationTitle``: a title conferred for a year, either under a movement (``Kind.MOVEMENT``)
  or a "four-good" title (``Kind.FOUR_GOOD``, chi bộ / đảng bộ cơ sở bốn tốt). One table with
  a kind rather than a ``FourGoodTitle`` of its own: both are a title for a year to one
  subject by a decision; they differ only by whether a movement is named, so the list, the
  figures and the decision service are one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.members.models import Member
from dangvu.orgs.models import Organization


class Movement(models.Model):
    """An emulation movement launched by an organization (kept as data)."""

    name = CleanCharField(_("movement"), max_length=200, unique=True, error_messages={
        "unique": _("A movement with this name is already recorded.")})
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="movements",
                                     verbose_name=_("launched by"))
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    description = CleanTextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("emulation movement")
        ordering = ["-first_year", "name"]

    def __str__(self) -> str:
        return self.name


class _Subject(models.Model):
    """An organization or a member, the unit counted, a year and a decision."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organization"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("member"))
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", editable=False,
                             verbose_name=_("unit counted"))
    year = models.PositiveSmallIntegerField(_("year rewarded"))
    number = CleanCharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    deciding_body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("deciding body"))

    class Meta:
        abstract = True

    @property
    def subject_name(self) -> str:
        return self.member.full_name if self.member_id else self.organization.name

    @property
    def is_member(self) -> bool:
        return self.member_id is not None


def _one_subject(name: str, message) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(organization__isnull=True) & Q(member__isnull=False))
        | (Q(organization__isnull=False) & Q(member__isnull=True)),
        name=name, violation_error_message=message, violation_error_code=name)


class Commendation(_Subject):
    class Kind(models.TextChoices):
        GRASSROOTS_CERTIFICATE = "grassroots_certificate", _("Certificate of merit of the grassroots committee")
        UPPER_CERTIFICATE = "upper_certificate", _("Certificate of merit of the committee above grassroots")
        PROVINCE_MERIT = "province_merit", _("Certificate of merit of the province or above")
        FLAG = "flag", _("Emulation flag")

    kind = CleanCharField(_("kind"), max_length=30, choices=Kind.choices)
    reason = CleanTextField(_("reason"), max_length=1000)
    streak_years = models.PositiveSmallIntegerField(_("years in a row"), null=True, blank=True)
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="commendations", verbose_name=_("emulation movement"))
    conference = CleanCharField(_("announced at"), max_length=300, blank=True)
    conference_on = models.DateField(_("conference date"), null=True, blank=True)

    class Meta:
        verbose_name = _("commendation")
        ordering = ["-year", "-decided_on", "-id"]
        indexes = [models.Index(fields=["year", "kind"], name="commendation_year_kind_idx")]
        constraints = [
            _one_subject("commendation_one_subject", _("A commendation is about one organization or one member.")),
            models.UniqueConstraint(fields=["organization", "kind", "year"], condition=Q(member__isnull=True),
                                    name="commendation_organization_once"),
            models.UniqueConstraint(fields=["member", "kind", "year"], condition=Q(organization__isnull=True),
                                    name="commendation_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} — {self.year}"

    @property
    def streak_text(self) -> str:
        """"2017 - 2021" for a five-year streak ending 2021, "" without one."""
        if not self.streak_years:
            return ""
        return f"{self.year - self.streak_years + 1} - {self.year}"


class EmulationTitle(_Subject):
    class Kind(models.TextChoices):
        MOVEMENT = "movement", _("Title of an emulation movement")
        FOUR_GOOD = "four_good", _("\"Four-good\" title")

    kind = CleanCharField(_("kind"), max_length=20, choices=Kind.choices)
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, null=True, blank=True, related_name="titles",
                                 verbose_name=_("emulation movement"))
    title = CleanCharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("emulation title")
        ordering = ["-year", "-decided_on", "-id"]
        constraints = [
            _one_subject("title_one_subject", _("A title is conferred on one organization or one member.")),
            models.CheckConstraint(condition=Q(kind="four_good", movement__isnull=True)
                                   | Q(kind="movement", movement__isnull=False),
                                   name="title_movement_by_kind",
                                   violation_error_message=_("A movement title names its movement; a four-good "
                                                             "title names none."),
                                   violation_error_code="title_movement_by_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.subject_name} — {self.year}"


# Party badges (Huy hiệu Đảng): the dated rules as rows (seeded by 0002_badges), the extra
# award dates a committee sets, and the badges awarded. The rules read them: ``badges.py``.


class BadgeRuleSet(models.Model):
    """Who may receive a badge, in force from `valid_from` until the next set's: the waits
    after a discipline decision (months from the decision date; empty: that form does not
    exclude) and how early a badge may come."""

    name = CleanCharField(_("rule set"), max_length=120)
    valid_from = models.DateField(_("in force from"), unique=True)
    reprimand_wait_months = models.PositiveSmallIntegerField(_("wait after a reprimand (months)"), null=True,
                                                             blank=True)
    warning_wait_months = models.PositiveSmallIntegerField(_("wait after a warning (months)"), null=True, blank=True)
    removal_wait_months = models.PositiveSmallIntegerField(_("wait after a removal from post (months)"), null=True,
                                                           blank=True)
    illness_early_months = models.PositiveSmallIntegerField(_("early for serious illness, 30–65 years (months)"),
                                                            default=12)
    illness_early_months_senior = models.PositiveSmallIntegerField(
        _("early for serious illness, 70–90 years (months)"), default=24)
    senior_from = models.PositiveSmallIntegerField(_("senior milestones from (years)"), default=70)
    posthumous_early_months = models.PositiveSmallIntegerField(_("early, posthumously (months)"), default=12)
    note = CleanTextField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("badge rule set")

    def __str__(self) -> str:
        return self.name


class BadgeCashRate(models.Model):
    """The cash given with a badge of `milestone` years, as a multiple of the base salary,
    from `valid_from` (empty multiple: not known)."""

    valid_from = models.DateField(_("in force from"))
    milestone = models.PositiveSmallIntegerField(_("years of Party age"))
    multiple = models.DecimalField(_("multiple of the base salary"), max_digits=4, decimal_places=1, null=True,
                                   blank=True)
    source = CleanCharField(_("source"), max_length=120, blank=True)

    class Meta:
        ordering = ["valid_from", "milestone"]
        verbose_name = _("badge cash rate")
        constraints = [models.UniqueConstraint(fields=["valid_from", "milestone"], name="badge_cash_rate_unique")]


class BadgeBaseSalary(models.Model):
    """The base salary (lương cơ sở) in đồng from `valid_from`."""

    valid_from = models.DateField(_("in force from"), unique=True)
    amount = models.PositiveIntegerField(_("base salary (đồng)"))
    source = CleanCharField(_("source"), max_length=120, blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("base salary")


class BadgeDate(models.Model):
    """An award date a committee sets besides 3/2, 19/5, 2/9 and 7/11: it counts for the
    committee's subtree."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    on = models.DateField(_("award date"))
    note = CleanCharField(_("occasion"), max_length=200, blank=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("badge award date")
        constraints = [models.UniqueConstraint(fields=["organization", "on"], name="badge_date_unique")]


class Badge(models.Model):
    """A Party badge awarded to a member: the milestone, the date, the number, the decision,
    why early if it was, and the cash (a multiple of the base salary then in force)."""

    class Early(models.TextChoices):
        ILLNESS = "illness", _("serious illness")
        POSTHUMOUS = "posthumous", _("posthumously")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badges", verbose_name=_("member"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", editable=False,
                                     verbose_name=_("cell"))
    milestone = models.PositiveSmallIntegerField(_("years of Party age"))
    awarded_on = models.DateField(_("award date"))
    number = CleanCharField(_("badge number"), max_length=30, blank=True)
    decision_number = CleanCharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    early_reason = CleanCharField(_("awarded early"), max_length=20, choices=Early.choices, blank=True)
    early_note = CleanCharField(_("reason for the early award"), max_length=300, blank=True)
    cash_multiple = models.DecimalField(_("multiple of the base salary"), max_digits=4, decimal_places=1, null=True,
                                        blank=True, editable=False)
    base_salary = models.PositiveIntegerField(_("base salary (đồng)"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-awarded_on", "member__name_sort_key", "id"]
        verbose_name = _("Party badge")
        indexes = [models.Index(fields=["awarded_on"], name="badge_awarded_idx")]
        constraints = [
            models.UniqueConstraint(fields=["member", "milestone"], name="badge_member_milestone"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="badge_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} — {self.milestone}"

    @property
    def cash(self) -> int | None:
        """The cash in đồng, when both the multiple and the base salary are known."""
        if self.cash_multiple is None or self.base_salary is None:
            return None
        return int(self.cash_multiple * self.base_salary)
