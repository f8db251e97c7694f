"""Deterministic demo data: a province (or a bloc of it, or a whole country) with its
organizations, members and their histories, and committees.

`generate(scale=..., seed=..., progress=...)` writes everything in bulk inside one
transaction and returns the counts. It bypasses the per-row services for speed, so
it writes exactly what those services would have left (derived member fields, open
and closed placements, events, a merger as `organization_merge` records it, the
admission files of `register.py`) and one audit row ("demo.load") for the whole load.

Same seed, same empty database: same rows, ids included. Nothing reads the clock: the
data stands as of `REFERENCE_DATE`.
"""

from __future__ import annotations

import datetime
import random
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from dateutil.relativedelta import relativedelta
from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.db.models import DateTimeField, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.admissions import models as admissions
from dangvu.core import audit, bulk, integrity
from dangvu.core.actors import SYSTEM
from dangvu.core.formatting import number
from dangvu.core.text import name_sort_key, normalize
from dangvu.members import party_age
from dangvu.members.models import (
    IN_PARTY,
    Affiliation,
    CommitteeSeat,
    Member,
    StatusChange,
    Transfer,
)
from dangvu.orgs.models import Committee, Organization, OrganizationEvent, Placement, path_segment
from dangvu.orgs.services import tree_lock

from . import names as N
from .register import Person, Register

REFERENCE_DATE = datetime.date(2026, 11, 22)  # the demo plans stand on the same day (plans.AS_OF)
EARLIEST_ADMISSION = datetime.date(1965, 1, 1)
MERGER_DATE = datetime.date(2023, 7, 1)
TERMS = [
    (datetime.date(2020, 9, 1), datetime.date(2025, 9, 1)),
    (datetime.date(2025, 9, 1), datetime.date(2030, 9, 1)),
]
SCALES = ("bloc", "province", "country")

# Members per flush: bounds memory whatever the scale.
MEMBER_CHUNK = 5000
# Rows per INSERT (the backend may lower it: SQLite allows 999 parameters a statement).
BATCH_SIZE = 1000

# Share of members with each kind of history.
P_INTERNAL_TRANSFER = 0.09
P_TRANSFER_IN = 0.015
EXITS = [  # (kind, probability)
    ("transfer_out", 0.012),
    ("deceased", 0.005),
    ("removed", 0.003),
    ("readmitted", 0.0025),
    ("left", 0.001),
    ("expelled", 0.0005),
]

# Member targets of the parts of a province (before the province's member factor).
KHOI_MEMBERS = 5000
CQD_MEMBERS = 1500
UBND_MEMBERS = 22000
CA_MEMBERS = 8000
COMMUNE_MEMBERS = 63000
COMMUNES = 150
UBND_UNITS = 590

ProgressFn = Callable[[str, dict], None]

_MODELS = [
    Organization, Placement, OrganizationEvent, Committee, Member, StatusChange, Affiliation,
    Transfer, CommitteeSeat, admissions.Candidate, admissions.Step, admissions.Introduction,
]


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _years(d: datetime.date, n: int) -> datetime.date:
    return d + relativedelta(years=n)


def _weighted(pairs):
    """(values, cumulative weights) for fast seeded choices."""
    return [v for v, _w in pairs], list(accumulate(w for _v, w in pairs))


class _Pick:
    """A weighted list to draw from with a given random generator."""

    def __init__(self, pairs):
        self.values, self.cum = _weighted(pairs)
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.total)]


FAMILY = _Pick(N.FAMILY_NAMES)
MIDDLE = {Member.Gender.MALE: _Pick(N.MIDDLE_MALE), Member.Gender.FEMALE: _Pick(N.MIDDLE_FEMALE)}
KHMER_FAMILY = _Pick(N.KHMER_FAMILY)
HOA_FAMILY = _Pick(N.HOA_FAMILY)
ETHNICITY = _Pick(N.ETHNICITIES)
RELIGION = {k: _Pick(v) for k, v in N.RELIGIONS.items()}


# --- The organization tree in memory -----------------------------------------------------

@dataclass(eq=False)
class Node:
    id: int
    code: str
    name: str
    kind: str
    sector: str
    parent: Node | None
    established_on: datetime.date
    path: str
    depth: int
    cell_type: str = "work"  # work | retiree | village | student | police | commune
    weight: float = 1.0
    children: list[Node] = field(default_factory=list)
    placements: list[list] = field(default_factory=list)  # [id, parent_id, path, depth, from, to]
    dissolved_on: datetime.date | None = None
    merged_into: Node | None = None
    grassroots: Node | None = None  # the grassroots organization it was created under
    bloc: Node | None = None
    members_target: int = 0
    target_weight: float = 0.0
    office: Node | None = None  # of a bloc: the cell of its own staff
    founded_by_transfer: bool = False  # a new cell: its first members transfer in

    @property
    def is_cell(self) -> bool:
        return self.kind in (Organization.Kind.GRASSROOTS_CELL, Organization.Kind.CELL)


@dataclass(eq=False)
class Candidate:
    """What committee seats need to know of a member."""

    member_id: int
    cell: Node
    since: datetime.date  # start of the current affiliation
    full_on: datetime.date | None
    left_on: datetime.date | None  # end of the current affiliation, or None
    in_party: bool  # status now


# --- Writing -------------------------------------------------------------------------------

class _Ids:
    """Ids handed out up front, from the current maximum of each table."""

    def __init__(self):
        self.next = {m: (m.objects.aggregate(n=Max("id"))["n"] or 0) + 1 for m in _MODELS}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


# Every table of the load is written with one executemany per flush, not bulk_create: the
# text is the generator's own, clean already (core.fields' clean_text, run per field and row
# by bulk_create, took half the load's time; tests/demo check the text is as clean_text
# leaves it), and the timestamps are the load's. Rows are model instances or any object with
# their attributes (register.py's step rows).
_PLAIN_INSERT = set(_MODELS)


def _insert(model, objs: list) -> None:
    fields = model._meta.concrete_fields
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(timezone.now())
    stamps = {f.attname for f in fields if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)}
    moments = [f.attname for f in fields if isinstance(f, DateTimeField) and f.attname not in stamps]
    rows = [tuple(now if f.attname in stamps else getattr(obj, f.attname) for f in fields) for obj in objs]
    if moments and any(getattr(obj, name) is not None for obj in objs for name in moments):
        index = [i for i, f in enumerate(fields) if f.attname in moments]
        rows = [tuple(adapt(v) if i in index and v is not None else v for i, v in enumerate(row)) for row in rows]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class _Writer:
    """Rows buffered per table, written with bulk_create on flush."""

    def __init__(self):
        self.buffers = {m: [] for m in _MODELS}

    def add(self, obj) -> None:
        self.buffers[type(obj)].append(obj)

    def flush(self) -> None:
        # Referenced tables first, although the foreign keys are deferred anyway.
        for model in _MODELS:
            rows = self.buffers[model]
            if rows:
                if model in _PLAIN_INSERT:
                    _insert(model, rows)
                else:
                    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
                rows.clear()
        # Under DEBUG Django keeps the last 9.000 statements with their parameters: drop
        # them, or a large load holds a few hundred MB of SQL text (unless a caller is
        # capturing queries, e.g. a test counting them).
        if not connection.force_debug_cursor:
            reset_queries()


# --- Numbers -------------------------------------------------------------------------------

class _Numbers:
    """Card and biography numbers: unique, scattered, derived from ids and counters."""

    CARD_A, BIO_A = 61_803_399, 7_919  # coprime with 10**8 and 10**6

    def __init__(self, seed: int):
        self.card_b = (seed * 7_654_321 + 12_345) % 10**8
        self.bio_b = (seed * 8_191 + 4_321) % 10**6
        self.taken_cards: set[str] | None = None
        self.taken_bios: set[str] | None = None
        if Member.objects.exists():
            self.taken_cards = set(Member.objects.exclude(card_number="").values_list("card_number", flat=True))
            self.taken_bios = set(Member.objects.exclude(biography_number="").values_list("biography_number", flat=True))

    def card(self, member_id: int) -> str:
        n = (self.CARD_A * member_id + self.card_b) % 10**8
        value = f"{n:08d}"
        if self.taken_cards is not None:
            while value in self.taken_cards:
                n = (n + 1) % 10**8
                value = f"{n:08d}"
            self.taken_cards.add(value)
        return value

    def biography(self, k: int, code: str) -> str:
        n = (self.BIO_A * k + self.bio_b) % 10**6
        value = f"{n:06d}{code}"
        if self.taken_bios is not None:
            while value in self.taken_bios:
                n = (n + 1) % 10**6
                value = f"{n:06d}{code}"
            self.taken_bios.add(value)
        return value


# --- The plan of a scale -------------------------------------------------------------------

@dataclass(frozen=True)
class ProvincePlan:
    index: int
    name: str
    code: str
    parts: tuple[str, ...]  # "khoi", "cqd", "ubnd", "ca", "communes"
    org_factor: float
    member_factor: float


def plan(scale: str, seed: int) -> list[ProvincePlan]:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
    if scale == "bloc":
        return [ProvincePlan(0, *N.PROVINCES[0], ("khoi",), 1.0, 1.0)]
    everything = ("khoi", "cqd", "ubnd", "ca", "communes")
    if scale == "province":
        return [ProvincePlan(0, *N.PROVINCES[0], everything, 1.0, 1.0)]
    rng = random.Random(f"dangvu-demo-country:{seed}")
    plans = []
    for i, (name, code) in enumerate(N.PROVINCES):
        # Hòa Giang as at province scale; the others larger: ~55.000 grassroots
        # organizations and ~5,6 million members in all.
        f = 1.0 if i == 0 else rng.uniform(1.0, 2.3)
        plans.append(ProvincePlan(i, name, code, everything, f, f * (1.0 if i == 0 else rng.uniform(0.9, 1.12))))
    return plans


# --- The generator -------------------------------------------------------------------------

class _Generator:
    # Off only in checks that replay the mergers through orgs.services.organization_merge.
    apply_mergers = True

    def __init__(self, *, scale: str, seed: int, progress: ProgressFn | None, members: bool = True):
        self.scale, self.seed = scale, seed
        self.with_members = members
        self.progress = progress or (lambda message, counts: None)
        self.ids = _Ids()
        self.counts: dict[str, int] = {
            "organizations": 0, "provinces": 0, "blocs": 0, "grassroots_committees": 0,
            "grassroots_cells": 0, "sub_committees": 0, "cells": 0, "placements": 0, "events": 0,
            "mergers": 0, "committees": 0, "seats": 0, "members": 0, "on_roll": 0,
            "probationary": 0, "full": 0, "women": 0, "status_changes": 0, "affiliations": 0,
            "transfers": 0, "transfers_internal": 0, "transfers_in": 0, "transfers_out": 0,
            "deceased": 0, "removed": 0, "expelled": 0, "left": 0, "readmitted": 0,
            "admission_files": 0, "admission_steps": 0, "candidates": 0,
        }
        self.writer = _Writer()
        self.numbers = _Numbers(seed)
        self.existing_codes = set(Organization.objects.values_list("code", flat=True))
        self.roots: list[Node] = []
        self.pending_members = 0
        self.register = Register(self, REFERENCE_DATE)

    # -- tree ----------------------------------------------------------------------------

    def _node(self, parent: Node | None, kind: str, name: str, code: str, sector: str,
              established_on: datetime.date, **extra) -> Node:
        if code in self.existing_codes:
            raise ValueError(f"organization code {code} already exists")
        if parent is not None:  # as organization_create requires
            established_on = max(established_on, parent.established_on)
        oid = self.ids.take(Organization)
        path = (parent.path if parent else "") + path_segment(oid)
        node = Node(id=oid, code=code, name=name, kind=kind, sector=sector, parent=parent,
                    established_on=established_on, path=path, depth=parent.depth + 1 if parent else 0,
                    **extra)
        if parent is not None:
            parent.children.append(node)
            node.grassroots = parent.grassroots
            node.bloc = parent.bloc
        if kind in (Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL):
            node.grassroots = node
        if kind == Organization.Kind.BLOC:
            node.bloc = node
        node.placements.append([self.ids.take(Placement), parent.id if parent else None, path,
                                node.depth, established_on, None])
        self.events.append((node.id, OrganizationEvent.Kind.ESTABLISHED, established_on,
                            parent.id if parent else None, ""))
        self.nodes.append(node)
        return node

    def _merge(self, source: Node, target: Node, on: datetime.date) -> None:
        """What orgs.services.organization_merge leaves: the source's units re-hung under
        the target (placements closed and opened), events, the source closed."""
        for child in sorted((c for c in source.children if c.dissolved_on is None), key=lambda c: c.path):
            old_prefix, new_prefix = child.path, target.path + path_segment(child.id)
            delta = target.depth + 1 - child.depth
            subtree = [n for n in self._walk(child)]
            open_rows = sorted(
                ((n, p) for n in subtree for p in n.placements if p[5] is None), key=lambda np: np[1][0]
            )
            for n, p in open_rows:
                p[5] = on
                n.placements.append([
                    self.ids.take(Placement), target.id if n is child else p[1],
                    new_prefix + p[2][len(old_prefix):], p[3] + delta, on, None,
                ])
            for n in subtree:
                n.path = new_prefix + n.path[len(old_prefix):]
                n.depth += delta
            child.parent = target
            target.children.append(child)
            self.events.append((child.id, OrganizationEvent.Kind.MOVED, on, target.id, source.name))
        source.children = []
        for p in source.placements:
            if p[5] is None:
                p[5] = on
        source.dissolved_on, source.merged_into = on, target
        self.events.append((source.id, OrganizationEvent.Kind.MERGED, on, target.id, ""))
        self.events.append((target.id, OrganizationEvent.Kind.ABSORBED, on, source.id, ""))
        self.counts["mergers"] += 1

    @staticmethod
    def _walk(node: Node):
        yield node
        for child in node.children:
            yield from _Generator._walk(child)

    def _write_tree(self) -> None:
        w, c = self.writer, self.counts
        for n in self.nodes:
            w.add(Organization(
                id=n.id, code=n.code, name=n.name, short_name="", kind=n.kind, sector=n.sector,
                parent_id=n.parent.id if n.parent else None, path=n.path, depth=n.depth,
                established_on=n.established_on, dissolved_on=n.dissolved_on,
                merged_into_id=n.merged_into.id if n.merged_into else None,
                name_normalized=normalize(f"{n.name} {''} {n.code}"),
            ))
            c["organizations"] += 1
            c[{Organization.Kind.PROVINCE: "provinces", Organization.Kind.BLOC: "blocs",
               Organization.Kind.GRASSROOTS_COMMITTEE: "grassroots_committees", Organization.Kind.GRASSROOTS_CELL: "grassroots_cells",
               Organization.Kind.SUB_COMMITTEE: "sub_committees", Organization.Kind.CELL: "cells"}[n.kind]] += 1
        rows = sorted((p, n) for n in self.nodes for p in [tuple(x) for x in n.placements])
        for (pid, parent_id, path, depth, start, end), n in rows:
            w.add(Placement(id=pid, organization_id=n.id, parent_id=parent_id, path=path, depth=depth,
                            valid_from=start, valid_to=end))
            c["placements"] += 1
        for org_id, kind, on, related_id, detail in self.events:
            w.add(OrganizationEvent(id=self.ids.take(OrganizationEvent), organization_id=org_id, kind=kind,
                                    on=on, related_id=related_id, detail=detail))
            c["events"] += 1
        w.flush()

    # -- building a province --------------------------------------------------------------

    def _est(self, lo: int, hi: int) -> datetime.date:
        rng = self.rng
        return datetime.date(rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28))

    def _place(self) -> str:
        return self.rng.choice(self.places)

    def _fill(self, text: str) -> str:
        return text.replace("{place}", self._place()).replace("Hòa Giang", self.p.name)

    def _cell_type(self, name: str, default: str) -> str:
        lowered = name.lower()
        if "hưu trí" in lowered:
            return "retiree"
        if "sinh viên" in lowered:
            return "student"
        return default

    def _unit(self, parent: Node, code: str, spec: tuple, established_on: datetime.date,
              cell_default: str = "work") -> Node:
        """A grassroots organization from a spec: (name, kind, sector, n_cells, own cells,
        sub-committees, weight, flags)."""
        name, kind, sector, n_cells, own, subs, weight, flags = spec
        rng = self.rng
        name = self._fill(name)
        if kind == "G":
            return self._node(parent, Organization.Kind.GRASSROOTS_CELL, f"Chi bộ {name}", code, sector, established_on,
                              weight=weight * 0.35, cell_type=self._cell_type(name, cell_default))
        unit = self._node(parent, Organization.Kind.GRASSROOTS_COMMITTEE, f"Đảng bộ {name}", code, sector,
                          established_on, weight=weight)
        cell_names = [self._fill(c) for c in own]
        generic = [g for g in N.GENERIC_CELLS[sector]]
        while len(cell_names) < n_cells and generic:
            candidate = self._fill(generic.pop(rng.randrange(len(generic))))
            if candidate not in cell_names:
                cell_names.append(candidate)
        latest = MERGER_DATE - _days(1) if "merged" in flags else datetime.date(2020, 12, 31)

        def cell_date() -> datetime.date:
            if rng.random() < 0.6:
                return unit.established_on
            d = unit.established_on + _days(rng.randint(0, 20 * 365))
            return min(d, latest)

        seen: dict[str, int] = {}
        for j, cname in enumerate(self._dedupe(cell_names, seen), 1):
            ctype = self._cell_type(cname, cell_default)
            self._node(unit, Organization.Kind.CELL, f"Chi bộ {cname}", f"{code}-{j:02d}", sector,
                       unit.established_on if ctype == "retiree" else cell_date(),
                       weight=rng.lognormvariate(0, 0.35) * (1.6 if ctype == "retiree" else 1.0),
                       cell_type=ctype)
        for b, (sname, sn, sown) in enumerate(subs, 1):
            sub = self._node(unit, Organization.Kind.SUB_COMMITTEE, f"Đảng bộ bộ phận {self._fill(sname)}",
                             f"{code}-B{b}", sector, cell_date())
            snames = [self._fill(c) for c in sown][:sn]
            for j, cname in enumerate(self._dedupe(snames, {}), 1):
                self._node(sub, Organization.Kind.CELL, f"Chi bộ {cname}", f"{code}-B{b}-{j:02d}", sector,
                           sub.established_on, weight=rng.lognormvariate(0, 0.35), cell_type=cell_default)
        return unit

    @staticmethod
    def _dedupe(items: list[str], seen: dict[str, int]) -> list[str]:
        out = []
        for item in items:
            seen[item] = seen.get(item, 0) + 1
            out.append(item if seen[item] == 1 else f"{item} số {seen[item]}")
        return out

    def _khoi(self, root: Node) -> Node:
        p = self.p
        bloc = self._node(root, Organization.Kind.BLOC, f"Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh {p.name}",
                          f"{p.code}-KHOI", "", datetime.date(1976, 6, 1))
        absorber = merged = None
        for i, spec in enumerate(N.KHOI_UNITS, 1):
            flags = spec[7]
            lo, hi = {"agency": (1976, 1995), "enterprise": (1976, 2008), "public_service": (1976, 2000)}[spec[2]]
            if flags in ("absorbs", "merged", "office", "retirees"):
                hi = min(hi, 1995)
            unit = self._unit(bloc, f"{bloc.code}-{i:03d}", spec, self._est(lo, hi))
            if flags == "absorbs":
                absorber = unit
            elif flags == "merged":
                merged = unit
            elif flags == "office":
                bloc.office = unit
        for j, (spec, (y, m, d)) in enumerate(N.KHOI_NEW_UNITS, len(N.KHOI_UNITS) + 1):
            unit = self._unit(bloc, f"{bloc.code}-{j:03d}", spec, datetime.date(y, m, d))
            unit.founded_by_transfer = True
        self.mergers.append((merged, absorber, MERGER_DATE))
        if p.index == 0:
            self.register_bloc = bloc  # the demo bloc keeps the admissions register
        self._targets(bloc.children, KHOI_MEMBERS * p.member_factor)
        return bloc

    def _cqd(self, root: Node) -> Node:
        p = self.p
        bloc = self._node(root, Organization.Kind.BLOC, f"Đảng bộ các cơ quan Đảng tỉnh {p.name}", f"{p.code}-CQD",
                          "", datetime.date(1976, 6, 1))
        for i, spec in enumerate(N.CQD_UNITS, 1):
            unit = self._unit(bloc, f"{bloc.code}-{i:03d}", spec, self._est(1976, 1990))
            if spec[7] == "office":
                bloc.office = unit
        self._targets(bloc.children, CQD_MEMBERS * p.member_factor)
        return bloc

    def _ubnd(self, root: Node) -> Node:
        p, rng = self.p, self.rng
        bloc = self._node(root, Organization.Kind.BLOC, f"Đảng bộ Ủy ban nhân dân tỉnh {p.name}", f"{p.code}-UBND",
                          "", datetime.date(1976, 6, 1))
        bloc.office = self._unit(bloc, f"{bloc.code}-0000", ("Cơ quan Đảng ủy", "G", "agency", 0, [], [], 0.6, "office"),
                                 self._est(1976, 1990))
        types = _Pick([(t, t[5]) for t in N.UBND_UNIT_TYPES])
        used: set[str] = set()
        for i in range(1, round(UBND_UNITS * p.org_factor) + 1):
            pattern, kind, sector, n_cells, weight, _share = types(rng)
            for _try in range(5):
                name = pattern.replace("{trade}", rng.choice(N.TRADES)).replace("{place}", self._place())
                if name not in used:
                    break
            else:
                name = f"{name} số {i}"
            used.add(name)
            own = N.UBND_HEALTH_CELLS if "Y tế" in pattern or "Bệnh viện" in pattern else []
            spec = (name, kind, sector, n_cells, own[:n_cells], [], weight * rng.lognormvariate(0, 0.3), "")
            self._unit(bloc, f"{bloc.code}-{i:04d}", spec, self._est(1976, 2005))
        self._targets(bloc.children, UBND_MEMBERS * p.member_factor)
        return bloc

    def _ca(self, root: Node) -> Node:
        p, rng = self.p, self.rng
        bloc = self._node(root, Organization.Kind.BLOC, f"Đảng bộ Công an tỉnh {p.name}", f"{p.code}-CA", "",
                          datetime.date(1976, 6, 1))
        bloc.office = self._unit(bloc, f"{bloc.code}-0000", ("Cơ quan Đảng ủy", "G", "agency", 0, [], [], 0.6, "office"),
                                 self._est(1976, 1990), cell_default="police")
        i = 0
        for dept in N.POLICE_DEPARTMENTS:
            i += 1
            k = rng.randint(3, 7)
            cells = [c.replace("{n}", str(j)) for j, c in enumerate(N.POLICE_CELLS[:k - 1] + ["Đội Tổng hợp"], 1)]
            self._unit(bloc, f"{bloc.code}-{i:04d}", (dept, "C", "agency", k, cells, [], 1.8, ""),
                       self._est(1976, 1995), cell_default="police")
        for commune, is_ward in self.communes:
            i += 1
            self._unit(bloc, f"{bloc.code}-{i:04d}",
                       (f"Công an {'phường' if is_ward else 'xã'} {commune}", "G", "agency", 0, [], [],
                        rng.lognormvariate(0, 0.25), ""),
                       self._est(2019, 2020), cell_default="police")
        self._targets(bloc.children, CA_MEMBERS * p.member_factor)
        return bloc

    def _communes(self, root: Node) -> None:
        p, rng = self.p, self.rng
        units = []
        counters = {True: 0, False: 0}
        for commune, is_ward in self.communes:
            counters[is_ward] += 1
            code = f"{p.code}-{'PH' if is_ward else 'XA'}-{counters[is_ward]:03d}"
            unit = self._node(root, Organization.Kind.GRASSROOTS_COMMITTEE,
                              f"Đảng bộ {'phường' if is_ward else 'xã'} {commune}", code, "",
                              self._est(1955, 1976), weight=rng.lognormvariate(0, 0.3), cell_type="commune")
            if is_ward:
                hamlets = [f"Khu phố {k}" for k in range(1, rng.randint(6, 14) + 1)]
            else:
                words = N.HAMLET_WORDS[:]
                rng.shuffle(words)
                hamlets = [f"ấp {w}" for w in words[:rng.randint(8, 16)]]
            institutions = [c.replace("{place}", commune) for c in N.COMMUNE_INSTITUTION_CELLS
                            if rng.random() < 0.85]
            for j, cname in enumerate(hamlets + institutions, 1):
                ctype = "village" if cname in hamlets else self._cell_type(cname, "commune")
                self._node(unit, Organization.Kind.CELL, f"Chi bộ {cname}", f"{code}-{j:02d}", "", unit.established_on,
                           weight=rng.lognormvariate(0, 0.3) * (1.0 if ctype == "village" else 0.45 if ctype == "commune" else 1.4),
                           cell_type=ctype if ctype != "commune" else "work")
            units.append(unit)
        self._targets(units, COMMUNE_MEMBERS * p.member_factor)

    def _targets(self, units: list[Node], total: float) -> None:
        """Spread `total` members over the cells of `units`: a unit's share by its weight,
        split between its cells by theirs. A cell keeps at least 3 members."""
        cells = []
        for unit in units:
            unit_cells = [c for c in self._walk(unit) if c.is_cell]
            share = sum(c.weight for c in unit_cells) or 1.0
            for c in unit_cells:
                c.target_weight = unit.weight * (1.0 if c is unit else c.weight / share)
                cells.append(c)
        scale = total / (sum(c.target_weight for c in cells) or 1.0)
        for c in cells:
            c.members_target = max(3, round(c.target_weight * scale))

    def _build_province(self) -> Node:
        p, rng = self.p, self.rng
        combos = [f"{a} {b}" for a in N.PLACE_FIRST for b in N.PLACE_SECOND if a != b]
        rng.shuffle(combos)
        n_communes = round(COMMUNES * p.org_factor) if "communes" in p.parts else 0
        self.places = combos[:max(60, n_communes)]
        self.communes = [(name, rng.random() < 0.25) for name in self.places[:n_communes]]
        root = self._node(None, Organization.Kind.PROVINCE, f"Tỉnh ủy {p.name}", p.code, "",
                          datetime.date(1947, 1, 1) if p.index == 0 else self._est(1930, 1950))
        parts = {"khoi": self._khoi, "cqd": self._cqd, "ubnd": self._ubnd, "ca": self._ca,
                 "communes": self._communes}
        for part in p.parts:
            parts[part](root)
        for source, target, on in self.mergers if self.apply_mergers else ():
            self._merge(source, target, on)
        return root

    # -- members -----------------------------------------------------------------------------

    def _person(self, female: bool, ethnicity: str) -> str:
        rng = self.rng
        gender = Member.Gender.FEMALE if female else Member.Gender.MALE
        if ethnicity == "Khmer":
            family = KHMER_FAMILY(rng)
            middle = ("Thị" if rng.random() < 0.7 else "") if female else ("Văn" if rng.random() < 0.4 else "")
            given = rng.choice(N.KHMER_GIVEN_FEMALE if female else N.KHMER_GIVEN_MALE)
            return " ".join(x for x in (family, middle, given) if x)
        family = HOA_FAMILY(rng) if ethnicity == "Hoa" else FAMILY(rng)
        middle = MIDDLE[gender](rng)
        if rng.random() < 0.07:  # the mother's family name before the middle name
            middle = f"{FAMILY(rng)} {middle}"
        given = rng.choice(N.GIVEN_FEMALE if female else N.GIVEN_MALE)
        return f"{family} {middle} {given}"

    def _hometown(self) -> str:
        rng = self.rng
        commune = rng.choice(self.places)
        r = rng.random()
        if r < 0.65:
            return f"xã {commune}, tỉnh {self.p.name}"
        province = rng.choice(N.NEAR_PROVINCES) if r < 0.85 else rng.choice(N.REAL_PROVINCES)
        if province in ("Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ"):
            return f"phường {commune}, thành phố {province}"
        if province.startswith("Thành phố"):
            return f"phường {commune}, {province}"
        return f"xã {commune}, tỉnh {province}"

    def _outside(self, patterns: list[str]) -> str:
        rng = self.rng
        return rng.choice(patterns).replace("{c}", rng.choice(self.places)).replace(
            "{p}", rng.choice(N.NEAR_PROVINCES + N.REAL_PROVINCES[:8]))

    def _date_between(self, lo: datetime.date, hi: datetime.date) -> datetime.date:
        return lo + _days(self.rng.randint(0, (hi - lo).days))

    def _decision(self, cell: Node, kind: str = "QĐ") -> str:
        body = "ĐUK" if cell.kind == Organization.Kind.GRASSROOTS_CELL and cell.parent.kind == Organization.Kind.BLOC else "ĐU"
        return f"{self.rng.randint(1, 480)}-{kind}/{body}"

    # Years in the Party on the reference date: (low, high, share of the first span).
    _TENURE = {
        "work": [(0, 30, 0.85), (30, 40, 0.15)], "police": [(0, 28, 1.0)], "student": [(0, 3, 1.0)],
        "retiree": [(15, 60, 1.0)], "village": [(0, 25, 0.6), (25, 60, 0.4)],
    }
    _ADMISSION_AGE = {  # (low, high, mode)
        "work": (18, 45, 24), "police": (18, 32, 21), "student": (18, 22, 19),
        "retiree": (18, 45, 25), "village": (18, 55, 27),
    }
    _AGE_LIMITS = {  # age on the reference date
        "work": (22, 60), "police": (21, 55), "student": (18, 25), "retiree": (60, 95), "village": (20, 95),
    }
    _FEMALE = {"work": 0.48, "police": 0.16, "student": 0.55, "retiree": 0.38, "village": 0.45}

    def _member(self, cell: Node, cands: list[Candidate]) -> None:
        rng, w, c = self.rng, self.writer, self.counts
        ids = self.ids
        ctype = cell.cell_type
        sector_share = {"public_service": 0.58, "enterprise": 0.34}
        p_female = sector_share.get(cell.sector, self._FEMALE.get(ctype, 0.46)) if ctype == "work" else self._FEMALE[ctype]
        female = rng.random() < p_female
        ethnicity = ETHNICITY(rng)
        religion = RELIGION.get(ethnicity, RELIGION["Kinh"])(rng)
        full_name = self._person(female, ethnicity)

        # Years in the Party first (admissions run steadily, ~3% of the rolls a year), then
        # the age at admission (18-60, mostly in the twenties); retry until today's age fits.
        min_age, max_age = self._AGE_LIMITS[ctype]
        adm_low, adm_high, adm_mode = self._ADMISSION_AGE[ctype]
        spans = self._TENURE[ctype]
        for _try in range(10):
            lo_t, hi_t, _share = spans[0] if len(spans) == 1 or rng.random() < spans[0][2] else spans[1]
            tenure = rng.uniform(lo_t, hi_t)
            admitted_at = rng.triangular(adm_low, adm_high, adm_mode)
            if min_age <= tenure + admitted_at <= max_age:
                break
        else:
            admitted_at = min(60.0, max(admitted_at, min_age - tenure))
            tenure = min(tenure, max(0.0, max_age - admitted_at))
        decided = max(EARLIEST_ADMISSION, REFERENCE_DATE - _days(int(tenure * 365.25) + 5))
        birth = decided - _days(int(admitted_at * 365.25))
        lo = max(EARLIEST_ADMISSION, _years(birth, 18))
        hi = min(_years(birth, 60), REFERENCE_DATE - _days(5))
        E = cell.established_on
        transfer_in = rng.random() < P_TRANSFER_IN
        if not transfer_in and decided < E:
            if E <= hi and not cell.founded_by_transfer and rng.random() < 0.8:
                decided = self._date_between(max(lo, E), hi)
            else:
                transfer_in = True
        joined = decided
        if transfer_in:
            first = max(decided + _days(30), E)
            last = REFERENCE_DATE - _days(10)
            if first <= last and cell.founded_by_transfer and first == E and rng.random() < 0.6:
                joined = E  # one of the founding members
            elif first <= last:
                joined = self._date_between(first, min(last, first + _days(12 * 365)))
            else:  # admitted in the last weeks (so after the cell was established)
                transfer_in = False

        ceremony = decided + _days(rng.randint(14, 45))
        if ceremony > REFERENCE_DATE:
            ceremony = None
        full = ceremony + relativedelta(months=12) if ceremony else None
        if full and full > REFERENCE_DATE - _days(15):
            full = None

        mid = ids.take(Member)
        # Affiliations: [org node, start, end, start_reason, end_reason]
        transfers = []  # (kind, on, from, to, outside, decision)
        if transfer_in:
            affs = [[cell, joined, None, Affiliation.Reason.TRANSFER_IN, ""]]
            transfers.append((Transfer.Kind.IN, joined, None, cell, self._outside(N.OUTSIDE_UNITS_IN), ""))
        else:
            affs = [[cell, decided, None, Affiliation.Reason.ADMISSION, ""]]
            if rng.random() < P_INTERNAL_TRANSFER:
                origin = self._origin(cell, decided)
                first, last = max(decided + _days(180), E), REFERENCE_DATE - _days(20)
                if origin is not None and first <= last:
                    moved = self._date_between(first, last)
                    affs = [[origin, decided, moved, Affiliation.Reason.ADMISSION, Affiliation.Reason.TRANSFER],
                            [cell, moved, None, Affiliation.Reason.TRANSFER, ""]]
                    transfers.append((Transfer.Kind.INTERNAL, moved, origin, cell, "",
                                      f"{rng.randint(1, 900)}-GGT/ĐU"))

        changes = [(Member.Status.PROBATIONARY, decided, "")]
        exit_kind = None
        r, acc = rng.random(), 0.0
        for kind, prob in EXITS:
            acc += prob
            if r < acc:
                exit_kind = kind
                break
        last_start = affs[-1][1]
        exit_on = None
        if exit_kind:
            first, last = last_start + _days(30), REFERENCE_DATE - _days(1)
            if exit_kind == "expelled":
                first = max(first, (full or REFERENCE_DATE) + _days(30))
            elif exit_kind == "readmitted":
                last = REFERENCE_DATE - relativedelta(months=37)
            elif exit_kind == "deceased" and ctype in ("retiree", "village"):
                first = max(first, REFERENCE_DATE - _days(8 * 365))
            if first <= last:
                exit_on = self._date_between(first, last)
            else:
                exit_kind = None
        registered = self.register.takes(affs[0][0], decided, transfer_in)
        full_decision = ""
        if full and (exit_on is None or full < exit_on):
            full_decision = self._decision(cell)
            if registered and exit_kind is None and self.register.stays_on_probation(full):
                full = None  # past the 12 months, the cell has not considered it yet
            else:
                changes.append((Member.Status.FULL, full, full_decision))
        else:
            full = None
        readmitted_on = None
        if exit_kind == "transfer_out":
            affs[-1][2], affs[-1][4] = exit_on, Affiliation.Reason.TRANSFER_OUT
            transfers.append((Transfer.Kind.OUT, exit_on, cell, None, self._outside(N.OUTSIDE_UNITS_OUT),
                              f"{rng.randint(1, 900)}-GGT/ĐU"))
            c["transfers_out"] += 1
        elif exit_kind:
            status = {"deceased": Member.Status.DECEASED, "removed": Member.Status.REMOVED, "expelled": Member.Status.EXPELLED,
                      "left": Member.Status.LEFT, "readmitted": Member.Status.LEFT}[exit_kind]
            changes.append((status, exit_on, "" if status == Member.Status.DECEASED else self._decision(cell)))
            affs[-1][2], affs[-1][4] = exit_on, Affiliation.Reason.STATUS
            if exit_kind != "readmitted":
                c[exit_kind] += 1
            else:
                first = max(exit_on + relativedelta(months=36), REFERENCE_DATE - relativedelta(months=11))
                readmitted_on = self._date_between(first, REFERENCE_DATE - _days(10))
                changes.append((Member.Status.PROBATIONARY, readmitted_on, self._decision(cell, "QĐ")))
                affs.append([cell, readmitted_on, None, Affiliation.Reason.READMISSION, ""])
                c["readmitted"] += 1

        status, status_since = changes[-1][0], changes[-1][1]
        age_info = party_age.compute(decision_date=decided, changes=[(s, on, False) for s, on, _d in changes],
                                     as_of=REFERENCE_DATE)
        on_roll = affs[-1][2] is None
        self.bio_counter += 1
        member = Member(
            id=mid, full_name=full_name, gender=Member.Gender.FEMALE if female else Member.Gender.MALE, birth_date=birth,
            ethnicity=ethnicity, religion=religion, hometown=self._hometown(),
            education="9/12" if ctype in ("village", "retiree") and rng.random() < 0.1 else "12/12",
            profession=self._profession(cell),
            biography_number=self.numbers.biography(self.bio_counter, self.p.code),
            card_number=self.numbers.card(mid), admission_decision_date=decided, ceremony_date=ceremony,
            full_membership_date=full, organization_id=affs[-1][0].id, on_roll=on_roll, status=status,
            status_since=status_since, party_age_start=age_info.start, party_age_end=age_info.end,
            name_normalized=normalize(full_name), name_sort_key=name_sort_key(full_name),
        )
        if registered and ceremony is None:
            # Decided in the last weeks, the ceremony to come: under the register not a member yet.
            self.register.admitted(Person(member, affs[0][0], decided, is_member=False), registered)
            return
        w.add(member)
        if not transfer_in:
            self.register.admitted(Person(member, affs[0][0], decided, ceremony, full, full_decision, exit_on,
                                           exit_kind), registered)
        self.register.on_rolls(mid, affs, full)
        for s, on, decision in changes:
            w.add(StatusChange(id=ids.take(StatusChange), member_id=mid, status=s, on=on, decision=decision))
        for org, start, end, start_reason, end_reason in affs:
            w.add(Affiliation(id=ids.take(Affiliation), member_id=mid, organization_id=org.id, start=start,
                              end=end, start_reason=start_reason, end_reason=end_reason))
        for kind, on, src, dst, outside, decision in transfers:
            w.add(Transfer(id=ids.take(Transfer), member_id=mid, kind=kind, on=on,
                           from_organization_id=src.id if src else None, to_organization_id=dst.id if dst else None,
                           external_unit=outside, decision=decision))
        c["members"] += 1
        c["women"] += female
        c["status_changes"] += len(changes)
        c["affiliations"] += len(affs)
        c["transfers"] += len(transfers)
        c["transfers_internal"] += sum(1 for t in transfers if t[0] == Transfer.Kind.INTERNAL)
        c["transfers_in"] += transfer_in
        if on_roll:
            c["on_roll"] += 1
            c["probationary" if status == Member.Status.PROBATIONARY else "full"] += 1
        cands.append(Candidate(mid, cell, affs[-1][1], full, affs[-1][2], status in IN_PARTY))
        self.pending_members += 1
        if self.pending_members >= MEMBER_CHUNK:
            self._flush_members()

    def _flush_members(self) -> None:
        self.writer.flush()
        self.pending_members = 0
        self.progress(_("%(members)s members written.") % {"members": number(self.counts["members"])},
                      dict(self.counts))

    def _profession(self, cell: Node) -> str:
        key = {"retiree": "retiree", "student": "student", "police": "police", "village": "commune"}.get(cell.cell_type)
        if key is None:
            key = cell.sector or "commune"
        return self.rng.choice(N.PROFESSIONS[key])

    def _origin(self, cell: Node, decided: datetime.date) -> Node | None:
        """Where a member transferred within the tree came from: usually a cell of the same
        grassroots organization, otherwise any cell of the province."""
        rng = self.rng
        pool = self.cells_by_grassroots.get(cell.grassroots.id, []) if rng.random() < 0.6 else self.all_cells
        for _try in range(4):
            origin = pool[rng.randrange(len(pool))] if pool else None
            if origin is not None and origin is not cell and origin.established_on <= decided:
                return origin
        return None

    # -- committees ---------------------------------------------------------------------------

    _RANK = {CommitteeSeat.Role.SECRETARY: 0, CommitteeSeat.Role.DEPUTY_SECRETARY: 1, CommitteeSeat.Role.STANDING_MEMBER: 2,
             CommitteeSeat.Role.COMMITTEE_MEMBER: 3}

    @staticmethod
    def _eligible(cands: list[Candidate], start: datetime.date, until: datetime.date | None) -> list[Candidate]:
        """Full members on these rolls from `start`; until `until` (None: still now)."""
        return [
            m for m in cands
            if m.since <= start and m.full_on is not None and m.full_on <= start
            and (m.in_party and m.left_on is None if until is None else (m.left_on is None or m.left_on >= until))
        ]

    @staticmethod
    def _roles(n: int, deputies: int | None = None) -> list[str]:
        deputies = (1 if n <= 7 else 2) if deputies is None else deputies
        standing = 2 if n >= 11 else 0
        roles = [CommitteeSeat.Role.SECRETARY] + [CommitteeSeat.Role.DEPUTY_SECRETARY] * deputies + [CommitteeSeat.Role.STANDING_MEMBER] * standing
        return (roles + [CommitteeSeat.Role.COMMITTEE_MEMBER] * n)[:n]

    def _seats_size(self, on_roll: int) -> int:
        return 5 if on_roll < 40 else 7 if on_roll < 100 else 9 if on_roll < 300 else 11 if on_roll < 800 else 13

    def _committee(self, org: Node, term: tuple, seat_end: datetime.date | None,
                   holders: list[tuple[Candidate, str]]) -> None:
        cid = self.ids.take(Committee)
        self.writer.add(Committee(id=cid, organization_id=org.id, term_start=term[0], term_end=term[1]))
        self.counts["committees"] += 1
        for cand, role in holders:
            self.writer.add(CommitteeSeat(id=self.ids.take(CommitteeSeat), committee_id=cid, member_id=cand.member_id,
                                          role=role, start=term[0], end=seat_end))
            self.counts["seats"] += 1

    def _choose(self, pool: list[Candidate], n: int, keep: list[tuple[Candidate, str]] = (),
                deputies: int | None = None) -> list[tuple[Candidate, str]]:
        """`n` seat holders: some of `keep` (the last term's, still eligible) stay, the rest
        are drawn from `pool`; roles go by the last term's rank, then in draw order."""
        rng = self.rng
        allowed = {id(m) for m in pool}
        stay = [(m, role) for m, role in keep if id(m) in allowed and rng.random() < 0.6]
        stay.sort(key=lambda mr: self._RANK[mr[1]])
        taken = {id(m) for m, _r in stay}
        rest = [m for m in pool if id(m) not in taken]
        picked = [m for m, _r in stay][:n] + rng.sample(rest, min(len(rest), max(0, n - len(stay))))
        return list(zip(picked, self._roles(len(picked), deputies), strict=True))

    def _grassroots_committees(self, unit: Node, cands: list[Candidate]) -> list:
        """Committees of a grassroots committee (and of any it absorbed) for both terms.
        Returns its holders by term, for the bloc's committee."""
        out = []
        for org in [unit, *self.absorbed.get(unit.id, [])]:
            if org.kind != Organization.Kind.GRASSROOTS_COMMITTEE:
                continue
            mine = [m for m in cands if m.cell.grassroots is org]
            on_roll = sum(1 for m in mine if m.left_on is None)
            n = self._seats_size(on_roll)
            previous: list = []
            by_term = []
            for term in TERMS:
                if org.established_on >= term[0] or (org.dissolved_on and org.dissolved_on <= term[0]):
                    by_term.append([])
                    continue
                seat_end = org.dissolved_on or (term[1] if term[1] <= REFERENCE_DATE else None)
                # Before the merger, the units it brought stood elsewhere.
                pool = self._eligible(mine if term is TERMS[0] or org is not unit else cands, term[0], seat_end)
                holders = self._choose(pool, n, previous)
                self._committee(org, term, seat_end, holders)
                by_term.append(holders)
                previous = holders
            if org is unit:
                out = by_term
        return out

    def _bloc_committees(self, bloc: Node, office: list[Candidate], secretaries: list[list[Candidate]]) -> None:
        previous: list = []
        for t, term in enumerate(TERMS):
            seat_end = term[1] if term[1] <= REFERENCE_DATE else None
            leaders = self._eligible(office, term[0], seat_end)
            others = self._eligible(secretaries[t], term[0], seat_end)
            rng = self.rng
            keep = [(m, r) for m, r in previous if r in (CommitteeSeat.Role.SECRETARY, CommitteeSeat.Role.DEPUTY_SECRETARY)]
            top = self._choose(leaders, 3, keep, deputies=2)
            taken = {id(m) for m, _r in top}
            rest_pool = [m for m in others if id(m) not in taken]
            rest = rng.sample(rest_pool, min(len(rest_pool), 12))
            holders = top + [(m, CommitteeSeat.Role.STANDING_MEMBER if i < 4 else CommitteeSeat.Role.COMMITTEE_MEMBER)
                             for i, m in enumerate(rest)]
            self._committee(bloc, term, seat_end, holders)
            previous = holders

    def _members_of_province(self, root: Node) -> None:
        self.all_cells = [n for n in self.nodes if n.is_cell]
        self.absorbed: dict[int, list[Node]] = {}
        for n in self.nodes:
            if n.merged_into is not None:
                self.absorbed.setdefault(n.merged_into.id, []).append(n)
        self.cells_by_grassroots: dict[int, list[Node]] = {}
        for cell in self.all_cells:
            self.cells_by_grassroots.setdefault(cell.grassroots.id, []).append(cell)
        units = [n for n in self.nodes if n.kind in (Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL)
                 and n.merged_into is None]
        bloc_secretaries: dict[int, list[list[Candidate]]] = {}
        bloc_office: dict[int, list[Candidate]] = {}
        for unit in units:
            cands: list[Candidate] = []
            for cell in (n for n in self._walk(unit) if n.is_cell):
                for _k in range(cell.members_target):
                    self._member(cell, cands)
            bloc = unit.bloc
            if unit.kind == Organization.Kind.GRASSROOTS_COMMITTEE:
                by_term = self._grassroots_committees(unit, cands)
                if bloc is not None:
                    lists = bloc_secretaries.setdefault(bloc.id, [[], []])
                    for t, holders in enumerate(by_term):
                        lists[t].extend(m for m, role in holders if role == CommitteeSeat.Role.SECRETARY)
            if bloc is not None:
                if unit is bloc.office:
                    bloc_office[bloc.id] = cands
                elif unit.kind == Organization.Kind.GRASSROOTS_CELL:
                    # The secretary of a grassroots cell may sit on the bloc's committee too.
                    lists = bloc_secretaries.setdefault(bloc.id, [[], []])
                    for t, term in enumerate(TERMS):
                        pool = self._eligible(cands, term[0], term[1] if term[1] <= REFERENCE_DATE else None)
                        if pool:
                            lists[t].append(pool[0])
        for bloc in (n for n in self.nodes if n.kind == Organization.Kind.BLOC):
            self._bloc_committees(bloc, bloc_office.get(bloc.id, []), bloc_secretaries.get(bloc.id, [[], []]))
        for key, value in self.register.write().items():
            self.counts[key] = self.counts.get(key, 0) + value

    # -- the whole run ----------------------------------------------------------------------

    def run(self) -> dict:
        for p in plan(self.scale, self.seed):
            self.p = p
            self.rng = random.Random(f"dangvu-demo:{self.seed}:{p.index}")
            self.nodes: list[Node] = []
            self.events: list[tuple] = []
            self.mergers: list[tuple] = []
            self.bio_counter = 0
            self.register_bloc = None
            root = self._build_province()
            self.register.start_province(p.index, self.register_bloc if self.with_members else None)
            self.roots.append(root)
            self._write_tree()
            self.progress(
                _("%(name)s: %(orgs)s organizations written.") % {"name": root.name, "orgs": number(len(self.nodes))},
                dict(self.counts),
            )
            if self.with_members:
                self._members_of_province(root)
                self._flush_members()
            else:
                self.writer.flush()
            self.nodes, self.events, self.all_cells, self.cells_by_grassroots = [], [], [], {}
        return self.counts


def generate(*, scale: str = "bloc", seed: int = 2024, progress: ProgressFn | None = None,
             members: bool = True) -> dict:
    """Write the demo data of `scale` ("bloc", "province" or "country") in one transaction
    and return the counts of what was written. `members=False`: see `generate_tree`."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
    with transaction.atomic():
        tree_lock()
        gen = _Generator(scale=scale, seed=seed, progress=progress, members=members)
        counts = gen.run()
        root = Organization.objects.get(pk=gen.roots[0].id)
        note = f"scale={scale} seed={seed} " + ("" if members else "tree-only ") + " ".join(
            f"{k}={v}" for k, v in counts.items())
        loaded = [(model, *model.objects.aggregate(lo=Min("pk"), hi=Max("pk")).values())
                  for model in (Organization, Member, admissions.Candidate)]
        audit.record(actor=SYSTEM, action="demo.load", obj=root, changes=integrity.covers(*loaded),
                     scope_path=root.path if len(gen.roots) == 1 else "", note=note)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), _MODELS):
                    cursor.execute(sql)
        bulk.analyze()
    return counts


def generate_tree(*, scale: str = "bloc", seed: int = 2024, progress: ProgressFn | None = None) -> dict:
    """The organization tree of `scale` only: organizations, placements and events (the
    2023 merger included), as `generate` writes them for the same seed, with no members and
    no committees. The country's tree (~240.000 organizations) loads in ~2 minutes where
    its 5,6 million members take ~40; benchmarks of the tree and of entered figures use it."""
    return generate(scale=scale, seed=seed, progress=progress, members=False)


__all__ = ["generate", "generate_tree", "plan", "REFERENCE_DATE", "SCALES"]
