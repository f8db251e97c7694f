"""The rollup engine: the value of any indicator for any organization and period, live,
computed set-based in SQL over the tree as it stood in that period.

- Entered indicators: the units' results, each unit's value taken for the period itself or,
  where the unit has none and the aggregation allows, aggregated from the finer periods
  (a year from its quarters); then aggregated over every ancestor's subtree.
- Measures (core.measures): the records counted per unit, then aggregated the same way.
- Formulas: numerator and denominator aggregated first, then divided (a ratio of sums,
  never an average of ratios).

Ancestors come from the materialized path: every segment of a unit's path is an
ancestor's id, so one GROUP BY over (unit rows × path levels) gives every ancestor's
total. Each unit is placed where it stood in the period (its latest placement overlapping
the period), so a unit merged away in 2023 still counts where it was in 2021.
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import F, Q

from dangvu.core import measures
from dangvu.core.periods import Period
from dangvu.orgs.models import SEGMENT_WIDTH, Placement

from .models import Aggregation, Indicator, Result, Source

STEP = SEGMENT_WIDTH + 1
MAX_LEVELS = 12


def _levels_sql(levels) -> str:
    return " UNION ALL ".join(f"SELECT {int(k)} AS k" for k in sorted(levels))


_ALL_LEVELS = range(1, MAX_LEVELS + 1)
# (over time, within one unit; over the units of a subtree)
_AGG_SQL = {
    Aggregation.SUM: ("SUM", "SUM"), Aggregation.AVERAGE: ("AVG", "AVG"), Aggregation.MIN: ("MIN", "MIN"),
    Aggregation.MAX: ("MAX", "MAX"), Aggregation.AVERAGE_SUM: ("AVG", "SUM"),
}


@dataclass(frozen=True)
class Scope:
    """Which ancestors to compute: everything under `path` (inclusive), or only `org_ids`."""

    path: str
    org_ids: frozenset[int] | None = None


# Unit queries filter their rows with this token; `_run` makes it the scope's units.
SCOPE_UNITS = "__SCOPE_UNITS__"


def _scope_where(placement_table: str, org_ids: str | None) -> str:
    """Placements `p` under the scope's path, or (with `org_ids`) under wherever those
    organizations stood in the period: an organization moved since then counted its units
    under its old path."""
    where = "p.path LIKE %(prefix)s"
    if org_ids:
        where = (
            f"({where} OR EXISTS (SELECT 1 FROM {placement_table} s WHERE s.organization_id IN ({org_ids}) "
            f"AND s.valid_from <= %(end)s AND (s.valid_to IS NULL OR s.valid_to > %(start)s) "
            f"AND p.path LIKE s.path || '%%'))"
        )
    return where


def _placed_units_sql(placement_table: str, org_ids: str | None = None, levels=_ALL_LEVELS) -> str:
    """Unit rows `u(ind, org, v)` joined to the unit's placement in the period and expanded
    to every level of its path: yields (ind, ancestor id, v), for the scope's units."""
    where = _scope_where(placement_table, org_ids)
    return f"""
        SELECT u.ind AS ind, CAST(SUBSTR(p.path, {STEP} * (lv.k - 1) + 1, {SEGMENT_WIDTH}) AS INTEGER) AS anc, u.v AS v
        FROM u
        JOIN {placement_table} p ON p.organization_id = u.org
             AND p.valid_from <= %(end)s AND (p.valid_to IS NULL OR p.valid_to > %(start)s)
             AND NOT EXISTS (
                 SELECT 1 FROM {placement_table} p2 WHERE p2.organization_id = p.organization_id
                   AND p2.valid_from <= %(end)s AND (p2.valid_to IS NULL OR p2.valid_to > %(start)s)
                   AND p2.valid_from > p.valid_from)
        JOIN ({_levels_sql(levels)}) lv ON LENGTH(p.path) >= {STEP} * lv.k
        WHERE {where}
    """


def _run(unit_sql: str, unit_params: list, agg: str, period_start, period_end, scope: Scope, levels=_ALL_LEVELS):
    """Aggregate the unit rows of `unit_sql` (columns ind, org, v) over every ancestor."""
    placement = Placement._meta.db_table
    params = {"start": period_start, "end": period_end, "prefix": scope.path + "%"}
    # Named parameters for the outer query, positional ones inside the unit query: render
    # the unit query's placeholders as named ones.
    names = []
    for i, value in enumerate(unit_params):
        params[f"u{i}"] = value
        names.append(f"%(u{i})s")
    unit_sql = unit_sql.replace("%%", "\x00") % tuple(names)
    unit_sql = unit_sql.replace("\x00", "%%")
    anc_filter, ids = "", None
    if scope.org_ids is not None:
        ids = ",".join(str(int(i)) for i in sorted(scope.org_ids)) or "NULL"
        anc_filter = f"WHERE anc IN ({ids})"
    # Only the scope's units are aggregated: a province's dashboard does not read the country.
    scope_units = (
        f"SELECT p.organization_id FROM {placement} p WHERE p.valid_from <= %(end)s "
        f"AND (p.valid_to IS NULL OR p.valid_to > %(start)s) AND {_scope_where(placement, ids)}"
    )
    unit_sql = unit_sql.replace(SCOPE_UNITS, "(SELECT organization_id FROM scope_units)")
    sql = (
        f"WITH scope_units AS ({scope_units}), u AS ({unit_sql}), placed AS ({_placed_units_sql(placement, ids, levels)}) "
        f"SELECT ind, anc, {agg}(v), COUNT(v) FROM placed {anc_filter} GROUP BY ind, anc"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _entered_unit_sql(indicator_ids: list[int], period: Period, agg: str, depth: int = 2):
    """Rows (ind, org, v): each unit's own value for `period`: the value entered for the
    period itself, or else `agg` over its parts' values, recursively `depth` levels down
    (a term from its years, a year from its quarters, a quarter from its months)."""
    table = Result._meta.db_table
    ids = ",".join(str(int(i)) for i in indicator_ids)
    direct = (
        f"SELECT r.indicator_id AS ind, r.organization_id AS org, r.value AS v FROM {table} r "
        f"WHERE r.indicator_id IN ({ids}) AND r.value IS NOT NULL AND r.period = %s "
        f"AND +r.organization_id IN {SCOPE_UNITS}"  # "+": keep SQLite on the (period, indicator) index
    )
    parts = period.parts() if depth > 0 else []
    if not parts:
        return direct, [period.code]
    subs = [_entered_unit_sql(indicator_ids, part, agg, depth - 1) for part in parts]
    union = " UNION ALL ".join(sql for sql, _p in subs)
    fallback = (
        f"SELECT s.ind AS ind, s.org AS org, {agg}(s.v) AS v FROM ({union}) s GROUP BY s.ind, s.org "
        f"HAVING NOT EXISTS (SELECT 1 FROM {table} r2 WHERE r2.indicator_id = s.ind "
        f"AND r2.organization_id = s.org AND r2.period = %s AND r2.value IS NOT NULL)"
    )
    return f"{direct} UNION ALL {fallback}", [period.code, *[x for _s, p in subs for x in p], period.code]


def _measure_unit_sql(indicator: Indicator, start: datetime.date, end: datetime.date):
    measure = measures.get(indicator.measure_key)
    qs = measure.records(start, end).order_by().annotate(rollup_org=F(measure.org_field)).values("rollup_org")
    inner, params = qs.query.sql_with_params()
    # Count the records per organization.
    sql = (f"SELECT {int(indicator.pk)} AS ind, m.rollup_org AS org, COUNT(*) AS v FROM ({inner}) m "
           f"WHERE m.rollup_org IN {SCOPE_UNITS} GROUP BY m.rollup_org")
    return sql, list(params)


_FLOAT = decimal.Context(prec=15)


def _to_decimal(value) -> Decimal | None:
    """SQLite sums and averages decimal columns as floats (0.1 + 0.2 = 0.30000000000000004):
    keep the 15 significant digits a float carries, as Django's SQLite backend does for
    decimal aggregates."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _FLOAT.create_decimal_from_float(value)
    return Decimal(value)


def compute(
    indicators: list[Indicator], period: Period, scope: Scope, *, year_to_date: bool = False
) -> dict[tuple[int, int], Decimal | None]:
    """{(indicator id, organization id): value} for every indicator and every organization
    of the scope (organizations without data are absent). `year_to_date`: from 1 January
    to the end of the period (a quarter's value then covers Q1 up to that quarter)."""
    out: dict[tuple[int, int], Decimal | None] = {}
    start, end = period.year_to_date() if year_to_date else (period.start, period.end)
    ytd_parts = None
    if year_to_date and period.kind != "year":
        ytd_parts = _year_to_date_parts(period)

    levels, standing = _scope_placements(scope, start, end)
    entered = defaultdict(list)
    formulas, measured = [], []
    for ind in _with_formula_inputs(indicators):
        if ind.source == Source.ENTERED:
            entered[ind.aggregation].append(ind)
        elif ind.source == Source.MEASURE:
            measured.append(ind)
        else:
            formulas.append(ind)

    for aggregation, inds in entered.items():
        ids = [i.pk for i in inds]
        if aggregation == Aggregation.NONE:
            rows = Result.objects.filter(indicator_id__in=ids, period=period.code, value__isnull=False)
            if scope.org_ids is not None:
                rows = rows.filter(organization_id__in=scope.org_ids)
            else:
                rows = rows.filter(organization__path__startswith=scope.path)
            for ind_id, org_id, value in rows.values_list("indicator_id", "organization_id", "value"):
                out[(ind_id, org_id)] = value
            continue
        over_time, over_units = _AGG_SQL[aggregation]
        if ytd_parts is not None:
            # Year to date: the unit values of each finished sub-period, aggregated.
            sql, params = _entered_ytd_unit_sql(ids, ytd_parts, over_time)
        else:
            sql, params = _entered_unit_sql(ids, period, over_time)
        for ind_id, org_id, value, _n in _run(sql, params, over_units, start, end, scope, levels):
            out[(ind_id, org_id)] = _to_decimal(value)

    for ind in measured:
        sql, params = _measure_unit_sql(ind, start, end)
        for ind_id, org_id, value, _n in _run(sql, params, "SUM", start, end, scope, levels):
            out[(ind_id, org_id)] = _to_decimal(value)
    # A count with no records is 0 for an organization that stood in the period.
    for org_id in standing:
        for ind in measured:
            out.setdefault((ind.pk, org_id), Decimal(0))

    for ind in formulas:
        num_id, den_id = ind.numerator_id, ind.denominator_id
        orgs = {org for (i, org) in out if i in (num_id, den_id)}
        for org in orgs:
            num, den = out.get((num_id, org)), out.get((den_id, org))
            if num is None or not den:
                continue
            out[(ind.pk, org)] = num / den * ind.multiplier
    wanted = {i.pk for i in indicators}
    return {k: v for k, v in out.items() if k[0] in wanted}


def _scope_placements(scope: Scope, start, end) -> tuple[object, set[int]]:
    """The path levels to expand and the named organizations that stood in the period: every
    level for a whole subtree; for named organizations only the levels they stood at (the
    root's dashboard reads each unit once)."""
    if scope.org_ids is None:
        return _ALL_LEVELS, set()
    rows = Placement.objects.filter(organization_id__in=scope.org_ids, valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)).values_list("organization_id", "depth")
    rows = list(rows)
    return ({d + 1 for _o, d in rows} or {1}), {o for o, _d in rows}


def unit_values(indicator: Indicator, period: Period, org_ids) -> dict[int, Decimal]:
    """{organization id: value} of an entered indicator: each unit's own value for the
    period (from its finer periods where it has none), not its subtree's."""
    ids = sorted({int(i) for i in org_ids})
    if not ids:
        return {}
    if indicator.aggregation == Aggregation.NONE:
        rows = Result.objects.filter(indicator=indicator, period=period.code, organization_id__in=ids,
                                     value__isnull=False).values_list("organization_id", "value")
        return dict(rows)
    sql, params = _entered_unit_sql([indicator.pk], period, _AGG_SQL[indicator.aggregation][0])
    listed = f"({','.join(str(i) for i in ids)})"
    sql = f"SELECT u.org, u.v FROM ({sql.replace(SCOPE_UNITS, listed)}) u WHERE u.org IN {listed}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {org: _to_decimal(v) for org, v in cursor.fetchall()}


def _year_to_date_parts(period: Period) -> list[Period]:
    from dangvu.core.periods import month, quarter

    if period.kind == "month":
        return [month(period.year, m) for m in range(1, period.start.month + 1)]
    last_q = (period.end.month - 1) // 3 + 1
    return [quarter(period.year, q) for q in range(1, last_q + 1)]


def _entered_ytd_unit_sql(ids: list[int], parts: list[Period], agg: str):
    """Each unit's value from 1 January: `agg` over the values of the periods so far (each
    from its own finer periods where it has none)."""
    subs = [_entered_unit_sql(ids, part, agg, depth=1) for part in parts]
    union = " UNION ALL ".join(sql for sql, _p in subs)
    sql = f"SELECT y.ind AS ind, y.org AS org, {agg}(y.v) AS v FROM ({union}) y GROUP BY y.ind, y.org"
    return sql, [x for _s, p in subs for x in p]


def _with_formula_inputs(indicators: list[Indicator]) -> list[Indicator]:
    """The indicators plus the numerators and denominators their formulas need, inputs first."""
    seen: dict[int, Indicator] = {}

    def add(ind: Indicator) -> None:
        if ind.pk in seen:
            return
        if ind.source == Source.FORMULA:
            add(ind.numerator)
            add(ind.denominator)
        seen[ind.pk] = ind

    for ind in indicators:
        add(ind)
    return list(seen.values())
