from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.members.models import Member
from dangvu.orgs.models import Organization

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
