"""Benchmark: importing a province's member register (100.000 members) from an .xlsx.

    .venv/bin/python bench/import/members_xlsx.py [--rows 100000] [--db PATH] [--keep]

Loads the organization tree of the demo province (no members) into a fresh SQLite file
under bench/out/ (or the database of DATABASE_URL with --reset), writes an .xlsx of
--rows members spread over its cells (names, dates, numbers as an office's register holds
them; the cell given by its code), then times:

a) reference: reading the file alone (``exchange.tabular``: the zip checks, the sheet read
   by calamine in a child process, every cell of every row back in this one);
b) the import: ``exchange.registers.run`` (read in one child process, every row checked
   with member_create's rules by parts in another, duplicates looked up and the parts
   written here as they come: members, history rows, affiliations and admission files in
   bulk, one audit row, one transaction), as the import page's background task does.

Prints the rate (rows/s of wall time, the goal's; also per second of this process's CPU
time: the reading child and PostgreSQL's server work elsewhere), the ratio import / reading,
the peak memory (maximum resident set size) of this process, for the whole run (file writing
included), and of the largest child (reading or checking), and what ``dangvu verify``'s checks of members and
admission files say after the load.
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import OUT, needs_load, setup  # noqa: E402  (bench/ holds the shared helpers)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hùng", "Khang", "Long", "Nam", "Phúc", "Quang", "Sơn", "Tài", "Vinh"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Lan", "Linh", "Mai", "Ngân", "Phương", "Thảo", "Trang", "Yến"]
HEADERS = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Mã chi bộ", "Ngày vào Đảng", "Ngày chính thức",
           "Số lý lịch", "Số thẻ đảng", "Số CCCD", "Dân tộc", "Tôn giáo", "Quê quán", "Nghề nghiệp"]


def write_register(path: Path, rows: int, cells: list[tuple[str, datetime.date]], seed: int) -> None:
    """An office's register: one member a row, dates as date cells (some typed as text)."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    today = datetime.date(2026, 1, 1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách đảng viên")
    ws.append(["DANH SÁCH ĐẢNG VIÊN"])
    ws.append(HEADERS)
    for i in range(1, rows + 1):
        code, established = cells[rng.randrange(len(cells))]
        female = rng.random() < 0.45
        name = " ".join((rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)))
        first = max(established, datetime.date(1975, 1, 1))
        decided = first + datetime.timedelta(days=rng.randint(0, (today - first).days - 400))
        birth = decided - datetime.timedelta(days=rng.randint(19 * 366, 40 * 365))
        full = decided + datetime.timedelta(days=366) if rng.random() < 0.9 else None
        if full is not None:  # no ceremony date: at least 12 months after the decision
            full = min(full + datetime.timedelta(days=rng.randint(0, 60)), today)
        decided_cell = decided if i % 10 else decided.strftime("%d/%m/%Y")  # some typed as text
        ws.append([i, name, "Nữ" if female else "Nam", birth, code, decided_cell, full,
                   f"{i:06d}KG", f"{10000000 + i}", f"{91000000000 + i:012d}", "Kinh", "Không",
                   "xã Vĩnh Hòa, tỉnh Kiên Giang", "Công chức"])
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--scale", default="province", choices=["bloc", "province"])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--db", help="SQLite file (default bench/out/import_<scale>.sqlite3)")
    parser.add_argument("--keep", action="store_true", help="reuse the tree already in the database")
    parser.add_argument("--reset", action="store_true", help="with DATABASE_URL: delete existing data first")
    args = parser.parse_args()
    where = setup(args, "import")

    from django.conf import settings
    from django.db.models import Q

    from dangvu.admissions.integrity import files_of_admitted_members
    from dangvu.core.actors import SYSTEM
    from dangvu.core.integrity import unaudited
    from dangvu.demo.generator import generate_tree
    from dangvu.exchange import registers, tabular
    from dangvu.members.integrity import affiliations
    from dangvu.members.models import Member
    from dangvu.orgs.models import Organization

    settings.DANGVU_IMPORT_MAX_ROWS = max(settings.DANGVU_IMPORT_MAX_ROWS, args.rows)
    settings.DANGVU_IMPORT_MAX_BYTES = max(settings.DANGVU_IMPORT_MAX_BYTES, 64 * 1024 * 1024)
    if needs_load(args, where):
        started = time.perf_counter()
        counts = generate_tree(scale=args.scale, seed=args.seed)
        print(f"tree ({args.scale}): {time.perf_counter() - started:.1f} s — {counts['organizations']:,} organizations")
    cells = list(Organization.objects.filter(
        Q(kind=Organization.Kind.CELL) | Q(kind=Organization.Kind.GRASSROOTS_CELL), dissolved_on__isnull=True,
    ).values_list("code", "established_on"))
    root = Organization.objects.filter(parent__isnull=True).order_by("id").first()

    path = OUT / f"import_members_{args.rows}.xlsx"
    started = time.perf_counter()
    write_register(path, args.rows, cells, args.seed)
    print(f"file: {path.name}, {args.rows:,} rows over {len(cells):,} cells, "
          f"{path.stat().st_size / 1024 / 1024:.1f} MB, written in {time.perf_counter() - started:.1f} s")

    started, cpu = time.perf_counter(), time.process_time()
    table = tabular.open_table(path, known_headers=registers.known_headers("members"))
    n = sum(1 for _row in table.rows)
    table.close()
    read_s, read_cpu = time.perf_counter() - started, time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    summary = registers.run(actor=SYSTEM, kind="members", scope=root, source=path, dry_run=False, note=path.name)
    import_s, import_cpu = time.perf_counter() - started, time.process_time() - cpu
    if not summary.ok:
        for problem in summary.refused[:10]:
            print("refused:", problem)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"\n{'case':<44} {'seconds':>8} {'rows/s':>9} {'CPU s':>7} {'rows/CPU s':>10}")
    print("-" * 82)
    print(f"{'reference: read the file (tabular)':<44} {read_s:>8.2f} {n / read_s:>9,.0f} {read_cpu:>7.2f} "
          f"{n / read_cpu:>10,.0f}")
    print(f"{'import: read, check, write (registers.run)':<44} {import_s:>8.2f} {summary.rows / import_s:>9,.0f} "
          f"{import_cpu:>7.2f} {summary.rows / import_cpu:>10,.0f}")
    print(f"\nrows {summary.rows:,}: created {summary.created:,}, duplicates {len(summary.duplicates):,}, "
          f"refused {summary.refused_count:,}, written {summary.written}")
    print(f"ratio import / reading: {import_s / read_s:.2f}")
    print(f"rate: {summary.rows / import_s:,.0f} rows/s (goal >= 10,000)")
    print(f"peak memory (max RSS): this process {peak_mb:,.0f} MB, the largest child {child_mb:,.0f} MB")
    print(f"members in the database: {Member.objects.count():,}")
    problems = affiliations() + files_of_admitted_members() + unaudited()
    print("verify (affiliations, admission files, audit trail):",
          "sound" if not problems else problems[:3])


if __name__ == "__main__":
    main()
