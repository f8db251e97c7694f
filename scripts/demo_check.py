"""Checks of the demo generator (dangvu.demo.generator), each in fresh SQLite files:

1. determinism: two loads with the same seed give identical rows (ids included);
2. derived member fields agree with members.services._refresh_derived (run and rolled back)
   and with core.text for names;
3. invariants: rolls and affiliations, status transitions, placements and paths (against
   orgs.services.rebuild_paths), kinds under their parents, committee seats, one audit row;
4. the merger: the tree built without it, then merged through
   orgs.services.organization_merge, equals the generated tree row for row.

Usage: .venv/bin/python scripts/demo_check.py [--scale bloc|province] [--seed 2024] [--sample N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORG_TABLES = ["orgs_organization", "orgs_placement", "orgs_organizationevent"]


def _setup(db: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangvu.settings"
    os.environ["DANGVU_DEBUG"] = "1"
    os.environ.pop("DATABASE_URL", None)
    os.environ["DANGVU_SQLITE_PATH"] = db
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _table_hashes(tables: list[str] | None = None) -> dict[str, str]:
    from django.apps import apps
    from django.db import connection

    out = {}
    models = [m for m in apps.get_models() if m._meta.app_label in ("orgs", "members", "core")]
    for model in models:
        table = model._meta.db_table
        if tables is not None and table not in tables:
            continue
        if table == "orgs_user":
            continue
        q = connection.ops.quote_name
        cols = [q(f.column) for f in model._meta.concrete_fields if f.column != "at"]
        digest = hashlib.sha256()
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT {", ".join(cols)} FROM {q(table)} ORDER BY id')
            for row in cursor.fetchall():
                digest.update(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]).encode())
        out[table] = digest.hexdigest()[:16]
    return out


def child_load(db: str, scale: str, seed: int) -> None:
    _setup(db)
    from dangvu.demo.generator import generate

    counts = generate(scale=scale, seed=seed)
    print(json.dumps({"counts": counts, "hashes": _table_hashes()}))


def child_replay_merger(db: str, scale: str, seed: int) -> None:
    _setup(db)
    from django.db import transaction

    from dangvu.core.actors import SYSTEM
    from dangvu.demo.generator import MERGER_DATE, _Generator
    from dangvu.orgs import services
    from dangvu.orgs.models import Organization

    with transaction.atomic():
        gen = _Generator(scale=scale, seed=seed, progress=None)
        gen.apply_mergers = False
        gen.run()
    merged = 0
    for province in Organization.objects.filter(parent__isnull=True).order_by("id"):
        source = Organization.objects.get(code=f"{province.code}-KHOI-002")
        target = Organization.objects.get(code=f"{province.code}-KHOI-001")
        services.organization_merge(actor=SYSTEM, source=source, target=target, on=MERGER_DATE)
        merged += 1
    print(json.dumps({"merged": merged, "hashes": _table_hashes(ORG_TABLES)}))


def _fail(errors: list[str], message: str) -> None:
    if len(errors) < 30:
        print("  FAIL", message)
    errors.append(message)


def child_check(db: str, sample: int) -> None:
    """Checks on a loaded database (run after child_load on the same file)."""
    _setup(db)
    import random

    from dateutil.relativedelta import relativedelta
    from django.db import transaction
    from django.db.models import Count, Prefetch, Q

    from dangvu.core.models import AuditEntry
    from dangvu.core.text import name_sort_key, normalize
    from dangvu.demo.generator import REFERENCE_DATE
    from dangvu.members import services as member_services
    from dangvu.members.models import IN_PARTY, MEMBER_HOLDING_KINDS, Affiliation, CommitteeSeat, Member, StatusChange
    from dangvu.orgs import services as org_services
    from dangvu.orgs.models import ALLOWED_PARENTS, Organization, Placement

    errors: list[str] = []
    orgs = {o.id: o for o in Organization.objects.all()}
    first_parent = {}
    for p in Placement.objects.order_by("-valid_from", "-id"):
        first_parent[p.organization_id] = p.parent_id

    # Tree: kinds, dates, paths, placements.
    for o in orgs.values():
        parent = orgs.get(o.parent_id)
        if (parent.kind if parent else None) not in ALLOWED_PARENTS[o.kind]:
            _fail(errors, f"org {o.code}: kind {o.kind} under {parent.kind if parent else None}")
        founder = orgs.get(first_parent[o.id])
        if founder and o.established_on < founder.established_on:
            _fail(errors, f"org {o.code} established before the parent it was created under")
        if o.name_normalized != normalize(f"{o.name} {o.short_name} {o.code}"):
            _fail(errors, f"org {o.code}: name_normalized")
    open_placements = {}
    for p in Placement.objects.all():
        if p.valid_to is None:
            if p.organization_id in open_placements:
                _fail(errors, f"two open placements for org {p.organization_id}")
            open_placements[p.organization_id] = p
        elif p.valid_to <= p.valid_from:
            _fail(errors, f"placement {p.id} closes before it opens")
    for o in orgs.values():
        p = open_placements.get(o.id)
        if o.dissolved_on is None:
            if p is None or (p.path, p.depth, p.parent_id) != (o.path, o.depth, o.parent_id):
                _fail(errors, f"org {o.code}: open placement does not match the org")
        elif p is not None:
            _fail(errors, f"dissolved org {o.code} has an open placement")
    with transaction.atomic():
        before = {o.id: (o.path, o.depth) for o in orgs.values()}
        org_services.rebuild_paths()
        after = dict((i, (p, d)) for i, p, d in Organization.objects.values_list("id", "path", "depth"))
        if before != after:
            _fail(errors, "rebuild_paths changes paths")
        transaction.set_rollback(True)

    # Members: rolls, affiliations, statuses.
    transitions = member_services.ALLOWED_TRANSITIONS
    members = Member.objects.prefetch_related(
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("on", "id")),
        Prefetch("affiliations", queryset=Affiliation.objects.order_by("start", "id")),
        "interruptions",
    )
    n_members = 0
    for m in members.iterator(chunk_size=2000):
        n_members += 1
        org = orgs[m.organization_id]
        if org.kind not in MEMBER_HOLDING_KINDS:
            _fail(errors, f"member {m.id} on the rolls of a {org.kind}")
        affs = list(m.affiliations.all())
        open_affs = [a for a in affs if a.end is None]
        if len(open_affs) != (1 if m.on_roll else 0):
            _fail(errors, f"member {m.id}: {len(open_affs)} open affiliations, on_roll={m.on_roll}")
        if affs[0].start < m.admission_decision_date:
            _fail(errors, f"member {m.id}: on a cell's rolls before admission")
        for a, b in zip(affs, affs[1:], strict=False):
            if a.end is None or a.end > b.start:
                _fail(errors, f"member {m.id}: overlapping affiliations")
        for a in affs:
            if orgs[a.organization_id].kind not in MEMBER_HOLDING_KINDS or a.start < orgs[a.organization_id].established_on:
                _fail(errors, f"member {m.id}: affiliation {a.id} outside a cell's life")
        changes = list(m.status_changes.all())
        if changes[0].status != Member.Status.PROBATIONARY or changes[0].on != m.admission_decision_date:
            _fail(errors, f"member {m.id}: first status is not the admission")
        for a, b in zip(changes, changes[1:], strict=False):
            if b.status not in transitions[a.status] or b.on < a.on:
                _fail(errors, f"member {m.id}: {a.status} -> {b.status} on {b.on}")
            if b.status == Member.Status.FULL and b.on < m.ceremony_date + relativedelta(months=12):
                _fail(errors, f"member {m.id}: full before 12 months of probation")
            if b.status == Member.Status.PROBATIONARY and b.on < a.on + relativedelta(months=36):
                _fail(errors, f"member {m.id}: re-admitted within 36 months")
        if changes[-1].on > REFERENCE_DATE or (m.ceremony_date and m.ceremony_date > REFERENCE_DATE):
            _fail(errors, f"member {m.id}: a date after the reference date")
        if not 18 <= (m.admission_decision_date - m.birth_date).days / 365.25 <= 61:
            _fail(errors, f"member {m.id}: admitted at an age outside 18-60")
        if m.name_normalized != normalize(m.full_name) or bytes(m.name_sort_key) != name_sort_key(m.full_name):
            _fail(errors, f"member {m.id}: name keys")

    # Derived fields: what the services would compute, on a sample (rolled back).
    rng = random.Random(7)
    ids = list(Member.objects.values_list("id", flat=True))
    picked = ids if sample <= 0 or sample >= len(ids) else rng.sample(ids, sample)
    fields = ["status", "status_since", "organization_id", "on_roll", "party_age_start", "party_age_end"]
    with transaction.atomic():
        for pk in picked:
            m = Member.objects.get(pk=pk)
            stored = [getattr(m, f) for f in fields]
            m.full_clean(validate_unique=False, validate_constraints=False)
            member_services._refresh_derived(m)
            fresh = [getattr(m, f) for f in fields]
            if stored != fresh:
                _fail(errors, f"member {pk}: derived {stored} != services {fresh}")
        transaction.set_rollback(True)

    # Committees and seats.
    for seat in CommitteeSeat.objects.select_related("committee__organization", "member__organization"):
        c = seat.committee
        if not seat.member.organization.path.startswith(c.organization.path) and c.organization.dissolved_on is None:
            _fail(errors, f"seat {seat.id}: holder outside {c.organization.code}")
        if seat.start < c.term_start or seat.start >= c.term_end or (seat.end and seat.end > c.term_end):
            _fail(errors, f"seat {seat.id}: outside the term")
        if seat.end is None and seat.member.status not in IN_PARTY:
            _fail(errors, f"seat {seat.id}: current holder not in the Party")
    secretaries = CommitteeSeat.objects.filter(role=CommitteeSeat.Role.SECRETARY).values("committee").annotate(n=Count("id"))
    if any(r["n"] > 1 for r in secretaries):
        _fail(errors, "a committee with two secretaries")

    audits = list(AuditEntry.objects.filter(action="demo.load"))
    if len(audits) != 1 or AuditEntry.objects.exclude(action="demo.load").exists():
        _fail(errors, f"{len(audits)} demo.load audit rows")

    # A few figures to eyeball.
    on_roll = Member.objects.filter(on_roll=True)
    women = on_roll.filter(gender="female").count() / max(1, on_roll.count())
    merged = Organization.objects.filter(merged_into__isnull=False).count()
    print(json.dumps({
        "members": n_members, "derived_checked": len(picked), "errors": len(errors),
        "women_on_roll": round(women, 3), "mergers": merged,
        "probationary": on_roll.filter(status=Member.Status.PROBATIONARY).count(),
        "admitted_2025": Member.objects.filter(admission_decision_date__year=2025).count(),
        "with_internal_transfer": Member.objects.filter(transfers__kind="internal").distinct().count(),
        "seats": CommitteeSeat.objects.count(),
        "open_seats": CommitteeSeat.objects.filter(Q(end__isnull=True)).count(),
    }))


def _run(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        print(out.stdout, out.stderr, sep="\n")
        raise SystemExit(f"{args[0]} failed")
    for line in out.stdout.splitlines():
        if line.startswith("  FAIL"):
            print(line)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="bloc", choices=["bloc", "province"])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--sample", type=int, default=0, help="members whose derived fields are recomputed (0: all)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, db = args.child
        {"load": lambda: child_load(db, args.scale, args.seed),
         "replay": lambda: child_replay_merger(db, args.scale, args.seed),
         "check": lambda: child_check(db, args.sample)}[mode]()
        return
    ok = True
    with tempfile.TemporaryDirectory(prefix="demo-check-") as tmp:
        a, b, c = (str(Path(tmp) / f"{x}.sqlite3") for x in "abc")
        common = ["--scale", args.scale, "--seed", str(args.seed)]
        first = _run("--child", "load", a, *common)
        second = _run("--child", "load", b, *common)
        same = first["hashes"] == second["hashes"]
        ok &= same
        print(f"determinism: {'ok' if same else 'DIFFERENT'} ({len(first['hashes'])} tables)")
        if not same:
            print({k: (v, second["hashes"].get(k)) for k, v in first["hashes"].items() if v != second["hashes"].get(k)})
        replay = _run("--child", "replay", c, *common)
        merger_same = all(replay["hashes"][t] == first["hashes"][t] for t in ORG_TABLES)
        ok &= merger_same
        print(f"merger vs organization_merge: {'ok' if merger_same else 'DIFFERENT'} ({replay['merged']} merged)")
        checks = _run("--child", "check", a, "--sample", str(args.sample), *common)
        ok &= checks["errors"] == 0
        print(f"invariants and derived fields: {'ok' if checks['errors'] == 0 else 'FAILED'}")
        print("counts:", json.dumps(first["counts"], ensure_ascii=False))
        print("figures:", json.dumps(checks))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
