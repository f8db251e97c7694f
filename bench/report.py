"""Benchmark: the year-end review report of the demo bloc or of a whole province.

    .venv/bin/python bench/report.py [--scale bloc|province] [--period 2025] [--db PATH] [--keep]

1. Loads the demo of the scale (`dangvu demo --scale ...`: every register) into a fresh
   SQLite file under bench/out/ (or PATH, or the database of DATABASE_URL), timing the load;
   `--keep` reuses a database already loaded.
2. Times (median of --runs runs after --warmup runs), for the bloc (bloc scale) or the
   province (province scale), year-end report of --period:
   a) the reference: one count over the same subtree (members on the rolls at the period's
      end, `plans.selectors.measure_values`), the unit of every figure the report states;
   b) the report's document (`reports.builder.build`: every register counted, this period
      and last year's, the targets, the units behind, the charts' data);
   c) the Word file (`reports.docx.write`, charts drawn), the Excel file and the HTML;
   d) the PDF (LibreOffice converting the Word file), where LibreOffice is installed.
   Goal: the document and its Word file under 3 s for the bloc, 15 s for the province;
   the PDF is printed beside them.

An organization without targets for the period (the province: the demo's plans are the
bloc's) is given an action program with a target for each catalog figure it has (see
`_targets`), so that its report holds what a real one does.

Ratio = time / reference: how many single counts over the subtree the step costs.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from decimal import Decimal

from _common import median_ms, needs_load, setup  # noqa: E402  (bench/ is the script folder)

GOALS_S = {"bloc": 3.0, "province": 15.0}


def _targets(org, period) -> None:
    """An organization without targets for the period (the province: the demo's plans are the
    bloc's) gets an action program with a target for every indicator of the catalog that has
    a value, alternately 5% under and over it, so that the report holds the targets' table,
    chart and the units behind as a real one does."""
    from dangvu.core.actors import SYSTEM
    from dangvu.plans import selectors as plans
    from dangvu.plans import services as plan_services

    if any(pf.rows for pf in plans.figures(actor=SYSTEM, organization=org, period=period)):
        return
    indicators = plans.indicator_list()
    values = plans.figure_values(actor=SYSTEM, indicators=indicators, period=period, root=org)
    plan = plan_services.plan_create(actor=SYSTEM, code=f"BENCH-{org.code}-{period.code}", kind="action_program",
                                     organization=org, title=f"Chương trình hành động năm {period.code}",
                                     issued_on=period.start, period=period.code, number="99-CTr/TU")
    n = 0
    for ind in indicators:
        value = values.get((ind.pk, org.pk))
        if not value:
            continue
        factor = Decimal("0.95") if n % 2 else Decimal("1.05")
        plan_services.target_set(actor=SYSTEM, plan=plan, indicator=ind, organization=org, period=period.code,
                                 value=(value * factor).quantize(Decimal(1)))
        n += 1
    print(f"targets set for the benchmark: {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["bloc", "province"], default="bloc")
    parser.add_argument("--period", default="2025")
    parser.add_argument("--db", help="SQLite file (default bench/out/report_<scale>.sqlite3)")
    parser.add_argument("--keep", action="store_true", help="reuse the data already in the database")
    parser.add_argument("--reset", action="store_true", help="wipe the data in the database first")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--pdf-runs", type=int, default=1)
    args = parser.parse_args()
    where = setup(args, "report")

    from django.core.management import call_command
    from django.utils import translation

    from dangvu.core.actors import SYSTEM
    from dangvu.core.periods import parse
    from dangvu.orgs.models import Organization
    from dangvu.plans import selectors as plans
    from dangvu.reports import builder, formats, services

    if needs_load(args, where):
        started = time.perf_counter()
        call_command("demo", "--scale", args.scale, verbosity=0, stdout=sys.stderr)
        print(f"demo loaded ({args.scale}) in {time.perf_counter() - started:.0f} s")
    translation.activate("vi")
    kind = Organization.Kind.BLOC if args.scale == "bloc" else Organization.Kind.PROVINCE
    org = Organization.objects.filter(kind=kind).order_by("path").first()
    period = parse(args.period)
    members = plans.measure_values(actor=SYSTEM, keys=["members.on_roll"], period=period, root=org)[
        ("members.on_roll", org.pk)]
    units = Organization.objects.filter(path__startswith=org.path).count()
    print(f"report of {org.name}: year-end {period.code}; {units} organizations, {members} members on the rolls")

    _targets(org, period)
    request = builder.Request(org, "year-end", period, number="12")
    settings = services.document_settings(org)
    reference, _ = median_ms(lambda: plans.measure_values(actor=SYSTEM, keys=["members.on_roll"], period=period,
                                                          root=org), args.runs, args.warmup)
    build_ms, document = median_ms(lambda: builder.build(actor=SYSTEM, request=request, settings=settings),
                                   args.runs, args.warmup)
    timings = {"document": build_ms}
    files = {}
    for fmt in ("docx", "xlsx", "html"):
        timings[fmt], files[fmt] = median_ms(lambda fmt=fmt: formats.render(document, fmt), args.runs, args.warmup)
    if formats.pdf_available():
        timings["pdf"], files["pdf"] = median_ms(lambda: formats.render(document, "pdf", docx_bytes=files["docx"]),
                                                 args.pdf_runs, 0)
    print(f"{'step':<34}{'ms':>10}{'× reference':>14}{'size':>12}")
    print(f"{'reference: members on the rolls':<34}{reference:>10.0f}{1:>14.1f}")
    for name, ms in timings.items():
        size = f"{len(files[name]) // 1024} KB" if name in files else ""
        print(f"{name:<34}{ms:>10.0f}{ms / reference:>14.1f}{size:>12}")
    word = (timings["document"] + timings["docx"]) / 1000
    goal = GOALS_S[args.scale]
    print(f"document + Word: {word:.2f} s (goal < {goal:.0f} s: {'met' if word < goal else 'NOT met'})")
    if "pdf" in timings:
        print(f"document + Word + PDF: {word + timings['pdf'] / 1000:.2f} s")
    else:
        print("PDF: LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    print(f"paragraphs {len(document.paragraphs())}, tables {len(document.tables())}, charts {len(document.charts())}")


if __name__ == "__main__":
    main()
