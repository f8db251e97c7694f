"""Reads of member records, always through the actor's scope."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import get_or_not_found
from dangvu.core.text import normalize
from dangvu.orgs.models import Committee, Organization, under, under_params, under_sql
from dangvu.orgs.scope import (
    in_scope,
    scope_path,
    visible_organizations,
    writable_organizations,
    write_refusal,
)

from .measures import on_roll
from .models import (
    IN_PARTY,
    MEMBER_HOLDING_KINDS,
    Affiliation,
    CommitteeSeat,
    Member,
    StatusChange,
    Transfer,
)


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: int | None  # years, inclusive
    high: int | None  # years, exclusive


AGE_BANDS = [
    Band("lt30", _("Under 30"), None, 30),
    Band("30-40", _("30 to 40"), 30, 41),
    Band("41-50", _("41 to 50"), 41, 51),
    Band("51-60", _("51 to 60"), 51, 61),
    Band("gt60", _("Over 60"), 61, None),
]
PARTY_AGE_BANDS = [
    Band("lt10", _("Under 10 years"), None, 10),
    Band("10-30", _("10 to under 30 years"), 10, 30),
    Band("30-40", _("30 to under 40 years"), 30, 40),
    Band("40-50", _("40 to under 50 years"), 40, 50),
    Band("ge50", _("50 years and more"), 50, None),
]


def _band_filter(field: str, band: Band, today: datetime.date) -> Q:
    """Years elapsed since `field` within [low, high): a date range on the field."""
    q = Q()
    if band.low is not None:
        q &= Q(**{f"{field}__lte": today - relativedelta(years=band.low)})
    if band.high is not None:
        q &= Q(**{f"{field}__gt": today - relativedelta(years=band.high)})
    return q


def visible_members(actor):
    prefix = scope_path(actor)
    if prefix is None:
        return Member.objects.none()
    qs = Member.objects.all()
    return qs.filter(under(prefix, "organization__path")) if prefix else qs


_NUMBER_RE = re.compile(r"^\d{4,8}[a-z]{0,3}$")


def _by_number(query: str) -> Q | None:
    """The members whose card or biography number starts with `query` (a normalized search,
    spaces ignored), or None when it is not the start of a number."""
    compact = query.replace(" ", "")
    if not _NUMBER_RE.match(compact):
        return None
    number = compact.upper()
    return Q(card_number__startswith=number) | Q(biography_number__startswith=number)


def member_list(
    *, actor, query: str = "", organization: Organization | None = None, status: str = "",
    gender: str = "", age_band: str = "", party_age_band: str = "",
    today: datetime.date | None = None,
):
    """Members in Vietnamese name order. `status`: "" for those on the rolls now, "all",
    or one status. The search ignores case and diacritics and also finds card and
    biography numbers."""
    today = today or timezone.localdate()
    qs = visible_members(actor).select_related("organization")
    if organization is not None:
        qs = qs.filter(under(organization.path, "organization__path"))
    if status == "all":
        pass
    elif status:
        qs = qs.filter(status=status)
        if status in IN_PARTY:
            qs = qs.filter(on_roll=True)
    else:
        qs = qs.filter(on_roll=True)
    if gender:
        qs = qs.filter(gender=gender)
    band = {b.key: b for b in AGE_BANDS}.get(age_band)
    if band:
        qs = qs.filter(_band_filter("birth_date", band, today))
    band = {b.key: b for b in PARTY_AGE_BANDS}.get(party_age_band)
    if band:
        qs = qs.filter(_band_filter("party_age_start", band, today))
    q = normalize(query)
    if q:
        number = _by_number(q)
        qs = qs.filter(number if number is not None else Q(name_normalized__contains=q))
    return qs.order_by("name_sort_key", "id")


_YEAR_RE = re.compile(r"^(19|20)\d\d$")

#: How many members a picker's search shows at most.
PICK_LIMIT = 20


def member_pick(*, actor, candidates, query: str, limit: int = PICK_LIMIT) -> list[Member]:
    """At most `limit` members of `candidates` (the members a form may name: a queryset of a
    module's selector) inside the actor's subtree that match `query`, in Vietnamese name order,
    with their organization, in one query. The query matches the name without case or
    diacritics ("nguyen van duoc" finds "Nguyễn Văn Được"; every word, in any order), a
    birth year ("1980"), or the start of a card or biography number. An empty query finds no
    one."""
    q = normalize(query)
    if not q:
        return []
    qs = candidates.filter(pk__in=visible_members(actor).values("pk"))
    compact, number = q.replace(" ", ""), _by_number(q)
    if _YEAR_RE.match(compact):  # a year is also the start of a number
        qs = qs.filter(Q(birth_date__year=int(compact)) | number)
    elif number is not None:
        qs = qs.filter(number)
    else:
        for word in q.split(" "):
            qs = qs.filter(name_normalized__contains=word)
    return list(qs.select_related("organization").order_by("name_sort_key", "id")[:limit])


def member_get(*, actor, pk: int) -> Member:
    """One member with the full history, or NotFound outside the actor's subtree."""
    return get_or_not_found(
        visible_members(actor).select_related("organization").prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("on", "id")),
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
            Prefetch("transfers", queryset=Transfer.objects.select_related("from_organization", "to_organization")),
            "interruptions",
            Prefetch("seats", queryset=CommitteeSeat.objects.select_related("committee__organization")),
        ),
        pk=pk,
    )


def status_counts(*, actor, organization: Organization) -> dict[str, int]:
    """Members by status in the subtree: the rolls for probationary and full, everyone
    ever recorded there for the other statuses."""
    rows = (
        visible_members(actor).filter(under(organization.path, "organization__path"))
        .filter(Q(on_roll=True) | ~Q(status__in=IN_PARTY))
        .values("status").annotate(n=Count("id"))
    )
    return {r["status"]: r["n"] for r in rows}


def counts_by_gender(*, actor, organization: Organization) -> dict[str, int]:
    rows = (
        visible_members(actor).filter(under(organization.path, "organization__path"), on_roll=True)
        .values("gender").annotate(n=Count("id"))
    )
    return {r["gender"]: r["n"] for r in rows}


def member_counts_by_child(*, actor, parent: Organization) -> dict[int, int]:
    """Members on the rolls in the subtree of each child of `parent`: one scan, grouped by
    the child's path (the prefix of every descendant path at the child's depth)."""
    if not in_scope(actor, parent.path):
        return {}
    width = len(parent.path) + len(parent.path) // (parent.depth + 1)
    org, mem = Organization._meta.db_table, Member._meta.db_table
    sql = (
        f"SELECT SUBSTR(o.path, 1, %(width)s) AS p, COUNT(*) FROM {mem} m "
        f"JOIN {org} o ON o.id = m.organization_id "
        f"WHERE {under_sql('o.path', 'parent')} AND o.path <> %(own)s AND m.on_roll = %(on_roll)s "
        f"GROUP BY SUBSTR(o.path, 1, %(width)s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"width": width, "own": parent.path, "on_roll": True, **under_params("parent", parent.path)})
        by_path = dict(cursor.fetchall())
    ids = {p: int(p.rstrip(".").rsplit(".", 1)[-1]) for p in by_path}
    return {ids[p]: n for p, n in by_path.items()}


def subtree_member_count(*, actor, organization: Organization) -> int:
    return visible_members(actor).filter(under(organization.path, "organization__path"), on_roll=True).count()


def transfer_targets(*, actor, member: Member):
    """The cells `member` may be transferred to, in tree order: what
    `services.member_transfer_refusal` accepts but for the date (active cells the actor may
    change, other than the member's). Empty when the actor may not transfer the member: out
    of the Party, off the rolls, or outside what the actor may change."""
    if member.status not in IN_PARTY or not member.on_roll or write_refusal(actor, member.organization):
        return Organization.objects.none()
    return (
        writable_organizations(actor).filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)
        .exclude(pk=member.organization_id).order_by("path")
    )


def on_roll_total(status_counts: dict[str, int]) -> int:
    """Members on the rolls (probationary and full) from `status_counts`' answer."""
    return sum(status_counts.get(status, 0) for status in IN_PARTY)


def cells_for_new_member(*, actor):
    """The active cells the actor may record a member on, in tree order."""
    return (writable_organizations(actor).filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)
            .order_by("path"))


def attendance_cells(*, actor, member: Member):
    """Cells of the actor's tree where `member` may attend temporarily (not the home cell)."""
    return (visible_organizations(actor).filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)
            .exclude(pk=member.organization_id).order_by("path"))


def status_change_get(*, actor, member: Member, pk: int) -> StatusChange:
    """One status row of a member the actor sees (`member_get` first), or NotFound."""
    return get_or_not_found(StatusChange.objects.filter(member=member), pk=pk)


def transfer_get(*, actor, member: Member, pk: int) -> Transfer:
    """One transfer row of a member the actor sees (`member_get` first), or NotFound."""
    return get_or_not_found(Transfer.objects.filter(member=member).select_related(
        "from_organization", "to_organization"), pk=pk)


def current_committee(*, actor, organization: Organization):
    """The committee of `organization` whose term holds today, else its latest; with its
    seats (member, in order). None when it has none recorded."""
    today = timezone.localdate()
    committees = Committee.objects.filter(organization=organization).prefetch_related(
        Prefetch("seats", queryset=CommitteeSeat.objects.select_related("member").order_by("end", "start", "id")))
    return (committees.filter(term_start__lte=today, term_end__gt=today).first()
            or committees.order_by("-term_start").first())


def seat_candidates(*, actor, organization: Organization):
    """Members on the rolls in `organization`'s subtree, by name: who may hold a seat on its
    committee."""
    return (visible_members(actor).filter(under(organization.path, "organization__path"), on_roll=True,
                                          status__in=IN_PARTY).order_by("name_sort_key", "id"))


def seat_get(*, actor, pk: int) -> CommitteeSeat:
    """One seat of a committee the actor sees, or NotFound."""
    return get_or_not_found(CommitteeSeat.objects.select_related("committee__organization", "member").filter(
        committee__organization__in=visible_organizations(actor)), pk=pk)


def full_members_on(organization: Organization, on: datetime.date):
    """The full members on the rolls of `organization` on `on` (an engine read for the
    registers that count a cell's votes: not scoped by an actor)."""
    return Member.objects.filter(
        pk__in=on_roll(Member.Status.FULL)(on, on).filter(organization=organization).values("member_id"),
    )
