"""Reads of inspections, supervisions, programs and discipline.

Page reads (``*_list``, ``*_get``) are scoped by the actor: an inspection or a program is
seen under the subtree of the organization conducting or issuing it; a discipline decision
under the subtree of its unit (the organization disciplined, or the member's cell on the
decision date). Outside the scope: ``NotFound``.

Engine-level reads for other registers (``disciplines_in_effect``, ``disciplined_in_year``)
are not scoped by an actor: ratings and awards call them for the organizations they judge,
and scope their own pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from dangvu.core.errors import NotFound, get_or_not_found
from dangvu.members.models import Member
from dangvu.orgs.models import Organization, path_ids, under
from dangvu.orgs.scope import require_read, scope_path, visible_organizations

from . import rules, services
from .models import Discipline, Inspection, InspectionKind, InspectionProgram


def _scoped(qs, actor, field: str):
    prefix = scope_path(actor)
    if prefix is None:
        return qs.none()
    return qs.filter(under(prefix, field)) if prefix else qs


# Kinds and programs

def inspection_kinds(*, supervision: bool | None = None):
    qs = InspectionKind.objects.all()
    return qs if supervision is None else qs.filter(is_supervision=supervision)


def program_list(*, actor, year: int | None = None, organization: Organization | None = None):
    """Programs issued inside the actor's subtree (narrowed to `organization`'s subtree and
    to `year`), latest year first."""
    qs = _scoped(InspectionProgram.objects.select_related("organization"), actor, "organization__path")
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "organization__path"))
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(inspection_count=Count("inspections")).order_by("-year", "organization__path", "issuer")


def programs_for(*, actor, organization: Organization):
    """The programs an inspection by `organization` may belong to."""
    require_read(actor, organization.path)
    return InspectionProgram.objects.filter(organization=organization).order_by("-year")


# Inspections and supervisions

def inspection_list(*, actor, year: int | None = None, kind: InspectionKind | None = None,
                    organization: Organization | None = None, supervision: bool | None = None):
    """Inspections and supervisions conducted inside the actor's subtree, narrowed to those
    conducted in `organization`'s subtree, of `kind`, starting in `year`; latest first, each
    with its kind and conducting organization and the numbers of organizations and members
    covered. A queryset: a page is one query, its count another."""
    qs = _scoped(Inspection.objects.all(), actor, "organization__path")
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "organization__path"))
    if year:
        qs = qs.filter(start__year=year)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if supervision is not None:
        qs = qs.filter(kind__is_supervision=supervision)
    return (qs.select_related("kind", "organization", "program")
            .annotate(organization_count=Count("organization_rows", distinct=True),
                      member_count=Count("member_rows", distinct=True))
            .order_by("-start", "-id"))


def inspection_get(*, actor, pk: int) -> Inspection:
    """One inspection or supervision conducted inside the actor's subtree, or NotFound."""
    qs = _scoped(Inspection.objects.select_related("kind", "organization", "program"), actor, "organization__path")
    return get_or_not_found(qs, pk=pk)


def inspection_subjects(*, inspection: Inspection) -> tuple[list[Organization], list[Member]]:
    """The organizations and members an inspection (already read through the scope) covers."""
    orgs = list(Organization.objects.filter(pk__in=inspection.organization_rows.values("organization_id"))
                .order_by("path"))
    members = list(Member.objects.filter(pk__in=inspection.member_rows.values("member_id"))
                   .select_related("organization").order_by("name_sort_key", "id"))
    return orgs, members


def subject_organizations(*, actor, organization: Organization):
    """The organizations an inspection by `organization` may cover: its subtree, standing."""
    require_read(actor, organization.path)
    return visible_organizations(actor).filter(under(organization.path), dissolved_on__isnull=True).order_by("path")


def subject_members(*, actor, organization: Organization):
    """Members on the rolls in `organization`'s subtree (an inspection's members), by name."""
    require_read(actor, organization.path)
    return (Member.objects.filter(under(organization.path, "organization__path"), on_roll=True)
            .select_related("organization").order_by("name_sort_key", "id"))


# Discipline

def discipline_list(*, actor, year: int | None = None, form: str = "", organization: Organization | None = None,
                    include_annulled: bool = True):
    """Discipline decisions whose unit is inside the actor's subtree (narrowed to
    `organization`'s subtree, a decision `year`, a `form`), latest first."""
    qs = _scoped(Discipline.objects.all(), actor, "unit__path")
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "unit__path"))
    if year:
        qs = qs.filter(decided_on__year=year)
    if form:
        qs = qs.filter(form=form)
    if not include_annulled:
        qs = qs.filter(annulled=False)
    return qs.select_related("unit", "member", "organization", "deciding_body").order_by("-decided_on", "-id")


def discipline_get(*, actor, pk: int) -> Discipline:
    qs = _scoped(Discipline.objects.select_related("unit", "member", "organization", "deciding_body",
                                                   "status_change"), actor, "unit__path")
    return get_or_not_found(qs, pk=pk)


def discipline_subject_member(*, actor, pk: int) -> Member:
    """A member the actor may name in a discipline decision (in its subtree), or NotFound."""
    prefix = scope_path(actor)
    if prefix is None:
        raise NotFound(Member._meta.verbose_name)
    qs = Member.objects.select_related("organization")
    return get_or_not_found(qs.filter(under(prefix, "organization__path")) if prefix else qs, pk=pk)


def deciding_bodies(*, actor, unit: Organization):
    """The organizations that may decide a discipline about `unit` or its members: it and the
    levels above it (those the actor sees first)."""
    return Organization.objects.filter(pk__in=path_ids(unit.path)).order_by("-depth")


def discipline_annul_refusal(*, actor, discipline: Discipline) -> str:
    return services.discipline_annul_refusal(actor=actor, discipline=discipline)


# Engine-level reads for other registers (not scoped by an actor)

def disciplines_in_effect(*, on: datetime.date):
    """Decisions in effect on `on` (taken on or before it, not lapsed, not annulled), with
    their subject and unit. Not scoped: a read for ratings and awards."""
    return (Discipline.objects.filter(annulled=False, decided_on__lte=on)
            .filter(Q(lapses_on__isnull=True) | Q(lapses_on__gt=on))
            .select_related("unit", "member", "organization"))


def member_decisions(*, member_ids=None, until: datetime.date | None = None) -> dict[int, list[tuple]]:
    """Discipline decisions about members (annulled ones aside), taken on or before `until`:
    ``{member_id: [(form, decision date, number), ...]}`` in date order. `member_ids`: only
    those members (None: all). Not scoped: a read for awards (badge waits). One query."""
    qs = Discipline.objects.filter(annulled=False, member__isnull=False)
    if member_ids is not None:
        qs = qs.filter(member_id__in=list(member_ids))
    if until is not None:
        qs = qs.filter(decided_on__lte=until)
    out: dict[int, list[tuple]] = {}
    for member_id, form, decided_on, number in qs.order_by("decided_on", "id").values_list(
            "member_id", "form", "decided_on", "number"):
        out.setdefault(member_id, []).append((form, decided_on, number))
    return out


@dataclass
class DisciplinedInYear:
    """Who was disciplined by a decision dated in a year (annulled decisions aside):
    ``members[member_id]`` and ``organizations[organization_id]`` are the forms of their
    decisions that year, in date order; ``by_form[form]`` the (kind, id) pairs."""

    year: int
    members: dict[int, list[str]] = field(default_factory=dict)
    organizations: dict[int, list[str]] = field(default_factory=dict)

    def by_form(self, form: str) -> dict[str, set[int]]:
        return {"members": {m for m, forms in self.members.items() if form in forms},
                "organizations": {o for o, forms in self.organizations.items() if form in forms}}


def disciplined_in_year(year: int) -> DisciplinedInYear:
    """Members and organizations disciplined by a decision dated in `year` (a decision taken
    this year for an old violation counts this year: RULES.md, "Annual rating"). Not scoped:
    a read for ratings and awards. One query."""
    out = DisciplinedInYear(year=year)
    rows = (Discipline.objects.filter(annulled=False, decided_on__year=year).order_by("decided_on", "id")
            .values_list("member_id", "organization_id", "form"))
    for member_id, organization_id, form in rows:
        if member_id:
            out.members.setdefault(member_id, []).append(form)
        else:
            out.organizations.setdefault(organization_id, []).append(form)
    return out


def lapse_date(*, form: str, decided_on: datetime.date) -> datetime.date | None:
    """When a decision alone would lapse (for forms that explain it)."""
    return rules.base_lapse(form=form, decided_on=decided_on)


def deciding_body_choices(*, actor):
    """The bodies a page offers as deciding a discipline: the actor's subtree and the levels
    above its root (a decision of the level above is recorded below)."""
    prefix = scope_path(actor)
    if prefix is None:
        return Organization.objects.none()
    if not prefix:
        return Organization.objects.order_by("path")
    return Organization.objects.filter(Q(pk__in=path_ids(prefix)) | under(prefix)).order_by("path")


def kind_get(pk: int) -> InspectionKind:
    return get_or_not_found(InspectionKind.objects.all(), pk=pk)


def program_get(*, actor, pk: int) -> InspectionProgram:
    return get_or_not_found(_scoped(InspectionProgram.objects.select_related("organization"), actor,
                                    "organization__path"), pk=pk)


def deciding_body_get(*, actor, pk: int) -> Organization:
    return get_or_not_found(deciding_body_choices(actor=actor), pk=pk)
