"""Reads of the commendation registers, scoped by the actor: a commendation is seen under the
subtree of its unit (the organization commended, or the member's cell). Outside the scope:
``NotFound``.

The proposed lists of a year read the ratings register (``ratings.selectors``): the
organizations or members rated excellent that year, or those with a streak of N excellent
years in a row ending that year, following the tree's history (``rules``: a renamed unit is
the same row; a unit that absorbed others continues them in the years it has no rating of its
own). Subjects already commended for the year are marked with the kinds they received.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from dangvu.core.errors import get_or_not_found
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrganizationEvent, under
from dangvu.orgs.scope import require_read, scope_path, writable_organizations
from dangvu.ratings import selectors as ratings_selectors
from dangvu.ratings.models import Level

from . import rules, services
from .models import Commendation, Movement

SUBJECTS = ("organizations", "members")


def _scoped(qs, actor, field: str = "unit__path"):
    prefix = scope_path(actor)
    if prefix is None:
        return qs.none()
    return qs.filter(under(prefix, field)) if prefix else qs


def commendation_list(*, actor, year: int | None = None, kind: str = "", subject: str = "",
                      organization: Organization | None = None):
    """The commendations of the actor's subtree (narrowed to `organization`'s subtree, a year,
    a kind, organizations or members), latest first."""
    qs = _scoped(Commendation.objects.select_related("organization", "member", "unit", "deciding_body"), actor)
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "unit__path"))
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if subject == "organizations":
        qs = qs.filter(member__isnull=True)
    elif subject == "members":
        qs = qs.filter(member__isnull=False)
    return qs.order_by("-year", "-decided_on", "unit__path", "id")


def commendation_get(*, actor, pk: int) -> Commendation:
    qs = Commendation.objects.select_related("organization", "member", "unit", "deciding_body", "movement")
    return get_or_not_found(_scoped(qs, actor), pk=pk)


def commendation_years(*, actor) -> list[int]:
    return sorted(set(_scoped(Commendation.objects.all(), actor).values_list("year", flat=True)), reverse=True)


def movements():
    return Movement.objects.select_related("organization").all()


def deciding_bodies(*, actor):
    """The bodies the actor may record a decision for: the active organizations it may
    change that give some kind of commendation, in tree order."""
    kinds = {k for kinds in services.BODY_KINDS.values() for k in kinds}
    return writable_organizations(actor).filter(kind__in=kinds, dissolved_on__isnull=True).order_by("path")


def commendation_update_refusal(*, actor, commendation: Commendation) -> str:
    return services.commendation_update_refusal(actor=actor, commendation=commendation)


def commendations_decide_refusal(*, actor, deciding_body: Organization) -> str:
    return services.commendations_decide_refusal(actor=actor, deciding_body=deciding_body)


# Excellent years through the tree's history

def predecessors() -> dict[int, list[tuple[int, int]]]:
    """{unit id: [(id of a unit merged into it, year of the merger)]} from the tree's events."""
    out: dict[int, list[tuple[int, int]]] = {}
    rows = OrganizationEvent.objects.filter(kind=OrganizationEvent.Kind.ABSORBED, related__isnull=False)
    for target, source, on in rows.values_list("organization_id", "related_id", "on"):
        out.setdefault(target, []).append((source, on.year))
    return out


def excellent_years(*, organization_ids, first_year: int, last_year: int) -> dict[int, set[int]]:
    """{organization id: the years of `first_year`..`last_year` it counts as rated excellent},
    its predecessors' years included by the rule of ``rules`` (own rating first; in a year
    without one, every predecessor rated that year rated excellent). Two queries."""
    preds = predecessors()
    ids, frontier = set(organization_ids), list(organization_ids)
    while frontier:
        for source, _year in preds.get(frontier.pop(), []):
            if source not in ids:
                ids.add(source)
                frontier.append(source)
    levels = ratings_selectors.decided_levels(organization_ids=ids, first_year=first_year, last_year=last_year)

    def level_of(oid: int, year: int, seen: frozenset) -> str | None:
        if (oid, year) in levels:
            return levels[(oid, year)]
        got = [level_of(source, year, seen | {oid}) for source, merged in preds.get(oid, [])
               if year <= merged and source not in seen]
        got = [g for g in got if g]
        if not got:
            return None
        return Level.EXCELLENT if all(g == Level.EXCELLENT for g in got) else next(
            g for g in got if g != Level.EXCELLENT)

    return {oid: {y for y in range(first_year, last_year + 1) if level_of(oid, y, frozenset()) == Level.EXCELLENT}
            for oid in organization_ids}


def member_excellent_years(*, member_ids, first_year: int, last_year: int) -> dict[int, set[int]]:
    levels = ratings_selectors.decided_levels(member_ids=member_ids, first_year=first_year, last_year=last_year)
    out: dict[int, set[int]] = {m: set() for m in member_ids}
    for (mid, year), level in levels.items():
        if level == Level.EXCELLENT:
            out[mid].add(year)
    return out


# Proposed lists

@dataclass
class Proposal:
    organization: Organization | None
    member: object | None
    unit: Organization
    years: int
    kinds: list[str] = field(default_factory=list)  # the kinds the rules propose
    commended: list[Commendation] = field(default_factory=list)  # already commended for the year

    @property
    def name(self) -> str:
        return self.member.full_name if self.member is not None else self.organization.name

    @property
    def pk(self) -> int:
        return (self.member or self.organization).pk

    @property
    def commended_kinds(self) -> list[str]:
        return [c.kind for c in self.commended]

    @property
    def kind_labels(self) -> list[str]:
        return [str(Commendation.Kind(k).label) for k in self.kinds]

    @property
    def is_grassroots(self) -> bool:
        return self.organization is not None and self.organization.kind in GRASSROOTS_KINDS


def commendation_proposals(*, actor, organization: Organization, year: int, subject: str = "organizations",
                           years: int = 1) -> list[Proposal]:
    """The proposed list of `year` in `organization`'s subtree: the organizations (or members)
    rated excellent in `year` and, with `years` > 1, in each of the `years` years before it
    too (a streak, through the tree's history). In tree order (members by unit, then name)."""
    require_read(actor, organization.path)
    members = subject == "members"
    ratings = list(ratings_selectors.rated_excellent(prefix=organization.path, year=year, members=members))
    if members:
        ratings.sort(key=lambda r: (r.unit.path, bytes(r.member.name_sort_key), r.member_id))
        ids = [r.member_id for r in ratings]
        found = member_excellent_years(member_ids=ids, first_year=year - years + 1, last_year=year)
    else:
        ratings.sort(key=lambda r: r.organization.path)
        ids = [r.organization_id for r in ratings]
        found = excellent_years(organization_ids=ids, first_year=year - years + 1, last_year=year)
    kept = [r for r, i in zip(ratings, ids, strict=True) if rules.streak(found[i], year=year, years=years)]
    given: dict[int, list[Commendation]] = {}
    if kept:
        where = Q(member_id__in=[r.member_id for r in kept]) if members else Q(
            organization_id__in=[r.organization_id for r in kept], member__isnull=True)
        for c in Commendation.objects.filter(where, year=year).order_by("kind"):
            given.setdefault(c.member_id if members else c.organization_id, []).append(c)
    out = []
    for r in kept:
        p = Proposal(organization=r.organization, member=r.member, unit=r.unit, years=years,
                     commended=given.get(r.member_id if members else r.organization_id, []))
        key = "members" if members else "grassroots" if p.is_grassroots else "organizations"
        p.kinds = rules.kinds_for(year=year, subject=key, years=years)
        out.append(p)
    return out


def proposal_subjects(*, actor, organization: Organization, year: int, subject: str, years: int, ids) -> list:
    """The subjects chosen on a proposed list (ids not on the list are ignored): the
    organizations or members, in the list's order."""
    chosen = set(ids)
    rows = commendation_proposals(actor=actor, organization=organization, year=year, subject=subject, years=years)
    return [p.member if subject == "members" else p.organization for p in rows if p.pk in chosen]


def commended_count(*, actor, year: int, grassroots_only: bool = False) -> int:
    """Organizations commended for `year` in the actor's subtree (grassroots ones alone)."""
    qs = commendation_list(actor=actor, year=year, subject="organizations")
    if grassroots_only:
        qs = qs.filter(organization__kind__in=GRASSROOTS_KINDS)
    return qs.values("organization_id").distinct().count()
