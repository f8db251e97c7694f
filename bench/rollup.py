"""Benchmark: the rollup engine over a province or the whole country, against DuckDB.

    .venv/bin/pip install -e ".[bench]"      # DuckDB and NumPy, once
    .venv/bin/python bench/rollup.py [--scale province|country] [--db PATH] [--keep]

1. Loads the demo organizations of the scale into a fresh SQLite file under bench/out/
   (or PATH, or the database of DATABASE_URL when it is set), timing the load: the
   province with its members (`dangvu.demo.generator.generate`, ~1 minute); the country as
   its organization tree only (`generate_tree`: the same 34 provinces, ~240.000 organizations,
   ~53.000 grassroots, no members: its 5,6 million members take ~40 minutes and no
   entered figure needs them, so the counted figures of the dashboard count nothing there).
2. 30 entered indicators: the default catalog's typed ones (10 since the inspections and
   ratings registers count theirs), 14 synthetic ones, a mix of sum, average, min, max and
   average-over-time-sum-over-units, and as many synthetic summed counts as make 30.
3. Results for 2025Q1-2025Q4 of all 30 for every reporting unit standing in 2025
   (grassroots committees and cells), inserted directly (one executemany per chunk);
   with --history N also for the N years before, as a database in use holds them.
4. Times (median of --runs runs after --warmup runs):
   a) dangvu: `plans.rollup.compute(all 30, parse("2025"), Scope(root.path))`, every
      indicator for every organization of the province for the year (the country has no
      single root: Scope("") covers its 34 provinces);
   b) DuckDB: the same per-ancestor aggregates in SQL over the same rows, handed over from
      Python as NumPy arrays (results and placements; DuckDB can't attach SQLite here),
      then every value compared with dangvu's;
   c) the top organization's dashboard: `plans.selectors.figures` for the first province
      with a plan of 30 targets for 2025 (entered, counted and formula indicators), for the
      year and for 2025Q4 (year to date and projection); and the whole dashboard page as
      its read-only user gets it (Django's test client: figures, the ranking of its units,
      key tasks, breadcrumbs, the template rendered). Goal: under 300 ms (province).

Ratio = dangvu / DuckDB: below 1 dangvu is faster.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal

from _common import median_ms, needs_load, setup  # noqa: E402  (bench/ is the script folder)

YEAR = 2025
SYNTHETIC = [  # code, aggregation, value type, typical size
    ("BENCH_01", "sum", "count", 12), ("BENCH_02", "sum", "count", 40), ("BENCH_03", "sum", "amount", 250),
    ("BENCH_04", "sum", "amount", 3000), ("BENCH_05", "sum", "count", 3), ("BENCH_06", "average", "percent", 80),
    ("BENCH_07", "average", "percent", 95), ("BENCH_08", "average", "amount", 9), ("BENCH_09", "average", "count", 20),
    ("BENCH_10", "max", "count", 15), ("BENCH_11", "max", "amount", 120), ("BENCH_12", "min", "percent", 60),
    ("BENCH_13", "average_sum", "count", 150), ("BENCH_14", "average_sum", "amount", 1500),
]
# Typical sizes of the catalog's entered indicators, per unit and quarter.
SIZES = {"TCCSD_QUAN_TRIET": 0.5,
         "DOANH_THU": 90, "NOP_NGAN_SACH": 8, "NOP_BHXH": 1, "QUY_THU_NHAP": 2000, "LAO_DONG": 200, "BIEN_CHE": 40}
# The dashboard plan: 30 targets, counted and formula indicators first.
PLAN_INDICATORS = ["KET_NAP", "DANG_VIEN", "TCCSD", "TCCSD_MOI", "TL_DV_HTT_TRO_LEN", "TL_TCCSD_HTT_TRO_LEN",
                   "TL_TCCSD_QUAN_TRIET", "THU_NHAP_BQ"]
PLAN_SIZE = 30
ENTERED = 30
FILLER_SIZE = 1

def _indicators():
    """The 30 entered indicators, creating the synthetic ones where missing."""
    from dangvu.core.actors import SYSTEM
    from dangvu.plans import services
    from dangvu.plans.catalog import load_default_catalog
    from dangvu.plans.models import Indicator

    load_default_catalog()
    have = set(Indicator.objects.values_list("code", flat=True))
    for order, (code, aggregation, value_type, _size) in enumerate(SYNTHETIC, 1):
        if code not in have:
            services.indicator_create(actor=SYSTEM, code=code, name=f"Chỉ tiêu thử nghiệm {order}", unit="",
                                      value_type=value_type, aggregation=aggregation, source="entered",
                                      decimals=1, sort_order=10_000 + order)
    entered = Indicator.objects.filter(source="entered")
    for order in range(len(SYNTHETIC) + 1, len(SYNTHETIC) + 1 + max(0, ENTERED - entered.count())):
        services.indicator_create(actor=SYSTEM, code=f"BENCH_{order:02}", name=f"Chỉ tiêu thử nghiệm {order}", unit="",
                                  value_type="count", aggregation="sum", source="entered", sort_order=10_000 + order)
    return list(entered.order_by("sort_order", "code"))


def _units(root_path: str) -> list[int]:
    """Reporting units standing at some time in the year under the scope."""
    from django.db.models import Q

    from dangvu.orgs.models import GRASSROOTS_KINDS, Organization

    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    return list(
        Organization.objects.filter(path__startswith=root_path, kind__in=GRASSROOTS_KINDS, established_on__lte=end)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=start)).order_by("id").values_list("id", flat=True)
    )


def _insert_results(indicators, units: list[int], seed: int, years: list[int]) -> int:
    """Every indicator for every unit and quarter of `years`, inserted directly."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from dangvu.demo.plans import insert_rows
    from dangvu.plans.models import Result

    rng = random.Random(f"dangvu-bench-rollup:{seed}")
    sizes = {code: size for code, _a, _t, size in SYNTHETIC} | SIZES
    at = connection.ops.adapt_datetimefield_value(
        datetime.datetime(YEAR + 1, 1, 15, 9, 0, tzinfo=timezone.get_current_timezone()))
    quarters = [f"{y}Q{q}" for y in years for q in range(1, 5)]
    next_id = (Result.objects.aggregate(n=Max("id"))["n"] or 0) + 1
    fields = ["id", "indicator", "organization", "period", "value", "comment", "state", "version", "updated_at"]
    written = 0
    with transaction.atomic():
        rows = []
        for org in units:
            for ind in indicators:
                size = sizes.get(ind.code, FILLER_SIZE if ind.code.startswith("BENCH_") else 10)
                for period in quarters:
                    rows.append((next_id, ind.pk, org, period, round(rng.uniform(0, 2 * size), 1), "", "approved",
                                 1, at))
                    next_id += 1
            if len(rows) >= 100_000:
                insert_rows(Result, fields, rows, chunk=50_000, adapted=True)
                written += len(rows)
                rows = []
        insert_rows(Result, fields, rows, chunk=50_000, adapted=True)
        written += len(rows)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Result._meta.db_table)}")
    return written


def _dashboard_plan(root, indicators, values):
    """The root's plan of 30 targets for the year (re-created on each run)."""
    from django.db import transaction

    from dangvu.plans.models import Indicator, Plan, Target

    with transaction.atomic():
        Plan.objects.filter(code="BENCH-ROLLUP").delete()
        plan = Plan.objects.create(code="BENCH-ROLLUP", kind=Plan.Kind.ANNUAL_PLAN, organization=root,
                                   number="01-KH/BENCH", title=f"Kế hoạch thử nghiệm năm {YEAR}",
                                   issued_on=datetime.date(YEAR, 1, 10), period=str(YEAR))
        chosen = list(Indicator.objects.filter(code__in=PLAN_INDICATORS))
        chosen += [i for i in indicators if i.code not in PLAN_INDICATORS][: PLAN_SIZE - len(chosen)]
        Target.objects.bulk_create([
            Target(plan=plan, indicator=ind, organization=root, period=str(YEAR), sort_order=k,
                   value=(values.get((ind.pk, root.pk)) or Decimal(100)) * Decimal("0.95"))
            for k, ind in enumerate(chosen)
        ])
    return plan, len(chosen)


def _page(root, plan):
    """A function that GETs the root's dashboard page as its read-only user (logged in
    once) and returns the HTTP status."""
    from django.test import Client
    from django.urls import reverse

    from dangvu.orgs.models import User

    user = User.objects.filter(username="bench-viewer").first()
    if user is None:
        user = User.objects.create(username="bench-viewer", organization=root, role=User.Role.VIEWER)
    client = Client(HTTP_HOST="localhost")  # a host ALLOWED_HOSTS holds by default
    client.force_login(user)
    url = reverse("dashboard:dashboard", args=[plan.code, root.pk]) + f"?period={YEAR}"
    return lambda: client.get(url).status_code


def _duckdb_load(scope_prefix: str):
    """Results of the year and all placements, from the database into DuckDB."""
    import duckdb
    import numpy as np
    from django.db import connection

    from dangvu.orgs.models import Placement
    from dangvu.plans.models import Indicator, Result

    con = duckdb.connect()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT indicator_id, organization_id, period, value FROM {Result._meta.db_table} "
            "WHERE period IN (%s, %s, %s, %s, %s) AND value IS NOT NULL",
            [str(YEAR), *[f"{YEAR}Q{q}" for q in range(1, 5)]],
        )
        rows = cursor.fetchall()
        results = {  # noqa: F841 (read by DuckDB by name)
            "ind": np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
            "org": np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows)),
            "period": np.array([r[2] for r in rows], dtype=object),
            "v": np.fromiter((float(r[3]) for r in rows), dtype=np.float64, count=len(rows)),
        }
        del rows
        con.execute("CREATE TABLE r AS SELECT ind, org, CAST(period AS VARCHAR) AS period, "
                    "CAST(v AS DECIMAL(38, 4)) AS v FROM results")
        cursor.execute(f"SELECT organization_id, path, valid_from, valid_to FROM {Placement._meta.db_table}")
        rows = cursor.fetchall()
        placements = {  # noqa: F841
            "org": np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
            "path": np.array([r[1] for r in rows], dtype=object),
            "valid_from": np.array([str(r[2]) for r in rows], dtype=object),
            "valid_to": np.array([None if r[3] is None else str(r[3]) for r in rows], dtype=object),
        }
        del rows
        con.execute("CREATE TABLE p AS SELECT org, CAST(path AS VARCHAR) AS path, CAST(valid_from AS DATE) AS valid_from, "
                    "CAST(valid_to AS DATE) AS valid_to FROM placements")
    inds = list(Indicator.objects.filter(source="entered").values_list("id", "aggregation"))
    con.execute("CREATE TABLE i (ind BIGINT, agg VARCHAR)")
    con.executemany("INSERT INTO i VALUES (?, ?)", inds)
    return con


# The same computation as plans.rollup for entered indicators: each unit's value for the
# year (its yearly row, else its quarters aggregated over time), the unit placed where it
# stood in the year (its latest placement overlapping the year), then aggregated over
# every ancestor on its path (the unit itself included).
DUCKDB_SQL = """
WITH yearly AS (
    SELECT ind, org, v FROM r WHERE period = $year
), quarterly AS (
    SELECT r.ind, r.org, r.v FROM r
    WHERE r.period IN ($q1, $q2, $q3, $q4)
      AND NOT EXISTS (SELECT 1 FROM yearly y WHERE y.ind = r.ind AND y.org = r.org)
), u AS (
    SELECT ind, org, v FROM yearly
    UNION ALL
    SELECT q.ind, q.org, CASE i.agg WHEN 'sum' THEN SUM(q.v) WHEN 'min' THEN MIN(q.v) WHEN 'max' THEN MAX(q.v)
                              ELSE AVG(q.v) END
    FROM quarterly q JOIN i USING (ind) GROUP BY q.ind, q.org, i.agg
), placed AS (
    SELECT org, path FROM p
    WHERE valid_from <= $end AND (valid_to IS NULL OR valid_to > $start)
    QUALIFY row_number() OVER (PARTITION BY org ORDER BY valid_from DESC) = 1
), levels AS (
    SELECT u.ind, CAST(unnest(string_split(rtrim(placed.path, '.'), '.')) AS BIGINT) AS anc, u.v
    FROM u JOIN placed USING (org) WHERE placed.path LIKE $prefix
)
SELECT l.ind, l.anc, CASE i.agg WHEN 'sum' THEN SUM(l.v) WHEN 'average_sum' THEN SUM(l.v) WHEN 'min' THEN MIN(l.v)
                             WHEN 'max' THEN MAX(l.v) ELSE AVG(l.v) END
FROM levels l JOIN i USING (ind) GROUP BY l.ind, l.anc, i.agg
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="province", choices=["province", "country"])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--db", help="SQLite file (default bench/out/rollup_<scale>.sqlite3)")
    parser.add_argument("--keep", action="store_true", help="reuse the data already in the database")
    parser.add_argument("--reset", action="store_true", help="with DATABASE_URL: delete existing data first")
    parser.add_argument("--runs", type=int, help="timed runs (default 7; 3 at the country scale)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--history", type=int, default=0, metavar="N",
                        help="also results for the N years before (as a database keeps them), to see their cost")
    args = parser.parse_args()
    runs = args.runs or (3 if args.scale == "country" else 7)
    where = setup(args, "rollup")
    try:
        import duckdb  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        raise SystemExit('DuckDB and NumPy are needed: .venv/bin/pip install -e ".[bench]"') from None


    from dangvu.core.actors import SYSTEM
    from dangvu.core.periods import parse
    from dangvu.demo.generator import generate, generate_tree
    from dangvu.orgs.models import GRASSROOTS_KINDS, Organization
    from dangvu.plans import rollup, selectors
    from dangvu.plans.models import Result

    if needs_load(args, where):
        started = time.perf_counter()
        if args.scale == "country":
            counts = generate_tree(scale="country", seed=args.seed)
            what = "tree only, no members"
        else:
            counts = generate(scale=args.scale, seed=args.seed)
            what = f"{counts['members']:,} members"
        print(f"load ({args.scale}): {time.perf_counter() - started:.1f} s — {counts['organizations']:,} organizations, "
              f"{counts['grassroots_committees'] + counts['grassroots_cells']:,} grassroots, {what}")
    else:
        print("load: skipped (--keep)")

    root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    scope_path = root.path if args.scale == "province" else ""
    indicators = _indicators()
    units = _units(scope_path)
    quarters = [f"{YEAR}Q{q}" for q in range(1, 5)]
    expected = len(units) * len(indicators) * 4
    have = Result.objects.filter(period__in=quarters).count()
    if have != expected:
        Result.objects.filter(period__in=quarters + [str(YEAR)]).delete()
        started = time.perf_counter()
        written = _insert_results(indicators, units, args.seed, [YEAR])
        print(f"results: {written:,} rows ({len(units):,} reporting units × {len(indicators)} indicators × 4 quarters) "
              f"inserted in {time.perf_counter() - started:.1f} s")
    else:
        print(f"results: {have:,} rows already there (--keep)")
    past = [y for y in range(YEAR - args.history, YEAR)
            if not Result.objects.filter(period=f"{y}Q1", indicator__in=indicators).exists()]
    if past:
        started = time.perf_counter()
        written = _insert_results(indicators, units, args.seed + 1, past)
        print(f"history: {written:,} rows for {past[0]}-{past[-1]} inserted in {time.perf_counter() - started:.1f} s")
    history = Result.objects.exclude(period__startswith=str(YEAR)).count()
    orgs_in_scope = Organization.objects.filter(path__startswith=scope_path).count()
    grassroots = Organization.objects.filter(path__startswith=scope_path, kind__in=GRASSROOTS_KINDS).count()

    # a) dangvu's engine.
    year = parse(str(YEAR))
    scope = rollup.Scope(scope_path)
    db_ms, values = median_ms(lambda: rollup.compute(indicators, year, scope), runs, args.warmup)

    # b) DuckDB over the same rows.
    started = time.perf_counter()
    con = _duckdb_load(scope_path)
    load_s = time.perf_counter() - started
    params = {"year": str(YEAR), "q1": quarters[0], "q2": quarters[1], "q3": quarters[2], "q4": quarters[3],
              "start": datetime.date(YEAR, 1, 1), "end": datetime.date(YEAR, 12, 31), "prefix": scope_path + "%"}
    duck_ms, duck_rows = median_ms(lambda: con.execute(DUCKDB_SQL, params).fetchall(), runs, args.warmup)
    reference = {(ind, anc): value for ind, anc, value in duck_rows}
    missing = set(reference) ^ set(values)
    worst, differing = 0.0, 0
    for key in set(reference) & set(values):
        a, b = float(values[key]), float(reference[key])
        diff = abs(a - b) / max(1.0, abs(b))
        worst = max(worst, diff)
        differing += diff > 1e-9
    same = "same" if not missing and not differing else f"DIFFERENT ({len(missing):,} keys, {differing:,} values)"

    # c) The top organization's dashboard.
    plan, n_targets = _dashboard_plan(root, indicators, values)
    fig_year_ms, figs = median_ms(lambda: selectors.figures(actor=SYSTEM, organization=root, period=year), runs,
                              args.warmup)
    fig_q_ms, _figs = median_ms(lambda: selectors.figures(actor=SYSTEM, organization=root, period=parse(f"{YEAR}Q4")),
                            runs, args.warmup)
    rows_shown = sum(len(pf.rows) for pf in figs)
    page_ms, status = median_ms(_page(root, plan), runs, args.warmup)

    print(f"\nscope: {root.code if scope_path else 'all 34 provinces'} — {orgs_in_scope:,} organizations, "
          f"{grassroots:,} grassroots, {len(indicators)} indicators, {Result.objects.filter(period__in=quarters).count():,} "
          f"results of {YEAR} (and {history:,} of other periods); DuckDB load {load_s:.1f} s (not timed below)")
    print(f"median of {runs} runs after {args.warmup} warm-up runs; ratio = dangvu / reference\n")
    table = [
        (f"full rollup {YEAR}: {len(indicators)} indicators × every organization", db_ms, duck_ms,
         f"{len(values):,} values, {same} (largest relative difference {worst:.1e})"),
        (f"dashboard figures of {root.code}, {YEAR} ({n_targets} targets)", fig_year_ms, None,
         f"{rows_shown} rows; goal < 300 ms: {'met' if fig_year_ms < 300 else 'NOT met'}"),
        (f"dashboard figures of {root.code}, {YEAR}Q4 (year to date)", fig_q_ms, None,
         f"goal < 300 ms: {'met' if fig_q_ms < 300 else 'NOT met'}"),
        (f"dashboard page of {root.code}, {YEAR} (HTTP {status})", page_ms, None,
         f"goal < 300 ms: {'met' if page_ms < 300 and status == 200 else 'NOT met'}"),
    ]
    width = max(len(r[0]) for r in table)
    print(f"{'case':<{width}}  {'dangvu ms':>10}  {'DuckDB ms':>10}  {'ratio':>7}  result")
    print("-" * (width + 60))
    for case, mine, ref, result in table:
        ratio = f"{mine / ref:7.2f}" if ref else "      —"
        ref_text = f"{ref:10.1f}" if ref is not None else f"{'—':>10}"
        print(f"{case:<{width}}  {mine:>10.1f}  {ref_text}  {ratio}  {result}")
    if missing or differing:
        sys.exit(1)


if __name__ == "__main__":
    main()
