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

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.errors import NotFound, get_or_not_found
from dangvu.inspections import selectors as inspection_selectors
from dangvu.members.models import IN_PARTY, Member, Transfer
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrganizationEvent, path_ids, under
from dangvu.orgs.scope import (
    require_read,
    scope_path,
    visible_organizations,
    writable_organizations,
)
from dangvu.ratings import selectors as ratings_selectors
from dangvu.ratings.models import Level

from . import badges, rules
from .models import (
    Badge,
    BadgeBaseSalary,
    BadgeCashRate,
    BadgeDate,
    BadgeRuleSet,
    Commendation,
    EmulationTitle,
    Movement,
)

SUBJECTS = ("organizations", "members")


def _scoped(qs, actor, field: str = "unit__path"):
    prefix = scope_path(actor)
    if prefix is None:
        return qs.none()
    return qs.filter(under(prefix, field)) if prefix else qs


def _decisions(qs, actor, *, year, kind, organization):
    """Commendations or titles of the actor's subtree, narrowed to `organization`'s subtree,
    a year, a kind; latest first."""
    qs = _scoped(qs, actor)
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "unit__path"))
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "-decided_on", "unit__path", "id")


def commendation_list(*, actor, year: int | None = None, kind: str = "", subject: str = "",
                      organization: Organization | None = None):
    """The commendations of the actor's subtree (narrowed to `organization`'s subtree, a year,
    a kind, organizations or members), latest first."""
    qs = _decisions(Commendation.objects.select_related("organization", "member", "unit", "deciding_body"), actor,
                    year=year, kind=kind, organization=organization)
    if subject == "organizations":
        qs = qs.filter(member__isnull=True)
    elif subject == "members":
        qs = qs.filter(member__isnull=False)
    return qs


def commendation_get(*, actor, pk: int) -> Commendation:
    qs = Commendation.objects.select_related("organization", "member", "unit", "deciding_body", "movement")
    return get_or_not_found(_scoped(qs, actor), pk=pk)


def commendation_years(*, actor) -> list[int]:
    return sorted(set(_scoped(Commendation.objects.all(), actor).values_list("year", flat=True)), reverse=True)


def movements():
    return Movement.objects.select_related("organization").all()


# Movements and titles. A movement is launched by a committee for the organizations under it:
# the actor sees the movements launched in its subtree and those launched on its path (by a
# committee above it: "Dân vận khéo" of the province runs in every cell under it), not a
# sibling committee's. A title is seen under the subtree of its unit (the organization given
# the title, or the member's cell), like a commendation.

def _movements_visible(actor):
    prefix = scope_path(actor)
    qs = Movement.objects.select_related("organization")
    if prefix is None:
        return qs.none()
    if not prefix:
        return qs
    return qs.filter(under(prefix, "organization__path") | Q(organization_id__in=path_ids(prefix)))


def movement_list(*, actor, year: int | None = None):
    """The movements the actor sees (launched in its subtree or above it), running in `year`
    if given; latest first, with the number of titles conferred under each in the actor's
    subtree."""
    qs = _movements_visible(actor)
    if year:
        qs = qs.filter(Q(last_year__isnull=True) | Q(last_year__gte=year), first_year__lte=year)
    prefix = scope_path(actor)
    counted = Count("titles", filter=under(prefix, "titles__unit__path")) if prefix else Count("titles")
    return qs.annotate(title_count=counted).order_by("-first_year", "name", "id")


def movement_get(*, actor, pk: int) -> Movement:
    """A movement the actor sees (else ``NotFound``)."""
    return get_or_not_found(_movements_visible(actor), pk=pk)


def movement_detail(*, actor, pk: int) -> tuple[Movement, list[EmulationTitle]]:
    """A movement and the titles conferred under it in the actor's subtree, latest first."""
    movement = movement_get(actor=actor, pk=pk)
    return movement, list(title_list(actor=actor).filter(movement=movement))


def title_list(*, actor, year: int | None = None, organization: Organization | None = None, kind: str = ""):
    """The titles of the actor's subtree (narrowed to `organization`'s subtree, a year, a
    kind), latest first."""
    return _decisions(EmulationTitle.objects.select_related("organization", "member", "unit", "deciding_body",
                                                            "movement"), actor, year=year, kind=kind,
                      organization=organization)


def title_members(*, actor, organization: Organization):
    """The members on the rolls in `organization`'s subtree a title may be conferred on, by
    name."""
    require_read(actor, organization.path)
    return (Member.objects.filter(under(organization.path, "organization__path"), on_roll=True)
            .select_related("organization").order_by("name_sort_key", "id"))


def title_member(*, actor, pk: int) -> Member:
    """A member of the actor's subtree (else ``NotFound``)."""
    member = get_or_not_found(Member.objects.select_related("organization"), pk=pk)
    require_read(actor, member.organization.path)
    return member


def deciding_bodies(*, actor):
    """The bodies the actor may record a decision for: the active organizations it may
    change that give some kind of commendation, in tree order."""
    kinds = {k for kinds in rules.BODY_KINDS.values() for k in kinds}
    return writable_organizations(actor).filter(kind__in=kinds, dissolved_on__isnull=True).order_by("path")


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


# Party badges


@dataclass
class BadgeRow:
    member: Member
    due: badges.Due
    reason: str = ""  # excluded: why; early: which reason it needs


@dataclass
class BadgeListing:
    organization: Organization
    on: datetime.date
    previous: datetime.date
    rules: badges.Rules
    eligible: list[BadgeRow] = field(default_factory=list)
    excluded: list[BadgeRow] = field(default_factory=list)
    early: list[BadgeRow] = field(default_factory=list)
    awarded: list[Badge] = field(default_factory=list)

    def by_milestone(self) -> list[tuple[int, int]]:
        """(milestone, members due) for the milestones with someone due."""
        counts: dict[int, int] = {}
        for row in self.eligible:
            counts[row.due.milestone] = counts.get(row.due.milestone, 0) + 1
        return sorted(counts.items())


def badge_extra_dates(organization: Organization) -> tuple[datetime.date, ...]:
    """The award dates committees on `organization`'s path set."""
    return tuple(BadgeDate.objects.filter(organization_id__in=path_ids(organization.path))
                 .values_list("on", flat=True))


def badge_list_engine(*, organization: Organization, on: datetime.date) -> BadgeListing:
    """The badge list of `on` for `organization`'s subtree (not scoped: the services and the
    command line read it). Members on the rolls due a badge (``badges.due``), split into
    those a discipline wait keeps off and the others; members within the early-award months
    of their next milestone (illness), and members who died within the posthumous months;
    the badges awarded that day."""
    rules = badges.rules_on(on)
    listing = BadgeListing(organization=organization, on=on, rules=rules,
                           previous=badges.previous_award_date(on, badge_extra_dates(organization)))
    latest_start = on + relativedelta(months=max(rules.illness_early, rules.illness_early_senior,
                                                 rules.posthumous_early)) - relativedelta(years=badges.MILESTONES[0])
    living = Q(status__in=IN_PARTY, on_roll=True)
    recently_dead = Q(status=Member.Status.DECEASED, party_age_end__gt=on - relativedelta(months=rules.posthumous_early),
                      party_age_end__lte=on)
    members = list(
        Member.objects.filter(under(organization.path, "organization__path"), living | recently_dead,
                              party_age_start__lte=latest_start)
        .select_related("organization").order_by("organization__path", "name_sort_key", "id")
    )
    ids = [m.pk for m in members]
    awarded: dict[int, set[int]] = {}
    for member_id, milestone in Badge.objects.filter(member_id__in=ids).values_list("member_id", "milestone"):
        awarded.setdefault(member_id, set()).add(milestone)
    decisions = inspection_selectors.member_decisions(member_ids=ids, until=on)
    for member in members:
        got = awarded.get(member.pk, set())
        start, end = member.party_age_start, member.party_age_end
        if member.status == Member.Status.DECEASED:
            soon = badges.upcoming(start=start, end=end, on=on, awarded=got, rules=rules, reason=badges.POSTHUMOUS)
            if soon:
                listing.early.append(BadgeRow(member, soon, badges.POSTHUMOUS))
            continue
        due = badges.due(start=start, end=end, on=on, previous=listing.previous, awarded=got)
        if due is None:
            soon = badges.upcoming(start=start, end=end, on=on, awarded=got, rules=rules)
            if soon:
                listing.early.append(BadgeRow(member, soon, badges.ILLNESS))
            continue
        excluded = badges.exclusion(decisions.get(member.pk, []), on=on, rules=rules)
        if excluded:
            listing.excluded.append(BadgeRow(member, due, badges.exclusion_text(excluded, rules)))
        else:
            listing.eligible.append(BadgeRow(member, due))
    listing.awarded = list(Badge.objects.filter(under(organization.path, "organization__path"), awarded_on=on)
                           .select_related("member", "organization")
                           .order_by("organization__path", "member__name_sort_key", "id"))
    return listing


def badge_list(*, actor, organization: Organization, on: datetime.date) -> BadgeListing:
    require_read(actor, organization.path)
    return badge_list_engine(organization=organization, on=on)


def badge_organization(*, actor, pk: int | None) -> Organization:
    """The organization a badge page is about: `pk` in the actor's subtree, else the top of
    its scope."""
    visible = visible_organizations(actor)
    if pk is not None:
        return get_or_not_found(visible, pk=pk)
    root = visible.order_by("depth", "path").first()
    if root is None:
        raise NotFound(Organization._meta.verbose_name)
    return root


def badge_member(*, actor, pk: int) -> Member:
    member = get_or_not_found(Member.objects.select_related("organization"), pk=pk)
    require_read(actor, member.organization.path)
    return member


def member_badges(*, actor, member: Member) -> list[Badge]:
    """The badges of a member (for the member's page), latest first."""
    require_read(actor, member.organization.path)
    return list(Badge.objects.filter(member=member).order_by("-milestone"))


def badge_dates(*, actor, year: int) -> list[tuple[datetime.date, str, Organization | None]]:
    """The award dates of `year` for the actor: (date, occasion, committee; None for the
    four standard dates). A committee's date counts for its subtree: those set in the
    actor's subtree and above its root."""
    out: list[tuple[datetime.date, str, Organization | None]] = [(d, "", None) for d in badges.standard_dates(year)]
    prefix = scope_path(actor)
    if prefix is None:
        return out
    rows = BadgeDate.objects.filter(on__year=year).filter(under(prefix, "organization__path")
                                                          | Q(organization_id__in=path_ids(prefix)))
    out += [(row.on, row.note, row.organization) for row in rows.select_related("organization")]
    return sorted(out, key=lambda r: (r[0], r[2] is not None))


def badge_rule_tables() -> dict:
    """The rule sets, the cash multiples and the base salaries, as the rules page shows
    them (not scoped: the same for everyone)."""
    return {
        "rule_sets": list(BadgeRuleSet.objects.order_by("valid_from")),
        "cash_rates": list(BadgeCashRate.objects.order_by("valid_from", "milestone")),
        "salaries": list(BadgeBaseSalary.objects.order_by("valid_from")),
    }


@dataclass
class WorkForm:
    """The member-work statistical form (Biểu 7-like) for a period against the same period a
    year before: commendations by kind and subject (by decision date), badges by milestone,
    cards issued, transfers in and out."""

    organization: Organization
    start: datetime.date
    end: datetime.date
    badges: list[tuple[int, int, int]] = field(default_factory=list)  # milestone, this period, last year's
    badges_total: tuple[int, int] = (0, 0)
    cards: tuple[int, int] = (0, 0)
    transfers_in: tuple[int, int] = (0, 0)
    transfers_out: tuple[int, int] = (0, 0)
    commendations: list[tuple[str, int, int]] = field(default_factory=list)

    def sections(self) -> list[tuple[str, list[tuple[str, int, int, Decimal | None, bool]]]]:
        """The form as it is printed and exported: (section, rows), each row (label, this
        period, same period last year, this against last year in %, whether a total)."""
        def row(label, now, before, total=False):
            return (label, now, before, formatting.share(now, before), total)

        return [
            (_("Commendations"), [row(label, now, before) for label, now, before in self.commendations]),
            (_("Party badges"), [row(_("%(years)s-year badge") % {"years": m}, now, before)
                                 for m, now, before in self.badges]
             + [row(_("Badges, total"), *self.badges_total, total=True)]),
            (_("Cards and transfers"), [row(_("Party cards issued"), *self.cards),
                                        row(_("Members transferred in"), *self.transfers_in),
                                        row(_("Members transferred out"), *self.transfers_out)]),
        ]


def _work_counts(organization: Organization, start: datetime.date, end: datetime.date) -> dict:
    prefix = organization.path
    by_milestone = dict(Badge.objects.filter(under(prefix, "organization__path"), awarded_on__gte=start,
                                             awarded_on__lte=end)
                        .values("milestone").annotate(n=Count("id")).values_list("milestone", "n"))
    # A card is counted by the full membership date of members with a card number (the
    # register keeps no card issue date).
    cards = Member.objects.filter(under(prefix, "organization__path"), full_membership_date__gte=start,
                                  full_membership_date__lte=end).exclude(card_number="").count()
    # Transfers in and out of the subtree: from or to outside the Party organization (kinds
    # in, out) and between this subtree and the rest of it (kind internal).
    transfers = Transfer.objects.filter(annulled=False, on__gte=start, on__lte=end,
                                        kind__in=[Transfer.Kind.IN, Transfer.Kind.OUT, Transfer.Kind.INTERNAL])
    moved_in = transfers.filter(under(prefix, "to_organization__path")).exclude(
        under(prefix, "from_organization__path")).count()
    moved_out = transfers.filter(under(prefix, "from_organization__path")).exclude(
        under(prefix, "to_organization__path")).count()
    commended = {}
    for row in Commendation.objects.filter(under(prefix, "unit__path"), decided_on__gte=start,
                                           decided_on__lte=end).values("kind").annotate(
            organizations=Count("id", filter=Q(member__isnull=True)), members=Count("id", filter=Q(member__isnull=False))):
        commended[(row["kind"], True)], commended[(row["kind"], False)] = row["organizations"], row["members"]
    return {"badges": by_milestone, "cards": cards, "in": moved_in, "out": moved_out, "commended": commended}


def badge_work_form(*, actor, organization: Organization, start: datetime.date, end: datetime.date) -> WorkForm:
    require_read(actor, organization.path)
    now = _work_counts(organization, start, end)
    before = _work_counts(organization, start - relativedelta(years=1), end - relativedelta(years=1))
    form = WorkForm(organization=organization, start=start, end=end)
    form.badges = [(m, now["badges"].get(m, 0), before["badges"].get(m, 0)) for m in badges.MILESTONES]
    form.badges_total = (sum(now["badges"].values()), sum(before["badges"].values()))
    form.cards = (now["cards"], before["cards"])
    form.transfers_in = (now["in"], before["in"])
    form.transfers_out = (now["out"], before["out"])
    form.commendations = [
        (f"{label} · {subject}", now["commended"].get((kind, to_organizations), 0),
         before["commended"].get((kind, to_organizations), 0))
        for kind, label in Commendation.Kind.choices
        for to_organizations, subject in ((True, _("organizations")), (False, _("members")))]
    return form


def badge_organizations(*, actor):
    """The organizations a badge page may be about (the actor's subtree, tree order)."""
    return visible_organizations(actor).filter(dissolved_on__isnull=True).order_by("path")
