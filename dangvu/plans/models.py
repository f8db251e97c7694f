"""Terms, congresses, plans (resolutions, action programs, annual plans), indicators,
targets, results, returns, validation rules, reporting forms and key tasks."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext_lazy as _

from dangvu.core import measures
from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.orgs.models import Organization


class Term(models.Model):
    """Nhiệm kỳ, e.g. 2020-2025."""

    code = CleanCharField(_("term"), max_length=9, unique=True,
        error_messages={"unique": _("This term is already recorded.")})  # "2020-2025"
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    class Meta:
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.code


class Congress(models.Model):
    """Đại hội (lần thứ XVI) of an organization, opening a term."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="congresses")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="congresses")
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    held_on = models.DateField(_("held on"))

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["organization", "ordinal"], name="one_congress_per_ordinal",
            violation_error_message=_("This organization already has a congress with this number."),
            violation_error_code="congress_duplicate",
        )]

    @property
    def roman(self) -> str:
        n, out = self.ordinal, ""
        for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                               (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while n >= value:
                out, n = out + letters, n - value
        return out


class Indicator(models.Model):
    class ValueType(models.TextChoices):
        COUNT = "count", _("Count")
        AMOUNT = "amount", _("Amount")
        PERCENT = "percent", _("Percent")
        RATIO = "ratio", _("Ratio")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        AVERAGE = "average", _("Average")
        MIN = "min", _("Minimum")
        MAX = "max", _("Maximum")
        AVERAGE_SUM = "average_sum", _("Average over time, sum over units")
        NONE = "none", _("Not aggregated")

    class Direction(models.TextChoices):
        HIGHER = "higher_is_better", _("Higher is better")
        LOWER = "lower_is_better", _("Lower is better")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by units")
        MEASURE = "measure", _("Counted from records")
        FORMULA = "formula", _("Computed from other indicators")

    code = CleanCharField(_("code"), max_length=40, unique=True,
        error_messages={"unique": _("This code is already used by another indicator.")})
    name = CleanCharField(_("name"), max_length=300)
    unit = CleanCharField(_("unit"), max_length=60, blank=True)
    value_type = CleanCharField(_("value type"), max_length=10, choices=ValueType.choices, default=ValueType.COUNT)
    aggregation = CleanCharField(_("aggregation"), max_length=12, choices=Aggregation.choices, default=Aggregation.SUM)
    direction = CleanCharField(_("direction"), max_length=20, choices=Direction.choices, default=Direction.HIGHER)
    source = CleanCharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    measure_key = CleanCharField(_("measure"), max_length=60, blank=True)
    counted_from = models.DateField(
        _("counted from the register from"), null=True, blank=True,
        help_text=_("Before this day the units typed the figure (their values are kept); from it, the register "
                    "counts it. The first day of a quarter."),
    )
    numerator = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    denominator = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    multiplier = models.DecimalField(_("multiplier"), max_digits=12, decimal_places=4, default=Decimal(1))
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="measure") & ~Q(measure_key=""))
                | (Q(source="formula") & Q(numerator__isnull=False) & Q(denominator__isnull=False))
                | Q(source="entered"),
                name="indicator_source_complete",
                violation_error_message=_("A computed indicator needs its measure, or both parts of its formula."),
                violation_error_code="indicator_source_incomplete",
            ),
            models.CheckConstraint(
                condition=Q(counted_from__isnull=True) | Q(source="measure"),
                name="indicator_counted_from_measure",
                violation_error_message=_("Only a figure counted from a register has a date from which it is counted."),
                violation_error_code="counted_from_not_measure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def entered(self) -> bool:
        """Typed by the units (not counted from records, not computed)."""
        return self.source == self.Source.ENTERED

    def entered_in(self, period) -> bool:
        """Typed by the units for `period`: an entered figure, or a counted one whose register
        took over after the period ended (``counted_from``): the quarters before it keep the
        values the units typed, and those can still be corrected."""
        if self.source == self.Source.ENTERED:
            return True
        return self.source == self.Source.MEASURE and self.counted_from is not None and period.end < self.counted_from

    def typed_until(self, start: datetime.date, end: datetime.date) -> datetime.date | None:
        """The last day of [start, end] whose value comes from the units' typing (a register
        that took over inside the span or after it), or None when it is all counted (or the
        figure is not a counted one)."""
        if self.source != self.Source.MEASURE or self.counted_from is None or start >= self.counted_from:
            return None
        return min(end, self.counted_from - datetime.timedelta(days=1))

    @property
    def measure(self):
        """The measure (``core.measures.Measure``) this figure is counted by, or None."""
        return measures.get(self.measure_key) if self.source == self.Source.MEASURE else None

    @property
    def is_snapshot(self) -> bool:
        """Counted at a moment (members on the rolls at the period's end), not over it."""
        return bool(self.measure and self.measure.snapshot)

    @property
    def is_flow(self) -> bool:
        """A figure that adds up over time (admissions in a year are the sum of the
        quarters'; a term's, of the years'): summed, neither a formula (a ratio) nor a
        measure counted at a moment (members on the rolls at the period's end)."""
        if self.aggregation != self.Aggregation.SUM or self.source == self.Source.FORMULA:
            return False
        if self.source == self.Source.MEASURE:
            return not measures.get(self.measure_key).snapshot
        return True


class Plan(models.Model):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        ACTION_PROGRAM = "action_program", _("Action program")
        ANNUAL_PLAN = "annual_plan", _("Annual plan")

    code = CleanCharField(_("code"), max_length=40, unique=True,
        error_messages={"unique": _("This code is already used by another plan.")})
    kind = CleanCharField(_("kind"), max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="plans")
    number = CleanCharField(_("number and symbol"), max_length=60, blank=True)  # "135-CTr/TU"
    title = CleanCharField(_("title"), max_length=400)
    issued_on = models.DateField(_("issued on"))
    period = CleanCharField(_("period"), max_length=9)  # "2023" or "2020-2025"
    term = models.ForeignKey(Term, on_delete=models.PROTECT, null=True, blank=True, related_name="plans")
    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, null=True, blank=True, related_name="plans")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="cascaded",
                               verbose_name=_("cascaded from"))

    class Meta:
        ordering = ["-issued_on", "code"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Target(models.Model):
    class Comparator(models.TextChoices):
        GTE = "gte", "≥"
        LTE = "lte", "≤"
        EQ = "eq", "="

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="targets")
    period = CleanCharField(_("period"), max_length=9)
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    comparator = CleanCharField(_("comparator"), max_length=3, choices=Comparator.choices, default=Comparator.GTE)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "organization", "period"], name="one_target",
                violation_error_message=_("This plan already has a target for this indicator, unit and period."),
                violation_error_code="target_duplicate",
            ),
        ]

    @property
    def is_ceiling(self) -> bool:
        """A ceiling (≤): lower is better, the actual must stay at or below the value."""
        return self.comparator == self.Comparator.LTE


class Result(models.Model):
    """A unit's value of an entered indicator for a period. `version` guards against two
    people overwriting each other (optimistic locking)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="results")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="results")
    period = CleanCharField(_("period"), max_length=9)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    comment = CleanCharField(_("comment"), max_length=500, blank=True)
    state = CleanCharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The period's (first) year, kept by the database: the rollup reads a year's results of
    # an indicator in (organization, period) order from `result_year_idx`, with no sort.
    year = models.GeneratedField(expression=Cast(Substr("period", 1, 4), models.IntegerField()),
                                 output_field=models.IntegerField(), db_persist=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organization", "period"], name="one_result",
                violation_error_message=_("A value for this indicator, unit and period is already recorded."),
                violation_error_code="result_duplicate",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "indicator"], name="result_period_idx"),
            models.Index(fields=["year", "indicator", "organization", "period", "value"], name="result_year_idx"),
        ]


class Return(models.Model):
    """A unit's return for a period (báo cáo số liệu): the figures it owes for the period, as
    one thing that is submitted, approved (and so locked) and reopened. Not a review report
    (the `reports` app writes those)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="returns")
    period = CleanCharField(_("period"), max_length=9)
    state = CleanCharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    submitted_at = models.DateTimeField(null=True, blank=True)  # the first submission (timeliness)
    # The last (re)submission and who made it: a report submitted again after reopening.
    last_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reopen_reason = CleanTextField(_("reason for reopening"), max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["organization", "period"], name="one_return",
            violation_error_message=_("This unit already has a report for this period."),
            violation_error_code="return_duplicate",
        )]


class ReportingForm(models.Model):
    """What a kind of unit must report each period, and by when (days after the period):
    units of the kinds `org_kinds` and, when `sectors` is not empty, only of those sectors
    (the enterprise figures are asked of enterprises only; a unit whose sector is not
    recorded is asked only for the forms of every sector)."""

    code = CleanCharField(_("code"), max_length=40, unique=True,
        error_messages={"unique": _("This code is already used by another reporting form.")})
    name = CleanCharField(_("name"), max_length=300)
    period_kind = CleanCharField(_("period"), max_length=10, default="quarter")
    due_days = models.PositiveSmallIntegerField(_("days allowed after the period"), default=10)
    org_kinds = models.JSONField(_("kinds of reporting units"), default=list)
    sectors = models.JSONField(_("sectors of the reporting units (none: every sector)"), default=list, blank=True)
    indicators = models.ManyToManyField(Indicator, related_name="forms")

    def __str__(self) -> str:
        return self.name

    def applies_to(self, organization: Organization) -> bool:
        return organization.kind in self.org_kinds and (not self.sectors or organization.sector in self.sectors)


class ValidationRule(models.Model):
    """left operator right, over indicator codes of one unit and period (e.g.
    `ADMITTED <= CANDIDATES_TRAINED`). Missing values: skip the rule when any side misses a
    value, when all values are missing, or never (a missing value counts as 0)."""

    class Operator(models.TextChoices):
        EQ = "==", "="
        NE = "!=", "≠"
        LT = "<", "<"
        LE = "<=", "≤"
        GT = ">", ">"
        GE = ">=", "≥"

    class Missing(models.TextChoices):
        SKIP_IF_ANY = "skip_if_any", _("Skip when any value is missing")
        SKIP_IF_ALL = "skip_if_all", _("Skip when all values are missing")
        NEVER_SKIP = "never_skip", _("Never skip (missing counts as 0)")

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")

    code = CleanCharField(_("code"), max_length=40, unique=True,
        error_messages={"unique": _("This code is already used by another validation rule.")})
    message = CleanCharField(_("message"), max_length=300)
    left = CleanCharField(_("left side"), max_length=300)
    operator = CleanCharField(_("operator"), max_length=2, choices=Operator.choices)
    right = CleanCharField(_("right side"), max_length=300)
    missing = CleanCharField(_("missing values"), max_length=12, choices=Missing.choices, default=Missing.SKIP_IF_ANY)
    severity = CleanCharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.ERROR)
    form = models.ForeignKey(ReportingForm, on_delete=models.CASCADE, related_name="rules")


class Task(models.Model):
    """Nhiệm vụ trọng tâm of a plan for a unit."""

    class Source(models.TextChoices):
        PROGRAM = "program", _("From the program")
        VERTICAL = "vertical", _("Assigned by the vertical line")

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        DONE = "done", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="tasks")
    title = CleanCharField(_("task"), max_length=400)
    source = CleanCharField(_("source"), max_length=10, choices=Source.choices, default=Source.PROGRAM)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = CleanCharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["plan", "organization", "status"], name="task_plan_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def completed_late(self) -> bool:
        """Completed after its due date (a task without a due date is never late)."""
        return bool(self.status == self.Status.DONE and self.due_on and self.completed_on
                    and self.completed_on > self.due_on)


GRASSROOTS_AND_CELLS = [Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL]
