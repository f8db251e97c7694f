"""Reads of the organization tree, always through the actor's scope."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from .models import Organization, Placement, path_ids
from .scope import scope_path, visible_organizations


def organization_get(*, actor, pk: int) -> Organization:
    """One organization in the actor's subtree, or 404."""
    return get_object_or_404(
        visible_organizations(actor).select_related("parent", "merged_into"), pk=pk
    )


def organization_by_code(*, actor, code: str) -> Organization:
    return get_object_or_404(visible_organizations(actor), code=code)


def actor_root(actor) -> Organization | None:
    """The top of what the actor sees."""
    if actor.is_superuser:
        return Organization.objects.filter(parent__isnull=True).order_by("path").first()
    return actor.organization


def breadcrumbs(*, actor, organization: Organization) -> list[Organization]:
    """Ancestors of `organization` (itself last) that the actor may see, root first."""
    prefix = scope_path(actor) or ""
    ids = path_ids(organization.path)
    found = {o.pk: o for o in Organization.objects.filter(pk__in=ids) if o.path.startswith(prefix)}
    return [found[i] for i in ids if i in found]


def children(*, actor, organization: Organization, include_dissolved: bool = False):
    qs = visible_organizations(actor).filter(parent=organization)
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    return qs.annotate(
        child_count=Count("children", filter=Q(children__dissolved_on__isnull=True))
    ).order_by("kind", "name")


def subtree(*, actor, organization: Organization, include_dissolved: bool = False):
    """The organization and everything under it, in tree order."""
    qs = visible_organizations(actor).filter(path__startswith=organization.path)
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    return qs.order_by("path")


def subtree_as_of(*, actor, organization: Organization, on: datetime.date):
    """Placements of the subtree of `organization` as the tree stood on `on`."""
    root = Placement.objects.filter(
        organization=organization, valid_from__lte=on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).first()
    if root is None:
        return Placement.objects.none()
    prefix = scope_path(actor)
    if prefix is None or not root.path.startswith(prefix) and not organization.path.startswith(prefix):
        return Placement.objects.none()
    return (
        Placement.objects.filter(path__startswith=root.path, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("organization")
        .order_by("path")
    )


def counts_by_kind(*, actor, organization: Organization) -> dict[str, int]:
    """Active organizations in the subtree by kind (the organization itself excluded)."""
    rows = (
        subtree(actor=actor, organization=organization)
        .exclude(pk=organization.pk)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {r["kind"]: r["n"] for r in rows}


def organization_search(*, actor, query: str, limit: int = 10):
    from dangvu.core.text import normalize

    q = normalize(query)
    if not q:
        return Organization.objects.none()
    return visible_organizations(actor).filter(name_normalized__contains=q).order_by("depth", "name")[:limit]
