"""Plans and their dashboards: targets against actuals, tallies, key tasks, trend charts,
the units under an organization ranked for one indicator (drill down), and the
explanation of any figure.

Views parse, scope (organizations through `orgs.selectors.organization_get`, plans through
`plans.selectors.plan_get`), call the set-based selectors and render. Numbers are
formatted here, once, as the current language writes them (`core.formatting`).

Cost of a dashboard, whatever the number of targets or units: the figures (one rollup),
one rollup per period of the trend span (quarters of the year, or years of a term), the
ranking (one rollup for all children) and the task counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.periods import ROMAN, Period, PeriodError, half, month, parse, quarter, year
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import in_scope
from dangvu.plans import achievement
from dangvu.plans import selectors as plan_selectors
from dangvu.plans.models import Indicator, Plan, Target
from dangvu.web.common.converters import id_param
from dangvu.web.plans.views import can_edit_targets

STATUS_CLASS = {
    achievement.EXCEEDED: "good",
    achievement.MET: "good",
    achievement.NOT_MET: "bad",
    achievement.AT_RISK: "risk",
    achievement.IN_PROGRESS: "progress",
    achievement.NO_DATA: "none",
    achievement.NOT_BEGUN: "none",
}
#: The order of the status chips over the targets table.
STATUS_ORDER = (achievement.EXCEEDED, achievement.MET, achievement.NOT_MET, achievement.IN_PROGRESS,
                achievement.AT_RISK, achievement.NOT_BEGUN, achievement.NO_DATA)
SUB_YEAR = ("half", "quarter", "month")


# Plans

def plan_list(request):
    """The plans the user sees, grouped by kind, optionally those running in one year."""
    plans = list(plan_selectors.visible_plans(request.user).select_related("organization")
                 .order_by("-issued_on", "code"))
    spans = {p.pk: _plan_period(p) for p in plans}
    years = sorted({y for s in spans.values() if s for y in range(s.start.year, s.end.year + 1)}, reverse=True)
    y = id_param(request.GET.get("year"))
    if y:
        plans = [p for p in plans if spans[p.pk] and spans[p.pk].start.year <= y <= spans[p.pk].end.year]
    root = org_selectors.actor_root(request.user)
    groups = []
    for kind, label in Plan.Kind.choices:
        items = [{
            "plan": p,
            "period": spans[p.pk],
            "url": _dashboard_url(p, _home_org(request.user, p, root), None),
            "targets_url": reverse("plans:targets", args=[p.code]) if can_edit_targets(request.user, p) else "",
        } for p in plans if p.kind == kind]
        if items:
            groups.append((label, items))
    return render(request, "web/dashboard/plans.html", {
        "groups": groups, "years": years, "chosen": str(y) if y else "", "count": len(plans),
        "can_create": request.user.can_write,
        "number_example": formatting.decimal(Decimal("1234.5"), 1),
    })


def plan_home(request, plan_code: str):
    """A plan without an organization: the dashboard of the organization it was issued by
    (or of the user's own organization when the plan came from above)."""
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    org = _home_org(request.user, plan, org_selectors.actor_root(request.user))
    if org is None:
        raise Http404
    return redirect(_dashboard_url(plan, org, None))


def _home_org(actor, plan: Plan, root: Organization | None) -> Organization | None:
    return plan.organization if in_scope(actor, plan.organization.path) else root


def _plan_period(plan: Plan) -> Period | None:
    try:
        return parse(plan.period)
    except PeriodError:
        return None


def _dashboard_url(plan: Plan, org: Organization | None, period: Period | None, *, view: str = "dashboard:dashboard",
                   **extra) -> str:
    if org is None:
        return ""
    url = reverse(view, args=[plan.code, org.pk])
    query = ({"period": period.code} if period else {}) | {k: v for k, v in extra.items() if v}
    return f"{url}?{urlencode(query)}" if query else url


# The dashboard

def _period_from(request, plan: Plan) -> tuple[Period, str]:
    """?period=2023Q2, or the plan's own period. A code that is not a period falls back to
    the plan's period and says so."""
    default = _plan_period(plan) or year(timezone.localdate().year)
    code = request.GET.get("period", "").strip()
    if not code:
        return default, ""
    try:
        return parse(code), ""
    except PeriodError as exc:
        return default, str(exc)


def _period_choices(plan: Plan, current: Period) -> list[dict]:
    """The periods a reader switches between: a year plan's year, halves and quarters; a
    term plan's term and its years (the current year included)."""
    base = _plan_period(plan) or current
    if base.kind == "term":
        options = [base, *base.parts()]
    else:
        y = base.year
        options = [year(y), half(y, 1), half(y, 2), *(quarter(y, q) for q in range(1, 5))]
    if current not in options:
        options.append(current)
    return [{"code": p.code, "label": _short_label(p, base), "current": p == current} for p in options]


def _short_label(p: Period, base: Period) -> str:
    if p.kind == "term":
        return _("Whole term %(code)s") % {"code": p.code}
    if p.kind == "year":
        return _("Year %(year)s") % {"year": p.year} if base.kind == "term" else _("Whole year")
    if p.kind == "half":
        return _("First 6 months") if p.start.month == 1 else _("Last 6 months")
    if p.kind == "quarter":
        return _("Quarter %(q)s") % {"q": ROMAN[(p.start.month - 1) // 3 + 1]}
    return p.label


def _num(value, decimals: int = 0) -> str:
    return "" if value is None else formatting.decimal(value, decimals)


def _figure(indicator: Indicator, value) -> str:
    """A value of `indicator` as pages show it: its decimals, "%" after a percentage."""
    if value is None:
        return ""
    if indicator.value_type == Indicator.ValueType.PERCENT or indicator.unit == "%":
        return formatting.percent_sign(value, indicator.decimals)
    return formatting.decimal(value, indicator.decimals)


def _target_text(target: Target, indicator: Indicator) -> str:
    return f"{target.get_comparator_display()} {_figure(indicator, target.value)}"


def _shown_period(target_period: str, period: Period) -> tuple[Period, bool]:
    """The period whose value the dashboard shows against a target: the period itself, or,
    for a year's target read in a shorter period, 1 January to the period's end. Returns
    (period to explain, whether it is exactly the stretch shown)."""
    if target_period == period.code or period.kind not in SUB_YEAR:
        return period, True
    start, end = period.year_to_date()
    y = period.year
    for candidate in (period, month(y, 1), quarter(y, 1), half(y, 1), year(y)):
        if candidate.start == start and candidate.end == end:
            return candidate, True
    return period, False


@dataclass
class RowView:
    row: achievement.Row | None
    indicator: Indicator
    target_text: str
    actual_text: str
    achievement_text: str
    status: str
    status_label: str
    status_class: str
    projected_text: str
    at_risk: bool
    year_to_date: bool
    explain_url: str
    bar: int  # achievement capped at 100, for the bar under the percentage
    chart: str = ""
    chart_caption: str = ""


def _row_view(row: achievement.Row | None, indicator: Indicator, actual, period: Period,
              org: Organization, target: Target | None) -> RowView:
    # The period the value is held against: the target's, or (no target) the year for a
    # shorter period, as _rows computes it.
    held = target.period if target else str(period.year) if period.kind in SUB_YEAR else period.code
    explain_period, exact = _shown_period(held, period)
    url = reverse("dashboard:explain", args=[indicator.code, org.pk, explain_period.code])
    if not exact:
        url += "?" + urlencode({"ytd": "1"})
    status = row.status if row else achievement.NO_DATA if actual is None else ""
    rate = row.achievement if row else None
    return RowView(
        row=row, indicator=indicator,
        target_text=_target_text(target, indicator) if target else "",
        actual_text=_figure(indicator, actual),
        achievement_text=row.achievement_label if row else "",
        status=status,
        status_label=row.status_label if row else (str(achievement.STATUS_LABELS[status]) if status else ""),
        status_class=STATUS_CLASS.get(status, "none"),
        projected_text=_figure(indicator, row.projected) if row and row.projected is not None else "",
        at_risk=bool(row and row.at_risk),
        year_to_date=held != period.code,
        explain_url=url,
        bar=int(min(max(rate, 0), 100)) if rate is not None else 0,
    )


def _trend_caption(indicator: Indicator, period: Period) -> str:
    flow, snapshot = indicator.is_flow, indicator.is_snapshot
    if period.kind == "term":
        return _("Added up from the start of the term") if flow else _("Value of each year")
    if flow:
        return _("Added up from 1 January, quarter by quarter")
    if snapshot:
        return _("At the end of each quarter")
    return _("From 1 January to the end of each quarter")


def _attach_charts(request, rows: list[RowView], org: Organization, period: Period) -> None:
    from dangvu.core import (
        charts,  # matplotlib loads in about a second: only where a chart is drawn
    )

    indicators = list({r.indicator.pk: r.indicator for r in rows}.values())
    if not indicators:
        return
    points = plan_selectors.trend_points(actor=request.user, indicators=indicators, organization=org, period=period)
    for r in rows:
        target = r.row.target if r.row else None
        caption = _trend_caption(r.indicator, period)
        trend = charts.Trend(
            points=points[r.indicator.pk], target=target.value if target else None,
            target_label=(_("Target %(value)s") % {"value": _figure(r.indicator, target.value)}) if target else "",
            decimals=r.indicator.decimals,
        )
        r.chart = mark_safe(charts.draw_svg(trend, label=f"{r.indicator.name}: {caption}"))  # drawn here, labels escaped by matplotlib
        r.chart_caption = caption


def _ranking(request, plan: Plan, org: Organization, period: Period, indicators: list[Indicator],
             chosen: Indicator | None) -> dict | None:
    """The units directly under `org` for one indicator, those behind first
    (`children_ranked`), the furthest behind highlighted, each linking to its own dashboard
    opened on the same indicator."""
    if chosen is None:
        return None
    ranked = plan_selectors.children_ranked(actor=request.user, plan=plan, organization=org, period=period,
                                            indicator=chosen)
    if not ranked:
        return None
    with_rate = [r for r in ranked if r["row"] and r["row"].achievement is not None]
    worst = min(with_rate, key=lambda r: r["row"].achievement) if len(with_rate) > 1 else None
    rows = []
    for rank, r in enumerate(ranked, start=1):
        row = r["row"]
        status = row.status if row else (achievement.NO_DATA if r["value"] is None else "")
        rows.append({
            "rank": rank,
            "organization": r["organization"],
            "url": _dashboard_url(plan, r["organization"], period, indicator=chosen.code),
            "value": _figure(chosen, r["value"]),
            "target": _target_text(row.target, chosen) if row else "",
            "achievement": row.achievement_label if row else "",
            "bar": int(min(max(row.achievement, 0), 100)) if row and row.achievement is not None else 0,
            "status": status,
            "status_label": str(achievement.STATUS_LABELS[status]) if status else "",
            "status_class": STATUS_CLASS.get(status, "none"),
            "worst": r is worst,
            "explain_url": reverse("dashboard:explain", args=[chosen.code, r["organization"].pk, period.code]),
        })
    return {
        "indicator": chosen,
        "choices": indicators,
        "rows": rows,
        "has_targets": bool(with_rate) or any(r["row"] for r in ranked),
        "url": reverse("dashboard:ranking", args=[plan.code, org.pk]),
        "period": period,
    }


def _chosen_indicator(request, rows: list[RowView]) -> Indicator | None:
    """?indicator=CODE, else the first target not met (or at risk), else the first."""
    code = request.GET.get("indicator", "")
    for r in rows:
        if r.indicator.code == code:
            return r.indicator
    for r in rows:
        if r.status == achievement.NOT_MET or r.at_risk:
            return r.indicator
    return rows[0].indicator if rows else None


def _rows(request, plan: Plan, org: Organization, period: Period):
    """The plan's targets for `org` with actuals (figures), or, for a unit the plan set no
    targets for, the plan's indicators with the unit's values."""
    figures = plan_selectors.figures(actor=request.user, organization=org, period=period, plan=plan)
    pf = figures[0] if figures else None
    if pf:
        rows = [_row_view(r, r.indicator, r.actual, period, org, r.target) for r in pf.rows]
        return pf, rows
    indicators = plan_selectors.plan_indicators(plan=plan, period=period)
    values = plan_selectors.entry_values(actor=request.user, organization=org, period=period, indicators=indicators,
                                         year_to_date=period.kind in SUB_YEAR)
    return None, [_row_view(None, i, values.get(i.pk), period, org, None) for i in indicators]


def dashboard(request, plan_code: str, org_pk: int):
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period, period_error = _period_from(request, plan)
    pf, rows = _rows(request, plan, org, period)
    tasks = plan_selectors.task_counts(actor=request.user, plan=plan, organization=org)
    crumbs = org_selectors.breadcrumbs(actor=request.user, organization=org)
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUS_CLASS}
    return render(request, "web/dashboard/dashboard.html", {
        "plan": plan,
        "plan_period": _plan_period(plan),
        "org": org,
        "period": period,
        "period_error": period_error,
        "periods": _period_choices(plan, period),
        "figures": pf,
        "rows": rows,
        "own_targets": pf is not None,
        "sub_year": period.kind in SUB_YEAR,
        "any_projection": any(r.projected_text for r in rows),
        "any_ytd": any(r.year_to_date for r in rows),
        "at_risk": sum(1 for r in rows if r.at_risk),
        "status_counts": [(s, str(achievement.STATUS_LABELS[s]), STATUS_CLASS[s], counts[s])
                          for s in STATUS_ORDER if counts[s]],
        "tasks": tasks if tasks.total else None,
        "tasks_program": tasks.by_source.get("program", 0),
        "tasks_vertical": tasks.by_source.get("vertical", 0),
        "tasks_url": reverse("tasks:list", args=[plan.code, org.pk]),
        "can_add_tasks": bool(request.user.can_write),
        "ranking": _ranking(request, plan, org, period, [r.indicator for r in rows], _chosen_indicator(request, rows)),
        "dash_crumbs": [{"org": c, "url": _dashboard_url(plan, c, period, indicator=request.GET.get("indicator", ""))}
                        for c in crumbs],
        "trends_url": _dashboard_url(plan, org, period, view="dashboard:trends"),
        "targets_url": reverse("plans:targets", args=[plan.code]) if can_edit_targets(request.user, plan) else "",
        "number_example": formatting.decimal(Decimal("1234.5"), 1),
    })


def trends(request, plan_code: str, org_pk: int):
    """The trend chart of every indicator of the dashboard: loaded into the dashboard when
    the reader scrolls to it (drawing is most of a dashboard's cost), or a page of its own."""
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period, _error = _period_from(request, plan)
    _pf, rows = _rows(request, plan, org, period)
    _attach_charts(request, rows, org, period)
    context = {"plan": plan, "org": org, "period": period, "rows": rows,
               "dashboard_url": _dashboard_url(plan, org, period),
               "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=org)}
    template = "web/dashboard/_trends.html" if request.htmx else "web/dashboard/trends.html"
    return render(request, template, context)


def ranking(request, plan_code: str, org_pk: int):
    """The ranking for another indicator: an HTMX fragment, or the whole dashboard."""
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    if not request.htmx:
        period, _error = _period_from(request, plan)
        return redirect(_dashboard_url(plan, org, period, indicator=request.GET.get("indicator", "")))
    period, _error = _period_from(request, plan)
    indicators = plan_selectors.plan_indicators(plan=plan, period=period)
    code = request.GET.get("indicator", "")
    chosen = next((i for i in indicators if i.code == code), indicators[0] if indicators else None)
    return render(request, "web/dashboard/_ranking.html", {
        "plan": plan, "org": org, "period": period,
        "ranking": _ranking(request, plan, org, period, indicators, chosen),
    })


# What a figure is made of

def explain(request, indicator_code: str, org_pk: int, period_code: str):
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    indicator = plan_selectors.indicator_get(code=indicator_code)
    try:
        period = parse(period_code)
    except PeriodError:
        raise Http404 from None
    exp = plan_selectors.explain(actor=request.user, indicator=indicator, organization=org, period=period)
    parts = []
    if exp.kind == Indicator.Source.FORMULA:
        for part, p in zip((indicator.numerator, indicator.denominator), exp.parts, strict=False):
            parts.append({"label": p.label, "value": _figure(part, p.value), "unit": part.unit,
                          "url": reverse("dashboard:explain", args=[part.code, org.pk, period.code])})
    else:
        for p in exp.parts:
            url = (reverse("members:detail", args=[p.member_id]) if p.member_id
                   else reverse("orgs:detail", args=[p.organization_id]) if p.organization_id else "")
            parts.append({"label": p.label, "value": _figure(indicator, p.value), "url": url})
    targets = []
    for t in exp.targets:
        t.indicator = indicator
        row = achievement.evaluate(t, exp.value, counted_to=period.end)
        targets.append({
            "plan": t.plan, "text": _target_text(t, indicator),
            "achievement": row.achievement_label, "status_label": row.status_label,
            "status_class": STATUS_CLASS[row.status],
            "url": _dashboard_url(t.plan, org, period, indicator=indicator.code),
        })
    typed_parts = [{"label": p.label, "value": _figure(indicator, p.value),
                    "url": reverse("orgs:detail", args=[p.organization_id])} for p in exp.typed_parts]
    measure = indicator.measure
    context = {
        "exp": exp, "indicator": indicator, "org": org, "period": period, "typed_parts": typed_parts,
        "value": _figure(indicator, exp.value), "parts": parts, "targets": targets,
        "measure_label": str(measure.label) if measure else "",
        "multiplier": _num(indicator.multiplier, 4) if exp.kind == Indicator.Source.FORMULA and indicator.multiplier != 1 else "",
        "ytd_note": request.GET.get("ytd") == "1",
        "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=org),
        "crumb_tail": indicator.name,
    }
    template = "web/dashboard/_explain.html" if request.htmx else "web/dashboard/explain.html"
    return render(request, template, context)
