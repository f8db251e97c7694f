"""Benchmark: member search and subtree member counts, each against a simple reference.

    .venv/bin/python bench/members_search.py [--scale bloc|province] [--db PATH] [--keep]

Loads the demo data of the scale into a fresh SQLite file under bench/out/ (or PATH, or
the database of DATABASE_URL when it is set), timing the load, then times (median of
--runs runs after --warmup runs):

a) dangvu.members.selectors.member_list with a diacritic-free query, first page of 50 in
   Vietnamese name order plus the count, as a superuser and as the bloc's top account;
   reference: the same search in plain Python over the normalized names held in memory
   (already in name order, so the page is the first 50 hits);
b) dangvu.members.selectors.subtree_member_count for the root, the bloc and a grassroots
   committee; reference: the same count with a recursive CTE over parent_id;
c) the member list page of a grassroots committee as its staff (member_list filtered to the
   committee: first page of 50 in name order plus the count); reference: the same page and
   count over the subtree found by a recursive CTE;
d) dangvu.orgs.scope.visible_organizations of a staff user of the bloc and of a grassroots
   committee, active organizations in tree order (the organization choices of the pages);
   reference: the same ids by a recursive CTE, sorted by path.

Ratio = dangvu / reference: below 1 dangvu is faster.
"""

from __future__ import annotations

import argparse
import time

from _common import median_ms, needs_load, setup  # noqa: E402  (bench/ is the script folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="province", choices=["bloc", "province", "country"])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--db", help="SQLite file (default bench/out/members_search_<scale>.sqlite3)")
    parser.add_argument("--keep", action="store_true", help="reuse the data already in the database")
    parser.add_argument("--reset", action="store_true", help="with DATABASE_URL: delete existing data first")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    where = setup(args, "members_search")

    from django.db import connection

    from dangvu.demo.generator import generate
    from dangvu.members.models import Member
    from dangvu.members.selectors import member_list, subtree_member_count
    from dangvu.orgs.models import Organization, User
    from dangvu.orgs.scope import visible_organizations

    if needs_load(args, where):
        started = time.perf_counter()
        counts = generate(scale=args.scale, seed=args.seed)
        load_s = time.perf_counter() - started
        print(f"load ({args.scale}): {load_s:.1f} s — {counts['organizations']:,} organizations, "
              f"{counts['grassroots_committees'] + counts['grassroots_cells']:,} grassroots, "
              f"{counts['members']:,} members ({counts['on_roll']:,} on the rolls), "
              f"{counts['status_changes'] + counts['affiliations'] + counts['transfers']:,} history rows")
    else:
        print("load: skipped (--keep)")

    root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    bloc = Organization.objects.filter(kind=Organization.Kind.BLOC, code__endswith="-KHOI").order_by("id").first()
    committee = (
        Organization.objects.filter(path__startswith=bloc.path, kind=Organization.Kind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True)
        .order_by("-depth", "id").first()
    )
    superuser = User(username="bench", is_superuser=True)
    bloc_admin = User(username="bench-bloc", role=User.Role.ADMIN, organization=bloc)
    bloc_staff = User(username="bench-bloc-staff", role=User.Role.STAFF, organization=bloc)
    committee_staff = User(username="bench-committee", role=User.Role.STAFF, organization=committee)
    org_table, member_table = Organization._meta.db_table, Member._meta.db_table

    def subtree_cte(org) -> str:
        return (f"WITH RECURSIVE sub(id) AS (SELECT id FROM {org_table} WHERE id = {int(org.pk)}"
                f" UNION ALL SELECT o.id FROM {org_table} o JOIN sub ON o.parent_id = sub.id)")

    # A rarer query: a full name borne by exactly one member on the rolls.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name_normalized FROM {Member._meta.db_table} WHERE on_roll = %s "
            "GROUP BY name_normalized HAVING COUNT(*) = 1 ORDER BY name_normalized",
            [True],
        )
        singles = [r[0] for r in cursor.fetchall()]
    rare = singles[len(singles) // 2]
    queries = ["nguyen van", rare]

    # The in-memory reference: normalized names of the members on the rolls in scope,
    # in the order of the list (Vietnamese name order, then id).
    def names_in(prefix: str):
        rows = (
            Member.objects.filter(on_roll=True, organization__path__startswith=prefix)
            .order_by("name_sort_key", "id").values_list("id", "name_normalized")
        )
        ids, names = [], []
        for pk, name in rows.iterator(chunk_size=20000):
            ids.append(pk)
            names.append(name)
        return ids, names

    memory = {"": names_in(""), bloc.path: names_in(bloc.path)}
    rows = []

    for actor, label, prefix in ((superuser, "superuser", ""), (bloc_admin, "bloc admin", bloc.path)):
        ids, names = memory[prefix]
        for q in queries:
            def db_page(q=q, actor=actor):
                return [m.pk for m in member_list(actor=actor, query=q)[:50]]

            def db_count(q=q, actor=actor):
                return member_list(actor=actor, query=q).count()

            def py_search(q=q, ids=ids, names=names):
                hits = [i for i, name in enumerate(names) if q in name]
                return [ids[i] for i in hits[:50]], len(hits)

            page_ms, page = median_ms(db_page, args.runs, args.warmup)
            count_ms, n = median_ms(db_count, args.runs, args.warmup)
            py_ms, expected = median_ms(py_search, args.runs, args.warmup)
            same = "same" if (page, n) == expected else "DIFFERENT"
            rows.append((f"search '{q}' as {label}: page of 50 + count", page_ms + count_ms, py_ms,
                         f"{n:,} hits, {same} (page {page_ms:.1f} + count {count_ms:.1f})"))

    for org in (root, bloc, committee):
        def db_count(org=org):
            return subtree_member_count(actor=superuser, organization=org)

        def cte_count(org=org):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH RECURSIVE sub(id) AS ("
                    f" SELECT id FROM {Organization._meta.db_table} WHERE id = %s"
                    f" UNION ALL SELECT o.id FROM {Organization._meta.db_table} o JOIN sub ON o.parent_id = sub.id)"
                    f" SELECT COUNT(*) FROM {Member._meta.db_table} m JOIN sub ON m.organization_id = sub.id"
                    f" WHERE m.on_roll = %s",
                    [org.pk, True],
                )
                return cursor.fetchone()[0]

        db_ms, db_n = median_ms(db_count, args.runs, args.warmup)
        cte_ms, cte_n = median_ms(cte_count, args.runs, args.warmup)
        same = "same" if db_n == cte_n else f"DIFFERENT ({cte_n:,})"
        rows.append((f"subtree count: {org.code} ({org.kind})", db_ms, cte_ms, f"{db_n:,} members, {same}"))

    # c) The member list page of a grassroots committee, as its staff.
    def page_db(org=committee):
        qs = member_list(actor=committee_staff, organization=org)
        return [m.pk for m in qs[:50]], qs.count()

    def page_cte(org=committee):
        with connection.cursor() as cursor:
            where = f"FROM {member_table} m JOIN sub ON m.organization_id = sub.id WHERE m.on_roll = %s"
            cursor.execute(f"{subtree_cte(org)} SELECT m.id {where} ORDER BY m.name_sort_key, m.id LIMIT 50", [True])
            ids = [r[0] for r in cursor.fetchall()]
            cursor.execute(f"{subtree_cte(org)} SELECT COUNT(*) {where}", [True])
            return ids, cursor.fetchone()[0]

    db_ms, (page, n) = median_ms(page_db, args.runs, args.warmup)
    cte_ms, expected = median_ms(page_cte, args.runs, args.warmup)
    same = "same" if (page, n) == expected else "DIFFERENT"
    rows.append((f"member list page: {committee.code} as its staff, 50 + count", db_ms, cte_ms, f"{n:,} members, {same}"))

    # d) The organizations a staff user sees, active ones in tree order.
    for actor in (bloc_staff, committee_staff):
        def orgs_db(actor=actor):
            return list(visible_organizations(actor).filter(dissolved_on__isnull=True).order_by("path")
                        .values_list("id", flat=True))

        def orgs_cte(org=actor.organization):
            with connection.cursor() as cursor:
                cursor.execute(f"{subtree_cte(org)} SELECT o.id FROM {org_table} o JOIN sub ON o.id = sub.id "
                               "WHERE o.dissolved_on IS NULL ORDER BY o.path")
                return [r[0] for r in cursor.fetchall()]

        db_ms, ids = median_ms(orgs_db, args.runs, args.warmup)
        cte_ms, expected = median_ms(orgs_cte, args.runs, args.warmup)
        same = "same" if ids == expected else "DIFFERENT"
        rows.append((f"visible_organizations: staff of {actor.organization.code} ({actor.organization.kind})",
                     db_ms, cte_ms, f"{len(ids):,} organizations, {same}"))

    print(f"\nmedian of {args.runs} runs after {args.warmup} warm-up runs; ratio = dangvu / reference")
    print("references: (a) Python substring test over names in memory; (b, c, d) WITH RECURSIVE over parent_id\n")
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'dangvu ms':>10}  {'ref ms':>9}  {'ratio':>7}  result")
    print("-" * (width + 50))
    for case, db_ms, ref_ms, result in rows:
        ratio = db_ms / ref_ms if ref_ms else float("inf")
        print(f"{case:<{width}}  {db_ms:>10.2f}  {ref_ms:>9.2f}  {ratio:>7.2f}  {result}")


if __name__ == "__main__":
    main()
