"""Reads of the awards registers, scoped by the actor's subtree.

Party badges: the list for an award date (``badge_list``: due, excluded with the reason,
may come early, awarded), a member's badges, the award dates, the rule tables and the
member-work statistical form (``badge_work_form``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q

from dangvu.core.errors import NotFound, get_or_not_found
from dangvu.inspections import selectors as inspection_selectors
from dangvu.members.models import IN_PARTY, Member, Transfer
from dangvu.orgs.models import Organization, path_ids, under
from dangvu.orgs.scope import require_read, scope_path, visible_organizations

from . import badges
from .models import Badge, BadgeBaseSalary, BadgeCashRate, BadgeDate, BadgeRuleSet

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
    year before: badges by milestone, cards issued, transfers in and out. Commendations:
    added by the commendations register (``commendations`` stays empty until then)."""

    organization: Organization
    start: datetime.date
    end: datetime.date
    badges: list[tuple[int, int, int]] = field(default_factory=list)  # milestone, this period, last year's
    badges_total: tuple[int, int] = (0, 0)
    cards: tuple[int, int] = (0, 0)
    transfers_in: tuple[int, int] = (0, 0)
    transfers_out: tuple[int, int] = (0, 0)
    commendations: list[tuple[str, int, int]] = field(default_factory=list)


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
    return {"badges": by_milestone, "cards": cards, "in": moved_in, "out": moved_out}


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
    return form


def badge_organizations(*, actor):
    """The organizations a badge page may be about (the actor's subtree, tree order)."""
    return visible_organizations(actor).filter(dissolved_on__isnull=True).order_by("path")
