"""The rollup engine: the value of any indicator for any organization and period, live,
computed set-based in SQL over the tree as it stood in that period.

- Entered indicators: each unit's value for the period, taken from the value entered for
  the period itself or, where the unit has none and the aggregation allows, aggregated from
  its finer periods (a year from its quarters, a quarter from its months); then aggregated
  over every ancestor's subtree.
- Measures (core.measures): the records counted per unit, then aggregated the same way.
- Formulas: numerator and denominator aggregated first, then divided (a ratio of sums,
  never an average of ratios).

One statement computes every indicator: each unit's values are read in one pass over the
results of the year (index `result_year_idx` on year, indicator, organization, period,
value: grouped in index order, never sorted), only at the period levels that hold values
(a year whose units report quarters reads quarters, no month or yearly expression), then
joined to where the unit stood in the period and grouped by ancestor. Ancestors come from
the materialized path: every segment of a unit's path is an ancestor's id. Each unit is
placed where it stood in the period (its latest placement overlapping the period), so a
unit merged away in 2023 still counts where it was in 2021.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F

from dangvu.core import measures
from dangvu.core.periods import Period, month, parse, quarter
from dangvu.orgs.models import (
    SEGMENT_WIDTH,
    Organization,
    Placement,
    under,
    under_params,
    under_sql,
)

from .models import Indicator, Result

STEP = SEGMENT_WIDTH + 1
MAX_LEVELS = 12
_ALL_LEVELS = range(1, MAX_LEVELS + 1)
# (over time, within one unit; over the units of a subtree)
_AGG_SQL = {
    Indicator.Aggregation.SUM: ("SUM", "SUM"), Indicator.Aggregation.AVERAGE: ("AVG", "AVG"), Indicator.Aggregation.MIN: ("MIN", "MIN"),
    Indicator.Aggregation.MAX: ("MAX", "MAX"), Indicator.Aggregation.AVERAGE_SUM: ("AVG", "SUM"),
}
_OVER_UNITS = ("SUM", "AVG", "MIN", "MAX")  # the columns of the ancestor query, in this order
_CODE = re.compile(r"^[0-9A-Z-]{4,9}$")


@dataclass(frozen=True)
class Scope:
    """Which ancestors to compute: everything under `path` (inclusive), or only `org_ids`."""

    path: str
    org_ids: frozenset[int] | None = None


# ---------------------------------------------------------------------------------------
# Each unit's own value of entered indicators
# ---------------------------------------------------------------------------------------


@dataclass
class _Node:
    """A period whose value a unit may hold (`own`: some unit entered a value for it) or
    build from its finer periods (`kids`, only those under which values exist). `code` is
    None for a span with no value of its own (the year to date)."""

    code: str | None
    year: int
    own: bool
    kids: list[_Node] = field(default_factory=list)

    def codes(self) -> list[str]:
        return ([self.code] if self.own else []) + [c for k in self.kids for c in k.codes()]


def _tree(period: Period, depth: int, present: set[str]) -> _Node | None:
    """The levels of `period` to read, `depth` levels down (a term from its years, a year
    from its quarters, a quarter from its months), pruned to the periods holding values."""
    kids = [n for part in (period.parts() if depth > 0 else []) if (n := _tree(part, depth - 1, present))]
    own = period.code in present
    if not own and not kids:
        return None
    return _Node(period.code, period.year, own, kids)


def _ytd_tree(period: Period, present: set[str]) -> _Node | None:
    """From 1 January to the end of `period`: its year's quarters (months for a month), each
    from its months where it has no value."""
    if period.kind == "month":
        parts = [month(period.year, m) for m in range(1, period.start.month + 1)]
    else:
        parts = [quarter(period.year, q) for q in range(1, (period.end.month - 1) // 3 + 2)]
    kids = [n for part in parts if (n := _tree(part, 1, present))]
    return _Node(None, period.year, False, kids) if kids else None


def _own(code: str) -> str:
    return f"MAX(CASE WHEN r.period = '{code}' THEN r.value END)"  # one row per unit and period


def _least(exprs: list[str], fn: str) -> str:
    """MIN or MAX of several values, ignoring missing ones (NULL where all are)."""
    first = f"COALESCE({', '.join(exprs)})"
    args = ", ".join(f"COALESCE({e}, {first})" for e in exprs)
    if connection.vendor == "postgresql":
        return f"{'LEAST' if fn == 'MIN' else 'GREATEST'}({args})"
    return f"{fn}({args})"  # SQLite's scalar min()/max() of several arguments


def _combine(exprs: list[str], agg: str) -> str:
    """`agg` over the values of several periods of one unit, missing ones left out."""
    if len(exprs) == 1:
        return exprs[0]
    if agg in ("MIN", "MAX"):
        return _least(exprs, agg)
    total = " + ".join(f"COALESCE({e}, 0)" for e in exprs)
    if agg == "SUM":
        return f"(CASE WHEN COALESCE({', '.join(exprs)}) IS NULL THEN NULL ELSE {total} END)"
    count = " + ".join(f"(CASE WHEN {e} IS NULL THEN 0 ELSE 1 END)" for e in exprs)
    return f"(({total}) * 1.0 / NULLIF({count}, 0))"


def _expr(node: _Node, agg: str) -> str:
    """A unit's value of `node` from its rows of the year, as one aggregate expression."""
    if not node.kids:
        return _own(node.code)
    if all(not k.kids for k in node.kids):
        listed = ", ".join(f"'{k.code}'" for k in node.kids)
        built = f"{agg}(CASE WHEN r.period IN ({listed}) THEN r.value END)"
    else:
        built = _combine([_expr(k, agg) for k in node.kids], agg)
    return f"COALESCE({_own(node.code)}, {built})" if node.own else built


def _unit_sql(ids: list[int], agg: str, node: _Node, units: str, probe: bool = True) -> str:
    """Rows (ind, org, v): each unit's value of `node` for the indicators `ids`, for the
    organizations `units` (an SQL list or subquery). `probe`: look each unit up in the year
    index (a small part of the tree), else read the year's rows of the indicators through
    and keep the units' ("+" keeps the organization out of the index lookup)."""
    table = Result._meta.db_table
    listed = ",".join(str(int(i)) for i in ids)
    where = (f"r.indicator_id IN ({listed}) AND r.value IS NOT NULL "
             f"AND {'' if probe else '+'}r.organization_id IN {units}")
    years = {k.year for k in node.kids} | {node.year}
    if len(years) == 1:
        codes = ", ".join(f"'{c}'" for c in node.codes())
        return (f"SELECT r.indicator_id AS ind, r.organization_id AS org, {_expr(node, agg)} AS v FROM {table} r "
                f"WHERE r.year = {int(node.year)} AND r.period IN ({codes}) AND {where} "
                f"GROUP BY r.indicator_id, r.organization_id")
    # A term: each year read on its own (in index order), then the years combined.
    parts = [f"SELECT k.ind, k.org, k.v, 0 AS own FROM ({_unit_sql(ids, agg, kid, units, probe)}) k"
             for kid in node.kids]
    if node.own:
        parts.insert(0, f"SELECT r.indicator_id AS ind, r.organization_id AS org, r.value AS v, 1 AS own "
                        f"FROM {table} r WHERE r.year = {int(node.year)} AND r.period = '{node.code}' AND {where}")
    built = f"{agg}(CASE WHEN s.own = 0 THEN s.v END)"
    value = f"COALESCE(MAX(CASE WHEN s.own = 1 THEN s.v END), {built})" if node.own else built
    return f"SELECT s.ind AS ind, s.org AS org, {value} AS v FROM ({' UNION ALL '.join(parts)}) s GROUP BY s.ind, s.org"


def _present(indicator_ids: list[int], codes: set[str]) -> set[str]:
    """Which of the period `codes` hold a value of any of the indicators anywhere (one
    index probe each): the unit query reads only those levels."""
    if not indicator_ids or not codes:
        return set()
    for code in codes:
        if not _CODE.match(code):
            raise ValueError(f"not a period code: {code!r}")
    listed = ",".join(str(int(i)) for i in indicator_ids)
    candidates = " UNION ALL ".join(f"SELECT '{c}' AS code" for c in sorted(codes))
    sql = (f"SELECT c.code FROM ({candidates}) c WHERE EXISTS (SELECT 1 FROM {Result._meta.db_table} r "
           f"WHERE r.period = c.code AND r.indicator_id IN ({listed}) AND r.value IS NOT NULL)")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


class _Everything:
    def __contains__(self, code) -> bool:
        return True


def _before_tree(period: Period, cut: datetime.date, present) -> _Node | None:
    """The part of `period` before `cut` (the day a register took over a typed figure): the
    largest periods wholly before it (a year, its quarters, a quarter's months), each read as
    ``_tree`` reads it."""
    def parts(p: Period) -> list[_Node]:
        if p.end < cut:
            return [n] if (n := _tree(p, 2, present)) else []
        if p.start >= cut:
            return []
        return [n for q in p.parts() for n in parts(q)]

    if period.end < cut:
        return _tree(period, 2, present)
    kids = parts(period)
    return _Node(None, period.start.year, False, kids) if kids else None


def typed_tree(indicator: Indicator, period: Period, year_to_date: bool = False) -> _Node | None:
    """The levels holding the units' typed values of a counted figure before its register
    took over (``Indicator.counted_from``), within `period` (from 1 January with
    `year_to_date`); None when nothing was typed there."""
    cut = indicator.counted_from
    span = parse(str(period.end.year)) if year_to_date and period.kind != "year" else period
    if year_to_date and period.kind != "year":
        cut = min(cut, period.end + datetime.timedelta(days=1))
    return _before_tree(span, cut, _present([indicator.pk], set(_codes(_before_tree(span, cut, _Everything())))))


def _codes(node: _Node | None) -> list[str]:
    return node.codes() if node else []


def _entered_tree(period: Period, year_to_date: bool, ids: list[int]) -> _Node | None:
    """The levels to read for a unit's value of `period` (from 1 January with
    `year_to_date`), pruned to those holding values of the indicators `ids`."""
    if year_to_date and period.kind != "year":
        def build(present):
            return _ytd_tree(period, present)
    else:
        def build(present):
            return _tree(period, 2, present)
    return build(_present(ids, set(build(_Everything()).codes())))


# ---------------------------------------------------------------------------------------
# Counted figures
# ---------------------------------------------------------------------------------------


def _measure_unit_sql(indicator: Indicator, start: datetime.date, end: datetime.date, units: str):
    """Rows (ind, org, v): the records of the measure counted per organization."""
    measure = measures.get(indicator.measure_key)
    qs = measure.records(start, end).order_by().annotate(rollup_org=F(measure.org_field)).values("rollup_org")
    try:
        inner, params = qs.query.sql_with_params()
    except EmptyResultSet:  # nothing can count in the span (ratings of a quarter not ending a year)
        return f"SELECT {int(indicator.pk)} AS ind, CAST(NULL AS INTEGER) AS org, 0 AS v WHERE 1 = 0", []
    sql = (f"SELECT {int(indicator.pk)} AS ind, m.rollup_org AS org, COUNT(*) AS v FROM ({inner}) m "
           f"WHERE m.rollup_org IN {units} GROUP BY m.rollup_org")
    return sql, list(params)


# ---------------------------------------------------------------------------------------
# Units placed where they stood, aggregated over their ancestors
# ---------------------------------------------------------------------------------------

_UNITS = "(SELECT pu.org FROM pu)"


def _placed_units_sql(prefixes: int) -> str:
    """`pu(org, path)`: every organization of the scope standing in the period, with its
    path then (its latest placement overlapping the period). `prefixes`: how many paths
    (parameters prefix0, prefix1, ...) the scope covers."""
    t = Placement._meta.db_table
    within = " OR ".join(under_sql("p.path", f"prefix{i}") for i in range(prefixes))
    return (
        f"SELECT p.organization_id AS org, p.path AS path FROM {t} p "
        f"WHERE p.valid_from <= %(end)s AND (p.valid_to IS NULL OR p.valid_to > %(start)s) AND ({within}) "
        f"AND NOT EXISTS (SELECT 1 FROM {t} p2 WHERE p2.organization_id = p.organization_id "
        f"AND p2.valid_from <= %(end)s AND (p2.valid_to IS NULL OR p2.valid_to > %(start)s) "
        f"AND p2.valid_from > p.valid_from)"
    )


def _levels_sql(levels) -> str:
    return " UNION ALL ".join(f"SELECT {int(k)} AS k" for k in sorted(levels))


def _run(unit_queries: list[tuple[str, list]], start, end, scope: Scope, placed: _Placed):
    """Rows (ind, ancestor, SUM, AVG, MIN, MAX) of the unit rows of `unit_queries` (each
    SQL with positional parameters, columns ind, org, v) over every ancestor in scope."""
    params = {"start": start, "end": end}
    for i, path in enumerate(placed.paths):
        params.update(under_params(f"prefix{i}", path))
    rendered = []
    for sql, values in unit_queries:
        # Named parameters for the whole statement: render each query's placeholders as such.
        names = []
        for value in values:
            names.append(f"%(u{len(params)})s")
            params[f"u{len(params)}"] = value
        rendered.append((sql.replace("%%", "\x00") % tuple(names)).replace("\x00", "%%"))
    anc = f"CAST(SUBSTR(pu.path, {STEP} * (lv.k - 1) + 1, {SEGMENT_WIDTH}) AS INTEGER)"
    where = ""
    if scope.org_ids is not None:
        ids = ",".join(str(int(i)) for i in sorted(scope.org_ids)) or "NULL"
        where = f"WHERE {anc} IN ({ids})"
    # The unit rows once, before the join over the ancestors: inlined, PostgreSQL may run
    # them again for every placed unit when its estimates are off (tables loaded in the
    # same transaction have no statistics yet), turning seconds into hours.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = (
        f"WITH pu AS ({_placed_units_sql(len(placed.paths))}), "
        f"u AS {materialized}({' UNION ALL '.join(rendered)}) "
        f"SELECT u.ind, {anc}, SUM(u.v), AVG(u.v), MIN(u.v), MAX(u.v) FROM u "
        f"JOIN pu ON pu.org = u.org JOIN ({_levels_sql(placed.levels)}) lv ON LENGTH(pu.path) >= {STEP} * lv.k "
        f"{where} GROUP BY u.ind, {anc}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    placed = _scope_placements(scope, start, end)
    entered, formulas, measured, unaggregated = defaultdict(list), [], [], []
    for ind in _with_formula_inputs(indicators):
        if ind.source == Indicator.Source.MEASURE:
            measured.append(ind)
        elif ind.source == Indicator.Source.FORMULA:
            formulas.append(ind)
        elif ind.aggregation == Indicator.Aggregation.NONE:
            unaggregated.append(ind)
        else:
            entered[_AGG_SQL[ind.aggregation][0]].append(ind)

    queries, over_units = [], {}
    node = _entered_tree(period, year_to_date, [i.pk for inds in entered.values() for i in inds]) if entered else None
    for over_time, inds in entered.items():
        if node is not None:
            queries.append((_unit_sql([i.pk for i in inds], over_time, node, _UNITS, placed.small), []))
        over_units.update({i.pk: _AGG_SQL[i.aggregation][1] for i in inds})
    counted = []
    for ind in measured:
        over_units[ind.pk] = "SUM"
        typed_until = ind.typed_until(start, end)
        if typed_until is None:  # wholly counted
            queries.append(_measure_unit_sql(ind, start, end, _UNITS))
            counted.append(ind)
            continue
        # A register that took over a typed figure (``Indicator.counted_from``): the units'
        # typed values before it, the records from it. A figure that does not add up over
        # time (counted at a moment, or averaged) is read wholly on the side its end falls.
        if typed_until < end and not ind.is_flow:
            queries.append(_measure_unit_sql(ind, start, end, _UNITS))
            counted.append(ind)
            continue
        node = typed_tree(ind, period, year_to_date) if (typed_until < end) else _entered_tree(
            period, year_to_date, [ind.pk])
        if node is not None:
            agg = _AGG_SQL.get(ind.aggregation, _AGG_SQL[Indicator.Aggregation.SUM])
            queries.append((_unit_sql([ind.pk], agg[0], node, _UNITS, placed.small), []))
            over_units[ind.pk] = agg[1]
        if typed_until < end:
            queries.append(_measure_unit_sql(ind, typed_until + datetime.timedelta(days=1), end, _UNITS))
            counted.append(ind)
    if queries:
        for ind_id, org_id, *values in _run(queries, start, end, scope, placed):
            out[(ind_id, org_id)] = _to_decimal(values[_OVER_UNITS.index(over_units[ind_id])])
    # A count with no records is 0 for an organization that stood in the period.
    for org_id in placed.standing:
        for ind in counted:
            out.setdefault((ind.pk, org_id), Decimal(0))

    if unaggregated:  # no rollup: the organization's own value for the period
        rows = Result.objects.filter(indicator__in=unaggregated, period=period.code, value__isnull=False)
        if scope.org_ids is not None:
            rows = rows.filter(organization_id__in=scope.org_ids)
        else:
            rows = rows.filter(under(scope.path, "organization__path"))
        for ind_id, org_id, value in rows.values_list("indicator_id", "organization_id", "value"):
            out[(ind_id, org_id)] = value

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


@dataclass
class _Placed:
    levels: object  # the path levels to expand
    standing: set[int]  # the named organizations that stood in the period
    paths: list[str]  # the subtrees to read units from
    small: bool = False  # those subtrees hold under 1/8 of all organizations: look units up


# Under 1/8 of all organizations, a scope's units are looked up in the year index: a
# province's dashboard in a country's database no longer reads the whole country's results
# (1,2 s -> 0,2 s); a province in its own database reads its rows through (40 ms against
# 125 ms of lookups).
_SMALL = 8


def _counts_sql() -> str:
    """How many organizations are under the scope's path, and in all."""
    table = Organization._meta.db_table
    return f"(SELECT COUNT(*) FROM {table} o WHERE {under_sql('o.path', 'scope')}), (SELECT COUNT(*) FROM {table})"


def _scope_placements(scope: Scope, start, end) -> _Placed:
    """Every level of the scope's subtree; for named organizations only the levels they
    stood at (the root's dashboard reads each unit once), and the subtrees they stood over
    in the period: an organization moved since then counts its units under its old path."""
    with connection.cursor() as cursor:
        if scope.org_ids is None:
            cursor.execute(f"SELECT {_counts_sql()}", under_params("scope", scope.path))
            inside, total = cursor.fetchone()
            return _Placed(_ALL_LEVELS, set(), [scope.path], inside * _SMALL < total)
        ids = ",".join(str(int(i)) for i in sorted(scope.org_ids)) or "NULL"
        cursor.execute(
            f"SELECT p.organization_id, p.depth, p.path, {_counts_sql()} FROM {Placement._meta.db_table} p "
            f"WHERE p.organization_id IN ({ids}) AND p.valid_from <= %(end)s "
            f"AND (p.valid_to IS NULL OR p.valid_to > %(start)s)",
            {**under_params("scope", scope.path), "start": start, "end": end},
        )
        rows = cursor.fetchall()
    elsewhere = sorted({path for _o, _d, path, *_n in rows if not path.startswith(scope.path)})
    small = bool(rows) and rows[0][3] * _SMALL < rows[0][4]
    return _Placed({d + 1 for _o, d, *_r in rows} or {1}, {o for o, *_r in rows}, [scope.path, *elsewhere], small)


def unit_values(indicator: Indicator, period: Period, org_ids, *, typed: bool = False) -> dict[int, Decimal]:
    """{organization id: value} of an entered indicator: each unit's own value for the
    period (from its finer periods where it has none), not its subtree's. `typed`: of a
    counted figure, the values the units typed before its register took over."""
    ids = sorted({int(i) for i in org_ids})
    if not ids:
        return {}
    if not typed and indicator.aggregation == Indicator.Aggregation.NONE:
        rows = Result.objects.filter(indicator=indicator, period=period.code, organization_id__in=ids,
                                     value__isnull=False).values_list("organization_id", "value")
        return dict(rows)
    node = typed_tree(indicator, period) if typed else _entered_tree(period, False, [indicator.pk])
    if node is None:
        return {}
    listed = f"({','.join(str(i) for i in ids)})"
    over_time = _AGG_SQL.get(indicator.aggregation, _AGG_SQL[Indicator.Aggregation.SUM])[0]
    with connection.cursor() as cursor:
        cursor.execute(_unit_sql([indicator.pk], over_time, node, listed))
        return {org: _to_decimal(v) for _ind, org, v in cursor.fetchall()}


def _with_formula_inputs(indicators: list[Indicator]) -> list[Indicator]:
    """The indicators plus the numerators and denominators their formulas need, inputs first."""
    seen: dict[int, Indicator] = {}

    def add(ind: Indicator) -> None:
        if ind.pk in seen:
            return
        if ind.source == Indicator.Source.FORMULA:
            add(ind.numerator)
            add(ind.denominator)
        seen[ind.pk] = ind

    for ind in indicators:
        add(ind)
    return list(seen.values())
