"""Reads of plans, figures and reporting, always through the actor's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from dangvu.core import measures
from dangvu.core.errors import NotFound, get_or_not_found
from dangvu.core.periods import (
    HALF,
    MONTH,
    QUARTER,
    ROMAN,
    TERM,
    Period,
    parse,
    parse_date,
    quarter,
    year,
)
from dangvu.core.text import vi_sorted
from dangvu.orgs.models import Organization, Placement, path_ids, under
from dangvu.orgs.scope import require_read, scope_path, visible_organizations

from . import achievement, rollup
from .models import Indicator, Plan, ReportingForm, Result, Return, Target, Task


def visible_plans(actor):
    """Plans issued inside the actor's subtree, or holding targets or key tasks for it."""
    prefix = scope_path(actor)
    if prefix is None:
        return Plan.objects.none()
    if not prefix:
        return Plan.objects.all()
    tasks = Task.objects.filter(under(prefix, "organization__path"), plan=OuterRef("pk"))
    return Plan.objects.filter(
        under(prefix, "organization__path") | under(prefix, "targets__organization__path")
        | Q(Exists(tasks))
    ).distinct()


def plan_get(*, actor, code: str) -> Plan:
    return get_or_not_found(visible_plans(actor).select_related("organization"), code=code)


# Targets of a plan and their shares

def shares_add_up(indicator: Indicator) -> bool:
    """Whether the shares a target is handed down in add up to it (a summed count or amount)
    or each share must itself meet it (a rate, an average, a ratio). A formula never adds
    up over units, whatever its catalog aggregation."""
    return indicator.source != Indicator.Source.FORMULA and indicator.aggregation in (Indicator.Aggregation.SUM, Indicator.Aggregation.AVERAGE_SUM)


def plan_targets(*, actor, plan: Plan) -> list[Target]:
    """The targets of the organization that issued `plan`, in the plan's order; 404 when
    that organization is outside the actor's scope (a unit does not read its level's
    targets)."""
    get_or_not_found(visible_organizations(actor), pk=plan.organization_id)
    return list(Target.objects.filter(plan=plan, organization_id=plan.organization_id)
                .select_related("indicator").order_by("sort_order", "id"))


def plan_target_get(*, actor, plan: Plan, pk: int) -> Target:
    """One target of the issuing organization of `plan`, or 404."""
    get_or_not_found(visible_organizations(actor), pk=plan.organization_id)
    return get_or_not_found(Target.objects.select_related("indicator", "plan", "organization"),
                            pk=pk, plan=plan, organization_id=plan.organization_id)


def indicator_list() -> list[Indicator]:
    """The indicator catalog, in its order (the same for every actor)."""
    return list(Indicator.objects.order_by("sort_order", "code"))


def indicator_get(*, code: str) -> Indicator:
    """One indicator of the catalog by its code (with a formula's terms), or NotFound."""
    return get_or_not_found(Indicator.objects.select_related("numerator", "denominator"), code=code)


def plan_indicators(*, plan: Plan, period: Period) -> list[Indicator]:
    """The indicators `plan` sets targets for in `period` (any unit), a sub-year period also
    held against its year's targets: what a unit without targets of its own is shown
    against, in catalog order."""
    codes = [period.code, *([str(period.year)] if period.kind in ("half", "quarter", "month") else [])]
    return list(Indicator.objects.filter(targets__plan=plan, targets__period__in=codes).distinct()
                .select_related("numerator", "denominator").order_by("sort_order", "code"))


def handed_down(*, actor, target: Target) -> list[Target]:
    """The targets handed down from `target`: those of the same plan, indicator and period
    for the units under its organization (what `services.target_delete` deletes with it)."""
    get_or_not_found(visible_organizations(actor), pk=target.organization_id)
    return list(Target.objects.filter(under(target.organization.path, "organization__path"), plan_id=target.plan_id,
                                      indicator_id=target.indicator_id, period=target.period)
                .exclude(pk=target.pk).select_related("organization").order_by("organization__path"))


@dataclass
class ShareCheck:
    """How the shares handed down from one target stand against it: for a summed indicator
    their total, otherwise the shares that do not meet it by themselves (`short`: names and
    values). Shares are the targets of the units directly under the issuer, still active."""

    target: Target
    summed: bool
    shares: int = 0
    total: Decimal | None = None
    short: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def ceiling(self) -> bool:
        return self.target.is_ceiling

    @property
    def ok(self) -> bool:
        if not self.shares:
            return True
        if self.summed:
            return self.total <= self.target.value if self.ceiling else self.total >= self.target.value
        return not self.short


def share_checks(*, actor, plan: Plan) -> dict[int, ShareCheck]:
    """{target id: ShareCheck} for every target of the issuing organization of `plan`, in
    three queries whatever the number of targets and units: the targets, the shares summed
    per indicator and period, and the shares that fall short of their target by
    themselves. A share changed on its own later (`target_set`) can break the rule the
    cascade checked; this says so."""
    targets = plan_targets(actor=actor, plan=plan)
    checks = {t.pk: ShareCheck(t, shares_add_up(t.indicator)) for t in targets}
    if not targets:
        return checks
    by_key = {(t.indicator_id, t.period): checks[t.pk] for t in targets}
    shares = Target.objects.filter(plan=plan, organization__parent_id=plan.organization_id,
                                   organization__dissolved_on__isnull=True)
    for row in shares.order_by().values("indicator_id", "period").annotate(n=Count("id"), total=Sum("value")):
        check = by_key.get((row["indicator_id"], row["period"]))
        if check:
            check.shares, check.total = row["n"], row["total"]
    whole = Target.objects.filter(plan=plan, organization_id=plan.organization_id,
                                  indicator=OuterRef("indicator"), period=OuterRef("period"))
    short = (
        shares.annotate(whole=Subquery(whole.values("value")[:1]), whole_comparator=Subquery(whole.values("comparator")[:1]))
        .filter(Q(whole_comparator=Target.Comparator.LTE, value__gt=F("whole"))
                | Q(whole_comparator__in=[Target.Comparator.GTE, Target.Comparator.EQ], value__lt=F("whole")))
        .values_list("indicator_id", "period", "organization__name", "value")
    )
    for indicator_id, period, name, value in short:
        check = by_key.get((indicator_id, period))
        if check and not check.summed:
            check.short.append((name, value))
    for check in checks.values():
        check.short = vi_sorted(check.short, key=lambda pair: pair[0])
    return checks


def cascade_shares(*, actor, plan: Plan, target: Target) -> list[tuple[Organization, Target | None]]:
    """The units directly under the organization that issued `plan` (active, in the
    actor's scope), in Vietnamese order, each with its share of `target` if it has one."""
    get_or_not_found(visible_organizations(actor), pk=plan.organization_id)
    children = vi_sorted(
        visible_organizations(actor).filter(parent_id=plan.organization_id, dissolved_on__isnull=True),
        key=lambda o: o.name,
    )
    shares = {t.organization_id: t for t in Target.objects.filter(
        plan=plan, indicator_id=target.indicator_id, period=target.period, organization__in=[c.pk for c in children])}
    return [(c, shares.get(c.pk)) for c in children]


@dataclass
class PlanFigures:
    plan: Plan
    rows: list[achievement.Row]
    tally: achievement.Tally = field(init=False)

    def __post_init__(self):
        self.tally = achievement.tally(self.rows)


def figures(*, actor, organization: Organization, period: Period, plan: Plan | None = None,
            today: datetime.date | None = None) -> list[PlanFigures]:
    """Every target of `organization` for `period` with actual, achievement and status as
    of `today` (default: today; `achievement.evaluate`: a running period is in progress or
    at risk from the projection, never "not met"; a period not begun has no verdict). For a
    period shorter than a year, the year's targets are held against the year to date."""
    organization = get_or_not_found(visible_organizations(actor), pk=organization.pk)
    codes = [period.code]
    annual = period.kind in ("half", "quarter", "month")
    if annual:
        codes.append(str(period.year))
    targets = list(
        Target.objects.filter(organization=organization, period__in=codes)
        .filter(plan__in=visible_plans(actor)).filter(**({"plan": plan} if plan else {}))
        .select_related("plan", "indicator", "indicator__numerator", "indicator__denominator")
        .order_by("plan__issued_on", "plan_id", "sort_order", "id")
    )
    scope = rollup.Scope(organization.path, frozenset([organization.pk]))
    same = [t.indicator for t in targets if t.period == period.code]
    yearly = [t.indicator for t in targets if t.period != period.code]
    actual = rollup.compute(same, period, scope) if same else {}
    ytd = rollup.compute(yearly, period, scope, year_to_date=True) if yearly else {}
    by_plan: dict[int, PlanFigures] = {}
    for t in targets:
        source = actual if t.period == period.code else ytd
        row = achievement.evaluate(t, source.get((t.indicator_id, organization.pk)), as_of=today, counted_to=period.end)
        by_plan.setdefault(t.plan_id, PlanFigures(t.plan, [])).rows.append(row)
    for pf in by_plan.values():
        pf.tally = achievement.tally(pf.rows)
    return list(by_plan.values())


def children_ranked(*, actor, plan: Plan, organization: Organization, period: Period, indicator: Indicator,
                    today: datetime.date | None = None):
    """The units directly under `organization` with their value of `indicator`, their own
    target where the plan handed one down, and achievement (as of `today`, as in
    `figures`): those behind first (not met or at risk), then by achievement ascending,
    no data last; units level on all that in Vietnamese order of their names. For a period
    shorter than a year a yearly target is held against the year to date, as in `figures`;
    without targets, units rank by value, the weakest (in the indicator's better
    direction) first."""
    organization = get_or_not_found(visible_organizations(actor), pk=organization.pk)
    children = list(visible_organizations(actor).filter(parent=organization, dissolved_on__isnull=True).order_by("name"))
    scope = rollup.Scope(organization.path, frozenset(c.pk for c in children))
    codes = [period.code, str(period.year)] if period.kind in (HALF, QUARTER, MONTH) else [period.code]
    targets = {}
    for t in Target.objects.filter(plan=plan, indicator=indicator, period__in=codes,
                                   organization__in=children).select_related("indicator"):
        if t.organization_id not in targets or t.period == period.code:
            targets[t.organization_id] = t
    values = rollup.compute([indicator], period, scope)
    if any(t.period != period.code for t in targets.values()):
        ytd = rollup.compute([indicator], period, scope, year_to_date=True)
    rows = []
    for child in children:
        target = targets.get(child.pk)
        source = ytd if target is not None and target.period != period.code else values
        value = source.get((indicator.pk, child.pk))
        rows.append({"organization": child, "value": value,
                     "row": achievement.evaluate(target, value, as_of=today, counted_to=period.end) if target else None})
    sign = -1 if indicator.direction == Indicator.Direction.LOWER else 1
    rows = vi_sorted(rows, key=lambda r: r["organization"].name)
    rows.sort(key=lambda r: (not _behind(r["row"]), r["row"] is None or r["row"].achievement is None,
                             r["row"].achievement if r["row"] and r["row"].achievement is not None else 0,
                             r["value"] is None, sign * (r["value"] or 0)))
    return rows


def _behind(row: achievement.Row | None) -> bool:
    """Not met, or at risk of not being met."""
    return row is not None and row.status in (achievement.NOT_MET, achievement.AT_RISK)


def trend_points(*, actor, indicators: list[Indicator], organization: Organization, period: Period,
                 today: datetime.date | None = None) -> dict[int, list[tuple[str, Decimal | None]]]:
    """{indicator id: [(label, value)]} of `organization` (its subtree) over the span of
    `period`: the quarters of its year, each from 1 January (the last one is the whole
    year, as a year's figure), or the years of a term, where a flow (`Indicator.is_flow`)
    adds up from the start of the term. Steps starting after `today` (default: today) have
    no value. One rollup per step, for all indicators. NotFound outside the actor's scope."""
    require_read(actor, organization.path)
    today = today or timezone.localdate()
    scope = rollup.Scope(organization.path, frozenset([organization.pk]))
    # (label, period computed, year to date?, first day of the step)
    if period.kind == TERM:
        steps = [(str(p.year), p, False, p.start) for p in period.parts()]
    else:  # the last quarter's point is the whole year, as the table shows it for the year
        quarters = [quarter(period.year, q) for q in range(1, 5)]
        steps = [(_("Quarter %(q)s") % {"q": ROMAN[n]}, q, True, q.start) for n, q in enumerate(quarters[:3], start=1)]
        steps.append((_("Quarter %(q)s") % {"q": ROMAN[4]}, year(period.year), False, quarters[3].start))
    series: dict[int, list] = {i.pk: [] for i in indicators}
    for label, p, ytd, first_day in steps:
        future = first_day > today
        values = {} if future or not indicators else rollup.compute(indicators, p, scope, year_to_date=ytd)
        for ind in indicators:
            series[ind.pk].append((label, None if future else values.get((ind.pk, organization.pk)), future))
    out = {}
    for ind in indicators:
        if period.kind == TERM and ind.is_flow:  # a term's flows add up year after year
            total, seen, running = Decimal(0), False, []
            for label, v, future in series[ind.pk]:
                total, seen = total + (v or 0), seen or v is not None
                running.append((label, total if seen and not future else None))
            out[ind.pk] = running
        else:
            out[ind.pk] = [(label, v) for label, v, _future in series[ind.pk]]
    return out


class Part(NamedTuple):
    """One line of an explanation: a unit's own value, a record counted (the member it is
    about, where it is about one) or a term of a formula."""

    label: str
    value: object = None
    organization_id: int | None = None
    member_id: int | None = None


@dataclass
class Explanation:
    indicator: Indicator
    organization: Organization
    period: Period
    value: Decimal | None
    kind: str  # "entered" | "measure" | "formula"
    parts: list[Part] = field(default_factory=list)
    total_parts: int = 0
    targets: list[Target] = field(default_factory=list)
    # A figure a register took over (``Indicator.counted_from``): up to `typed_until` the
    # units' typed values (`typed_parts`), after it the records.
    typed_until: datetime.date | None = None
    typed_parts: list[Part] = field(default_factory=list)


def explain(*, actor, indicator: Indicator, organization: Organization, period: Period,
            limit: int | None = None) -> Explanation:
    """What a figure is made of, every record of it (or the first `limit`): the units'
    own values summed, in Vietnamese order of their names; the records counted, in
    Vietnamese order of their text (a member's name first), each with its unit and member;
    or the numerator and denominator. And the targets it is held against."""
    organization = get_or_not_found(visible_organizations(actor), pk=organization.pk)
    value = rollup.compute([indicator], period, rollup.Scope(organization.path, frozenset([organization.pk]))).get(
        (indicator.pk, organization.pk))
    exp = Explanation(indicator, organization, period, value, indicator.source)
    exp.targets = list(Target.objects.filter(indicator=indicator, organization=organization, period=period.code)
                       .filter(plan__in=visible_plans(actor)).select_related("plan"))
    units = _units_in_period(organization, period)
    typed_until = indicator.typed_until(period.start, period.end)
    if typed_until is not None and (typed_until == period.end or indicator.is_flow):
        exp.typed_until = typed_until
        own = rollup.unit_values(indicator, period, units, typed=True)
        names = dict(Organization.objects.filter(pk__in=own).values_list("pk", "name"))
        exp.typed_parts = vi_sorted([Part(names[pk], own[pk], pk) for pk in units if pk in own], key=lambda p: p.label)
    if exp.typed_until == period.end:
        exp.total_parts = len(exp.typed_parts)  # typed only: shown as such
    elif indicator.source == Indicator.Source.MEASURE:
        measure = measures.get(indicator.measure_key)
        first = exp.typed_until + datetime.timedelta(days=1) if exp.typed_until else period.start
        records = measure.records(first, period.end).annotate(
            rollup_org=F(measure.org_field)).filter(rollup_org__in=units)
        rows = [Part(measure.describe(r) if measure.describe else str(r), None, r.rollup_org,
                     getattr(r, "member_id", None)) for r in records]
        rows, gone = _members_moved_out(actor, rows)
        rows = vi_sorted(rows, key=lambda p: p.label)
        exp.total_parts = len(rows) + gone
        exp.parts = rows[:limit]
        if gone:
            exp.parts.append(Part(ngettext("%(n)s member who has since moved out of the units you can see",
                                           "%(n)s members who have since moved out of the units you can see",
                                           gone) % {"n": gone}))
    elif indicator.source == Indicator.Source.FORMULA:
        for part in (indicator.numerator, indicator.denominator):
            v = rollup.compute([part], period, rollup.Scope(organization.path, frozenset([organization.pk]))).get(
                (part.pk, organization.pk))
            exp.parts.append(Part(part.name, v))
        exp.total_parts = 2
    else:
        # Each unit's own value (not its subtree's, which would count a unit's children twice).
        own = rollup.unit_values(indicator, period, units)
        names = dict(Organization.objects.filter(pk__in=own).values_list("pk", "name"))
        rows = vi_sorted([Part(names[pk], own[pk], pk) for pk in units if pk in own], key=lambda p: p.label)
        exp.total_parts = len(rows)
        exp.parts = rows[:limit]
    return exp


def _members_moved_out(actor, rows: list[Part]) -> tuple[list[Part], int]:
    """The records about members the reader can still see, and how many are about members who
    have since moved out of the reader's subtree: those were counted here when it happened,
    but who they are and where they are now is not the reader's to know (docs/architecture.md,
    "Explanations")."""
    from dangvu.members.models import Member

    ids = {p.member_id for p in rows if p.member_id}
    if not ids:
        return rows, 0
    seen = set(Member.objects.filter(pk__in=ids, organization__in=visible_organizations(actor))
               .values_list("pk", flat=True))
    kept = [p for p in rows if not p.member_id or p.member_id in seen]
    return kept, len(rows) - len(kept)


def _units_in_period(organization: Organization, period: Period) -> list[int]:
    """Organizations that stood under `organization` at some time in the period, in the
    order of the tree as it stood."""
    here = Placement.objects.filter(organization=organization, valid_from__lte=period.end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=period.start)).order_by("-valid_from").first()
    prefix = here.path if here else organization.path
    rows = Placement.objects.filter(under(prefix), valid_from__lte=period.end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=period.start)).order_by("path", "valid_from")
    return list(dict.fromkeys(rows.values_list("organization_id", flat=True)))


# Reporting: who must report what, when; completeness, timeliness, approval.

def reporting_units(*, root: Organization, period: Period) -> list[tuple[Organization, ReportingForm]]:
    """(unit, form) pairs expected to report for the period under `root` (inclusive): each
    unit once, with the form of its kind and sector due first (a unit fills in all its
    forms in one return: an enterprise its party-building and its enterprise figures, a
    department only the first; `ReportingForm.applies_to`)."""
    forms = sorted((f for f in ReportingForm.objects.all() if f.period_kind == period.kind),
                   key=lambda f: (f.due_days, f.pk))
    kinds = {k for f in forms for k in f.org_kinds}
    units = Organization.objects.filter(under(root.path), kind__in=kinds, established_on__lte=period.end).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=period.end)).order_by("path")
    pairs = []
    for u in units:
        form = next((f for f in forms if f.applies_to(u)), None)
        if form is not None:
            pairs.append((u, form))
    return pairs


def due_date(form: ReportingForm, period: Period) -> datetime.date:
    return period.end + datetime.timedelta(days=form.due_days)


@dataclass
class Completeness:
    expected: int
    submitted: int
    on_time: int

    @property
    def rate(self) -> Decimal | None:
        return None if not self.expected else Decimal(self.submitted) * 100 / Decimal(self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return None if not self.expected else Decimal(self.on_time) * 100 / Decimal(self.expected)


def completeness(*, actor, organization: Organization, period: Period) -> Completeness:
    organization = get_or_not_found(visible_organizations(actor), pk=organization.pk)
    pairs = reporting_units(root=organization, period=period)
    approvals = {a.organization_id: a for a in Return.objects.filter(
        organization_id__in=[u.pk for u, _f in pairs], period=period.code)}
    submitted = on_time = 0
    for unit, form in pairs:
        a = approvals.get(unit.pk)
        if a and a.state != Return.State.OPEN and a.submitted_at:
            submitted += 1
            if timezone.localdate(a.submitted_at) <= due_date(form, period):
                on_time += 1
    return Completeness(expected=len(pairs), submitted=submitted, on_time=on_time)


@dataclass
class DueItem:
    organization: Organization
    form: ReportingForm
    period: Period
    due: datetime.date
    state: str
    as_of: datetime.date | None = None  # the day the list was made for (default: today)

    @property
    def overdue(self) -> bool:
        return self.due < (self.as_of or timezone.localdate())


def due_list(*, actor, today: datetime.date | None = None, horizon_days: int = 30) -> list[DueItem]:
    """Reports the actor's units still owe: due within `horizon_days` or overdue, for the
    current and previous periods of each form."""
    today = today or timezone.localdate()
    prefix = scope_path(actor)
    if prefix is None:
        return []
    roots = visible_organizations(actor).filter(parent__isnull=True) if not prefix else [actor.organization]
    items = []
    for form in ReportingForm.objects.all():
        current = parse_date(today, form.period_kind)
        for period in [current, *current.previous(3)]:
            due = due_date(form, period)
            if due > today + datetime.timedelta(days=horizon_days):
                continue
            for root in roots:
                pairs = [(u, f) for u, f in reporting_units(root=root, period=period) if f.pk == form.pk]
                done = set(Return.objects.filter(
                    organization_id__in=[u.pk for u, _f in pairs], period=period.code,
                ).exclude(state=Return.State.OPEN).values_list("organization_id", flat=True))
                items += [DueItem(u, form, period, due, "open", today) for u, _f in pairs if u.pk not in done]
    items.sort(key=lambda i: (i.due, i.organization.path))
    return items


def unapproved_children(*, organization: Organization, period: Period) -> list[Organization]:
    """Reporting units directly under `organization` whose report is not approved."""
    pairs = reporting_units(root=organization, period=period)
    children = [u for u, _f in pairs if u.parent_id == organization.pk]
    approved = set(Return.objects.filter(organization__in=children, period=period.code,
                                           state=Return.State.APPROVED).values_list("organization_id", flat=True))
    return [c for c in children if c.pk not in approved]


def locking_returns(*, organization: Organization, period: Period) -> list[Return]:
    """The approved returns that lock the figures of `organization` for `period`, nearest
    first (the period's own before longer ones, then the deepest unit): those of the unit
    or of a unit above it, for the period or for a period holding it (a quarter's value
    makes up its year's figure; a term holds its years). One query."""
    holding = [h.code for h in period.enclosing()]
    approved = Return.objects.filter(
        organization_id__in=path_ids(organization.path), state=Return.State.APPROVED,
    ).filter(Q(period__in=[period.code, *holding]) | Q(period__regex=r"^[0-9]{4}-[0-9]{4}$")).select_related("organization")
    return sorted((a for a in approved if a.period == period.code or parse(a.period).contains(period)),
                  key=lambda a: (a.period != period.code, -a.organization.depth))


def lock_text(locked: Return) -> str:
    """Why an approved return locks figures, in the words every page and service uses."""
    return (
        _("The report of %(org)s for %(period)s is approved and locked; a higher level must reopen it first.")
        % {"org": locked.organization.name, "period": locked.period}
    )


def lock_message(*, organization: Organization, period: str | Period, excluding_own: bool = False,
                 returns: list[Return] | None = None) -> str:
    """Why the unit's figures for `period` are locked, or "" (see `locking_returns`; pass
    `returns` when they are already read). `excluding_own`: leave out the unit's own report
    for `period` (what else holds it locked, for reopening that report)."""
    p = parse(period) if isinstance(period, str) else period
    if returns is None:
        returns = locking_returns(organization=organization, period=p)
    for locked in returns:
        if not (excluding_own and locked.organization_id == organization.pk and locked.period == p.code):
            return lock_text(locked)
    return ""


def approval_state(*, organization: Organization, period: Period) -> Return | None:
    return (Return.objects.filter(organization=organization, period=period.code)
            .select_related("submitted_by", "approved_by").first())


# A return's state in the words its unit reads.
NOT_SENT, WAITING, RETURNED, APPROVED = "not_sent", "waiting", "returned", "approved"
STATUS_LABELS = {
    NOT_SENT: gettext_lazy("Not sent"),
    WAITING: gettext_lazy("Sent – waiting for approval"),
    RETURNED: gettext_lazy("Returned"),
    APPROVED: pgettext_lazy("report state", "Approved"),
}


def return_status(approval: Return | None) -> str:
    """not_sent, waiting (submitted, not approved yet), returned (reopened by the level
    above after a submission: sent back with a reason) or approved."""
    if approval is None:
        return NOT_SENT
    if approval.state == Return.State.APPROVED:
        return APPROVED
    if approval.state == Return.State.SUBMITTED:
        return WAITING
    return RETURNED if approval.submitted_at or approval.reopen_reason else NOT_SENT


def person_name(user) -> str:
    """A person as the pages name them: the full name, else the login; "" for nobody."""
    if user is None:
        return ""
    return (user.get_full_name() or "").strip() or user.get_username()


def submit_days_before_end() -> int:
    """How many days before its period ends a report may be submitted
    (``DANGVU_SUBMIT_DAYS_BEFORE_END``, default 5)."""
    return max(0, int(getattr(settings, "DANGVU_SUBMIT_DAYS_BEFORE_END", 5)))


def first_submit_day(period: Period) -> datetime.date:
    """The first day a report for `period` may be submitted: its last day, less the days
    allowed (`submit_days_before_end`)."""
    return period.end - datetime.timedelta(days=submit_days_before_end())


def reporting_period(kind: str, today: datetime.date | None = None) -> Period:
    """The period of `kind` being reported now: the current one once its report may be
    submitted (`first_submit_day`), else the one before it."""
    today = today or timezone.localdate()
    current = parse_date(today, kind)
    return current if today >= first_submit_day(current) else current.previous(1)[0]


@dataclass
class UnitReturn:
    """One period of a unit's own reports: what it owes, by when, and where it stands."""

    period: Period
    forms: list[ReportingForm]
    due: datetime.date
    approval: Return | None
    status: str
    opens_on: datetime.date  # the first day it may be submitted
    as_of: datetime.date

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def overdue(self) -> bool:
        return self.status in (NOT_SENT, RETURNED) and self.due < self.as_of

    @property
    def submitted_by(self) -> str:
        return person_name(self.approval.submitted_by) if self.approval else ""

    @property
    def approved_by(self) -> str:
        return person_name(self.approval.approved_by) if self.approval else ""


def unit_years(*, actor, organization: Organization, today: datetime.date | None = None) -> list[int]:
    """The years a unit may look up its reports for, the latest first."""
    require_read(actor, organization.path)
    today = today or timezone.localdate()
    first = organization.established_on.year if organization.established_on else today.year - 5
    return list(range(today.year, min(first, today.year) - 1, -1))


def unit_returns(*, actor, organization: Organization, year: int,
                 today: datetime.date | None = None) -> list[UnitReturn]:
    """The reports `organization` owes for the periods of `year` that have begun, the
    latest first (the period being reported now on top), each with its state: two
    queries. NotFound outside the actor's scope."""
    require_read(actor, organization.path)
    today = today or timezone.localdate()
    forms = [f for f in ReportingForm.objects.order_by("code") if f.applies_to(organization)]
    by_period: dict[str, tuple[Period, list[ReportingForm]]] = {}
    for form in forms:
        last = parse_date(min(today, datetime.date(year, 12, 31)), form.period_kind)
        for period in [last, *last.previous(12)]:
            if period.start.year != year or period.start > today:
                continue
            by_period.setdefault(period.code, (period, []))[1].append(form)
    returns = {r.period: r for r in Return.objects.filter(organization=organization, period__in=by_period)
               .select_related("submitted_by", "approved_by")}
    rows = [UnitReturn(period=p, forms=fs, due=min(due_date(f, p) for f in fs), approval=returns.get(code),
                       status=return_status(returns.get(code)), opens_on=first_submit_day(p), as_of=today)
            for code, (p, fs) in by_period.items()]
    rows.sort(key=lambda r: (r.period.end, r.period.start), reverse=True)
    return rows


@dataclass
class ChildReturn:
    """A unit directly under the page's unit, for one period: its own return's state when
    it reports, otherwise how many of the units under it have reported."""

    organization: Organization
    reports: bool
    state: str = Return.State.OPEN
    state_label: str = ""
    submitted_on: datetime.date | None = None
    due: datetime.date | None = None
    expected: int = 0
    submitted: int = 0
    approved: int = 0
    status: str = NOT_SENT
    approval: Return | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def waiting(self) -> bool:
        return self.reports and self.status == WAITING

    @property
    def submitted_by(self) -> str:
        return person_name(self.approval.submitted_by) if self.approval else ""

    @property
    def on_time(self) -> bool | None:
        if self.submitted_on is None or self.due is None:
            return None
        return self.submitted_on <= self.due

    @property
    def overdue(self) -> bool:
        return self.reports and self.submitted_on is None and self.due is not None and self.due < timezone.localdate()


def children_returns(*, actor, organization: Organization, period: Period) -> list[ChildReturn]:
    """The units directly under `organization` (in the actor's scope) that report, or have
    reporting units under them, with the state of their returns for `period`, in
    Vietnamese order: three queries, whatever the number of units. NotFound when
    `organization` is outside the actor's scope."""
    require_read(actor, organization.path)
    pairs = [(u, f) for u, f in reporting_units(root=organization, period=period) if u.pk != organization.pk]
    if not pairs:
        return []
    returns = {a.organization_id: a for a in Return.objects.filter(
        organization_id__in={u.pk for u, _f in pairs}, period=period.code).select_related("submitted_by")}
    level = len(path_ids(organization.path))
    by_child: dict[int, ChildReturn] = {}
    children = {c.pk: c for c in visible_organizations(actor).filter(
        pk__in={path_ids(u.path)[level] for u, _f in pairs})}
    units: dict[int, tuple[Organization, datetime.date]] = {}
    for unit, form in pairs:
        due = due_date(form, period)
        units[unit.pk] = (unit, min(due, units[unit.pk][1]) if unit.pk in units else due)
    labels = dict(Return.State.choices)
    for unit, due in units.values():
        child_id = path_ids(unit.path)[level]
        if child_id not in children:
            continue
        unit_return = returns.get(unit.pk)
        state = unit_return.state if unit_return else Return.State.OPEN
        submitted_on = (timezone.localtime(unit_return.submitted_at).date()
                        if unit_return and state != Return.State.OPEN and unit_return.submitted_at else None)
        row = by_child.setdefault(child_id, ChildReturn(children[child_id], reports=False))
        if unit.pk == child_id:
            row.reports, row.state, row.state_label = True, state, labels[state]
            row.status, row.approval = return_status(unit_return), unit_return
            row.submitted_on, row.due = submitted_on, due
        row.expected += 1
        row.submitted += submitted_on is not None
        row.approved += state == Return.State.APPROVED
    return vi_sorted(by_child.values(), key=lambda r: r.organization.name)


# What the entry page of a unit's return reads (the interfaces never call the rollup engine
# or the validation module themselves).

def return_forms(*, actor, organization: Organization, period: Period) -> list[ReportingForm]:
    """The reporting forms `organization` fills in for `period` (by its kind and sector and
    the period's kind: a department is not asked for an enterprise's revenue), each with its
    indicators (in catalog order) and rules prefetched: three queries. NotFound outside the
    actor's scope."""
    from .validation import forms_for

    require_read(actor, organization.path)
    return forms_for(organization, period)


def return_issues(*, actor, organization: Organization, period: Period) -> list:
    """The validation issues (``validation.Issue``: severity, message, indicator codes) of
    the return of `organization` for `period`: its forms' rules, then the outlier warnings.
    Errors refuse submitting and approving; warnings do not."""
    from .validation import check_report

    require_read(actor, organization.path)
    return check_report(organization=organization, period=period)


def return_results(*, actor, organization: Organization, period: Period,
                   indicators: list[Indicator]) -> dict[int, Result]:
    """{indicator id: Result} of the values `organization` entered for `period` itself (with
    who saved them last), for `indicators`: one query."""
    require_read(actor, organization.path)
    return {r.indicator_id: r for r in Result.objects.filter(
        organization=organization, period=period.code, indicator__in=indicators).select_related("updated_by")}


def figure_values(*, actor, indicators: list[Indicator], period: Period, root: Organization,
                  organization_ids=None, year_to_date: bool = False) -> dict[tuple[int, int], Decimal | None]:
    """{(indicator id, organization id): value} of `indicators` in `period` for the
    organizations `organization_ids` of the subtree of `root` (default: `root` itself), each
    over its own subtree, as the rollup engine counts them (one rollup). NotFound when
    `root` is outside the actor's scope."""
    require_read(actor, root.path)
    ids = frozenset(organization_ids) if organization_ids is not None else frozenset([root.pk])
    return rollup.compute(indicators, period, rollup.Scope(root.path, ids), year_to_date=year_to_date)


def entry_values(*, actor, organization: Organization, period: Period,
                 indicators: list[Indicator], year_to_date: bool = False) -> dict[int, Decimal | None]:
    """{indicator id: value} of `indicators` for `organization` (its whole subtree) in
    `period`, as the rollup engine counts them: what the entry page shows beside a figure
    counted from records or computed by a formula. One rollup; nothing for no indicators."""
    require_read(actor, organization.path)
    if not indicators:
        return {}
    values = rollup.compute(indicators, period, rollup.Scope(organization.path, frozenset([organization.pk])),
                            year_to_date=year_to_date)
    return {i.pk: values.get((i.pk, organization.pk)) for i in indicators}


@dataclass
class TaskCounts:
    total: int
    by_source: dict[str, int]
    done: int
    done_on_time: int


def task_counts(*, actor, plan: Plan, organization: Organization) -> TaskCounts:
    """"1.966 nhiệm vụ, trong đó 365 theo Chương trình 135 và 1.601 do ngành dọc giao"."""
    organization = get_or_not_found(visible_organizations(actor), pk=organization.pk)
    tasks = Task.objects.filter(under(organization.path, "organization__path"), plan=plan)
    by_source = {}
    for row in tasks.values("source").order_by().annotate(n=Count("id")):
        by_source[row["source"]] = row["n"]
    done = tasks.filter(status=Task.Status.DONE)
    on_time = done.filter(Q(due_on__isnull=True) | Q(completed_on__lte=F("due_on"))).count()
    return TaskCounts(total=sum(by_source.values()), by_source=by_source, done=done.count(), done_on_time=on_time)


def _late(today: datetime.date) -> Q:
    """An open task past its due date (due today is not late yet)."""
    return Q(status=Task.Status.OPEN, due_on__lt=today)


def task_list(
    *, actor, plan: Plan, organization: Organization, status: str | None = None, source: str | None = None,
    overdue: bool = False, unit: Organization | None = None, today: datetime.date,
):
    """The key tasks of `plan` given to `organization` and the units under it (narrowed to
    the subtree of `unit`, by status, by source, or to the open tasks past their due date on
    `today`), soonest due first (no due date last), then by unit name; each with its unit
    (`select_related`) and `is_overdue`. A queryset: a page of it is one query, its count
    another, whatever the page size. 404 when `organization` or `unit` is outside the actor's
    scope."""
    require_read(actor, organization.path)
    tasks = Task.objects.filter(under(organization.path, "organization__path"), plan=plan)
    if unit is not None:
        require_read(actor, unit.path)
        tasks = tasks.filter(under(unit.path, "organization__path"))
    if status:
        tasks = tasks.filter(status=status)
    if source:
        tasks = tasks.filter(source=source)
    if overdue:
        tasks = tasks.filter(_late(today))
    return (tasks.select_related("organization")
            .annotate(is_overdue=Case(When(_late(today), then=Value(True)), default=Value(False),
                                      output_field=BooleanField()))
            .order_by(F("due_on").asc(nulls_last=True), "organization__name_normalized", "organization__name", "id"))


def task_overdue_count(*, actor, plan: Plan, organization: Organization, today: datetime.date) -> int:
    """How many open tasks of the subtree of `organization` are past their due date."""
    return task_list(actor=actor, plan=plan, organization=organization, overdue=True, today=today).count()


def task_get(*, actor, plan: Plan, pk: int) -> Task:
    """One key task of `plan` given to a unit in the actor's scope, or 404."""
    prefix = scope_path(actor)
    if prefix is None:
        raise NotFound(Task._meta.verbose_name)
    return get_or_not_found(Task.objects.select_related("organization", "plan").filter(under(prefix, "organization__path")),
                            pk=pk, plan=plan)


def task_units(*, actor, plan: Plan, organization: Organization):
    """The active units a task of `plan` may be given to from the page of `organization`:
    those under both `organization` and the plan's issuer, in the actor's scope, in tree
    order; none when the two are apart (a unit neither above nor under the issuer)."""
    if organization.path.startswith(plan.organization.path):
        base = organization
    elif plan.organization.path.startswith(organization.path):
        base = plan.organization
    else:
        return Organization.objects.none()
    return (visible_organizations(actor).filter(under(base.path), dissolved_on__isnull=True)
            .order_by("path").only("id", "name", "short_name", "depth", "path", "dissolved_on"))


def task_filter_units(*, actor, plan: Plan, organization: Organization, levels: int = 2, selected: int | None = None):
    """The units under `organization` a reader narrows the task list to: down to `levels`
    levels below it, active or holding tasks of `plan` (a unit dissolved since keeps its
    tasks), and `selected` wherever it stands under it; in tree order."""
    require_read(actor, organization.path)
    keep = Q(dissolved_on__isnull=True) | Q(Exists(Task.objects.filter(plan=plan, organization=OuterRef("pk"))))
    near = Q(depth__lte=organization.depth + levels) & keep
    if selected is not None:
        near |= Q(pk=selected)
    return (visible_organizations(actor).filter(under(organization.path)).exclude(pk=organization.pk)
            .filter(near).order_by("path").only("id", "name", "short_name", "depth", "path"))


def measure_values(*, actor, keys: list[str], period: Period, root: Organization,
                   organization_ids=None) -> dict[tuple[str, int], Decimal]:
    """{(measure key, organization id): count} of the measures `keys` (``core.measures``) in
    `period` for the organizations `organization_ids` of the subtree of `root` (default:
    `root`), each over its own subtree as it stood, whether or not an indicator names the
    measure: what a report counts beside its targets. One rollup for all the keys; a count
    with no records is 0. NotFound when `root` is outside the actor's scope."""
    require_read(actor, root.path)
    counted = [Indicator(pk=-n, code=key, source=Indicator.Source.MEASURE, measure_key=key,
                         aggregation=Indicator.Aggregation.SUM, value_type=Indicator.ValueType.COUNT)
               for n, key in enumerate(dict.fromkeys(keys), start=1)]
    if not counted:
        return {}
    ids = frozenset(organization_ids) if organization_ids is not None else frozenset([root.pk])
    values = rollup.compute(counted, period, rollup.Scope(root.path, ids))
    key_of = {i.pk: i.measure_key for i in counted}
    return {(key_of[ind], org): value for (ind, org), value in values.items()}
