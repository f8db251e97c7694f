"""Reads of the organization tree, always through the actor's scope."""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from dangvu.core.errors import get_or_not_found

from .models import (
    ALLOWED_PARENTS,
    MERGE_TARGET_KINDS,
    Organization,
    Placement,
    User,
    path_ids,
    under,
)
from .scope import (
    in_scope,
    is_admin,
    restructure_refusal,
    scope_path,
    visible_organizations,
    writable_organizations,
)


def organization_get(*, actor, pk: int) -> Organization:
    """One organization in the actor's subtree, or NotFound."""
    return get_or_not_found(visible_organizations(actor).select_related("parent", "merged_into"), pk=pk)


def organization_by_code(*, actor, code: str) -> Organization:
    return get_or_not_found(visible_organizations(actor), code=code)


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
    qs = visible_organizations(actor).filter(under(organization.path))
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
    if not in_scope(actor, root.path) and not in_scope(actor, organization.path):
        return Placement.objects.none()
    return (
        Placement.objects.filter(under(root.path), valid_from__lte=on)
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


def move_targets(*, actor, organization: Organization):
    """The parents `organization` may be moved under, in tree order: what
    `services.organization_move_refusal` accepts but for the date (active organizations the
    actor may change, of a kind allowed above it, outside its own subtree, not its parent).
    Empty when the actor may not move it."""
    if organization.dissolved_on is not None or restructure_refusal(actor, organization):
        return Organization.objects.none()
    kinds = [k for k in ALLOWED_PARENTS[organization.kind] if k is not None]
    return (
        writable_organizations(actor).filter(kind__in=kinds, dissolved_on__isnull=True)
        .exclude(under(organization.path)).exclude(pk=organization.parent_id).order_by("path")
    )


def merge_targets(*, actor, organization: Organization):
    """The organizations `organization` may be merged into, in tree order: what
    `services.organization_merge_refusal` accepts but for the date (active organizations
    the actor may change, of a kind in `MERGE_TARGET_KINDS`, outside its own subtree).
    Empty when the actor may not merge it."""
    if organization.dissolved_on is not None or restructure_refusal(actor, organization):
        return Organization.objects.none()
    return (
        writable_organizations(actor).filter(kind__in=MERGE_TARGET_KINDS[organization.kind], dissolved_on__isnull=True)
        .exclude(under(organization.path)).order_by("path")
    )


# --- accounts --------------------------------------------------------------------------

def _accounts_visible(actor):
    """Accounts bound to the actor's subtree, if the actor administers it (superusers see
    every account); nobody else reads accounts."""
    prefix = scope_path(actor)
    if prefix is None or not is_admin(actor):
        return User.objects.none()
    qs = User.objects.select_related("organization")
    return qs.filter(under(prefix, "organization__path")) if prefix else qs


def account_list(*, actor):
    """The accounts the actor administers, by organization (tree order) then username."""
    return _accounts_visible(actor).order_by("organization__path", "username")


def account_get(*, actor, pk: int) -> User:
    """One account the actor administers, or NotFound (outside the subtree, or not an
    administrator)."""
    return get_or_not_found(_accounts_visible(actor), pk=pk)


def account_by_username(*, actor, username: str) -> User:
    """The account named `username` that the actor administers, or NotFound."""
    return get_or_not_found(_accounts_visible(actor), username=username)


def account_organizations(*, actor):
    """The organizations an account may be bound to by the actor, in tree order: the active
    organizations of the subtree it administers (what ``accounts.user_create`` accepts)."""
    if not is_admin(actor):
        return Organization.objects.none()
    return writable_organizations(actor).filter(dissolved_on__isnull=True).order_by("path")


def _lockout_rows(usernames=None):
    limit = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    rows = AccessAttempt.objects.filter(failures_since_start__gte=limit, attempt_time__gte=since)
    return rows if usernames is None else rows.filter(username__in=usernames)


def account_locked(*, username: str) -> bool:
    """Whether failed logins lock `username` out now (django-axes' records: the failure
    limit reached, from any address, within the cool-off time)."""
    return _lockout_rows([username]).exists()


def locked_usernames(usernames) -> set[str]:
    """Which of `usernames` are locked out now (one query, for a list page)."""
    return set(_lockout_rows(list(usernames)).values_list("username", flat=True))
