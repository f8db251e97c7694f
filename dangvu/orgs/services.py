"""Writes to the organization tree. Each checks permission and the rules, and audits."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from dangvu.core import audit, registry
from dangvu.core.errors import PermissionDenied, RuleViolation
from dangvu.core.text import normalize

from .models import (
    ALLOWED_PARENTS,
    Committee,
    Organization,
    OrganizationEvent,
    Placement,
    User,
    path_segment,
)
from .scope import require_admin, require_write

AUDIT_FIELDS = [
    "code", "name", "short_name", "kind", "sector", "parent",
    "established_on", "dissolved_on", "merged_into",
]
_TREE_LOCK_KEY = 0x64616E67  # "dang"
_UNSET_DEPTH = 32000


def tree_lock() -> None:
    """Serialize tree writes. SQLite's IMMEDIATE transactions already hold the write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_TREE_LOCK_KEY])


def _fresh(org: Organization) -> Organization:
    return Organization.objects.select_related("parent").get(pk=org.pk)


def _kind_label(kind: str | None) -> str:
    return str(Organization.Kind(kind).label) if kind else _("the top of the tree")


def _check_parent(kind: str, parent: Organization | None) -> None:
    if (parent.kind if parent else None) not in ALLOWED_PARENTS[kind]:
        if parent is None:
            raise RuleViolation(_("A %(kind)s must stand under a parent organization.") % {"kind": _kind_label(kind)})
        raise RuleViolation(
            _("A %(kind)s cannot stand under a %(parent_kind)s (%(parent)s).")
            % {"kind": _kind_label(kind), "parent_kind": _kind_label(parent.kind), "parent": parent.name}
        )
    if parent is not None and not parent.is_active:
        raise RuleViolation(_("%(parent)s was dissolved; nothing can be placed under it.") % {"parent": parent.name})


def _check_date_not_before_last_change(org: Organization, on: datetime.date) -> None:
    """`on` may not precede the last placement change of `org` or of anything under it."""
    under = Placement.objects.filter(path__startswith=org.path).select_related("organization")
    latest = [
        (p.valid_from, p.organization) for p in under.order_by("-valid_from")[:1]
    ] + [(p.valid_to, p.organization) for p in under.filter(valid_to__isnull=False).order_by("-valid_to")[:1]]
    last, where = max(latest, key=lambda x: x[0], default=(org.established_on, org))
    if on < org.established_on or on < last:
        raise RuleViolation(
            _("The date %(on)s is before the last recorded change of %(org)s (%(last)s).")
            % {"on": on.strftime("%d/%m/%Y"), "org": where.name, "last": max(last, org.established_on).strftime("%d/%m/%Y")}
        )


def _event(org, kind, on, related=None, detail=""):
    OrganizationEvent.objects.create(organization=org, kind=kind, on=on, related=related, detail=detail)


@transaction.atomic
def organization_create(
    *, actor, code: str, name: str, kind: str, established_on: datetime.date,
    parent: Organization | None = None, short_name: str = "", sector: str = "",
) -> Organization:
    if parent is None:
        if not actor.is_superuser:
            raise PermissionDenied(_("Only a superuser may create a top-level organization."))
    else:
        require_write(actor, parent)
    tree_lock()
    parent = _fresh(parent) if parent else None
    if kind not in Organization.Kind.values:
        raise RuleViolation(_("Unknown kind of organization: %(kind)s.") % {"kind": kind})
    _check_parent(kind, parent)
    if parent and established_on < parent.established_on:
        raise RuleViolation(_("An organization cannot be established before its parent organization."))
    org = Organization(
        code=code.strip(), name=name.strip(), short_name=short_name.strip(), kind=kind, sector=sector,
        parent=parent, established_on=established_on,
        name_normalized=normalize(f"{name} {short_name} {code}"),
    )
    org.full_clean(exclude=["path", "depth", "name_normalized"])
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:
        raise RuleViolation(_("The code %(code)s is already used.") % {"code": code}) from exc
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    Placement.objects.create(
        organization=org, parent=parent, path=org.path, depth=org.depth, valid_from=established_on
    )
    _event(org, OrganizationEvent.Kind.ESTABLISHED, established_on, related=parent)
    audit.record(actor=actor, action="organization.create", obj=org, scope_path=org.path,
                 changes=audit.diff({}, audit.snapshot(org, AUDIT_FIELDS)))
    return org


@transaction.atomic
def organization_rename(
    *, actor, organization: Organization, name: str, short_name: str | None = None,
    on: datetime.date,
) -> Organization:
    org = _fresh(organization)
    require_write(actor, org)
    if not org.is_active:
        raise RuleViolation(_("%(org)s was dissolved and cannot be renamed.") % {"org": org.name})
    if not name.strip():
        raise RuleViolation(_("The name cannot be empty."))
    if on < org.established_on:
        raise RuleViolation(_("An organization cannot be renamed before it was established."))
    before = audit.snapshot(org, AUDIT_FIELDS)
    old_name = org.name
    org.name = name.strip()
    if short_name is not None:
        org.short_name = short_name.strip()
    org.name_normalized = normalize(f"{org.name} {org.short_name} {org.code}")
    org.save(update_fields=["name", "short_name", "name_normalized"])
    _event(org, OrganizationEvent.Kind.RENAMED, on, detail=old_name)
    audit.record(actor=actor, action="organization.rename", obj=org, scope_path=org.path,
                 changes=audit.diff(before, audit.snapshot(org, AUDIT_FIELDS)))
    return org


def _move_subtree(org: Organization, new_parent: Organization, on: datetime.date) -> None:
    """Re-hang `org` and its subtree under `new_parent` from `on`: close the open placements
    of the subtree, open new ones, and rewrite the derived paths in one UPDATE."""
    old_prefix = org.path
    new_prefix = new_parent.path + path_segment(org.pk)
    delta = new_parent.depth + 1 - org.depth
    open_rows = Placement.objects.filter(valid_to__isnull=True, path__startswith=old_prefix)
    rows = list(open_rows.values("organization_id", "parent_id", "path", "depth"))
    open_rows.filter(valid_from__gte=on).delete()
    open_rows.filter(valid_from__lt=on).update(valid_to=on)
    Placement.objects.bulk_create(
        Placement(
            organization_id=r["organization_id"],
            parent_id=new_parent.pk if r["organization_id"] == org.pk else r["parent_id"],
            path=new_prefix + r["path"][len(old_prefix):],
            depth=r["depth"] + delta,
            valid_from=on,
        )
        for r in rows
    )
    Organization.objects.filter(path__startswith=old_prefix).update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
        depth=F("depth") + delta,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()


@transaction.atomic
def organization_move(
    *, actor, organization: Organization, new_parent: Organization, on: datetime.date
) -> Organization:
    tree_lock()
    org, new_parent = _fresh(organization), _fresh(new_parent)
    require_write(actor, org)
    require_write(actor, new_parent)
    if not org.is_active:
        raise RuleViolation(_("%(org)s was dissolved and cannot be moved.") % {"org": org.name})
    if new_parent.path.startswith(org.path):
        raise RuleViolation(
            _("%(org)s cannot be moved under %(parent)s: that is inside its own subtree.")
            % {"org": org.name, "parent": new_parent.name}
        )
    if new_parent.pk == org.parent_id:
        raise RuleViolation(_("%(org)s already stands under %(parent)s.") % {"org": org.name, "parent": new_parent.name})
    _check_parent(org.kind, new_parent)
    _check_date_not_before_last_change(org, on)
    before = audit.snapshot(org, AUDIT_FIELDS)
    old_parent = org.parent
    _move_subtree(org, new_parent, on)
    _event(org, OrganizationEvent.Kind.MOVED, on, related=new_parent,
           detail=old_parent.name if old_parent else "")
    audit.record(actor=actor, action="organization.move", obj=org, scope_path=org.path,
                 changes=audit.diff(before, audit.snapshot(org, AUDIT_FIELDS)))
    return org


def _close(org: Organization, on: datetime.date, merged_into: Organization | None = None) -> None:
    org.placements.filter(valid_to__isnull=True).update(valid_to=on)
    org.dissolved_on = on
    org.merged_into = merged_into
    org.save(update_fields=["dissolved_on", "merged_into"])


def _active_children(org: Organization):
    return Organization.objects.filter(parent=org, dissolved_on__isnull=True)


@transaction.atomic
def organization_dissolve(*, actor, organization: Organization, on: datetime.date, reason: str = "") -> Organization:
    tree_lock()
    org = _fresh(organization)
    require_write(actor, org)
    if not org.is_active:
        raise RuleViolation(_("%(org)s was already dissolved.") % {"org": org.name})
    _check_date_not_before_last_change(org, on)
    children = _active_children(org).count()
    if children:
        raise RuleViolation(
            _("%(org)s still has %(n)s active organizations under it: move or dissolve them first.")
            % {"org": org.name, "n": children}
        )
    blockers = registry.dissolve_blockers(org)
    if blockers:
        raise RuleViolation(" ".join(blockers))
    before = audit.snapshot(org, AUDIT_FIELDS)
    _close(org, on)
    _event(org, OrganizationEvent.Kind.DISSOLVED, on, detail=reason)
    audit.record(actor=actor, action="organization.dissolve", obj=org, scope_path=org.path,
                 changes=audit.diff(before, audit.snapshot(org, AUDIT_FIELDS)), note=reason)
    return org


@transaction.atomic
def organization_merge(
    *, actor, source: Organization, target: Organization, on: datetime.date
) -> Organization:
    """`source` is merged into `target` on `on`: its units move under `target`, its records
    (members, via registered handlers) are carried over, and it is closed."""
    tree_lock()
    source, target = _fresh(source), _fresh(target)
    require_write(actor, source)
    require_write(actor, target)
    if source.pk == target.pk:
        raise RuleViolation(_("An organization cannot be merged into itself."))
    for org in (source, target):
        if not org.is_active:
            raise RuleViolation(_("%(org)s was dissolved and cannot take part in a merger.") % {"org": org.name})
    if target.path.startswith(source.path):
        raise RuleViolation(
            _("%(source)s cannot be merged into %(target)s, which stands inside it.")
            % {"source": source.name, "target": target.name}
        )
    _check_date_not_before_last_change(source, on)
    _check_date_not_before_last_change(target, on)
    children = list(_active_children(source))
    for child in children:
        _check_parent(child.kind, target)
    for child in children:
        _move_subtree(child, target, on)
        _event(child, OrganizationEvent.Kind.MOVED, on, related=target, detail=source.name)
    registry.run_merge_handlers(source=source, target=target, on=on, actor=actor)
    blockers = registry.dissolve_blockers(source)
    if blockers:
        raise RuleViolation(" ".join(blockers))
    before = audit.snapshot(source, AUDIT_FIELDS)
    _close(source, on, merged_into=target)
    _event(source, OrganizationEvent.Kind.MERGED, on, related=target)
    _event(target, OrganizationEvent.Kind.ABSORBED, on, related=source)
    audit.record(actor=actor, action="organization.merge", obj=source, scope_path=source.path,
                 changes=audit.diff(before, audit.snapshot(source, AUDIT_FIELDS)))
    audit.record(actor=actor, action="organization.absorb", obj=target, scope_path=target.path,
                 note=source.name)
    return target


@transaction.atomic
def committee_create(
    *, actor, organization: Organization, term_start: datetime.date, term_end: datetime.date
) -> Committee:
    require_write(actor, organization)
    if term_end <= term_start:
        raise RuleViolation(_("A term must end after it starts."))
    if Committee.objects.filter(organization=organization, term_start__lt=term_end, term_end__gt=term_start).exists():
        raise RuleViolation(_("%(org)s already has a committee for an overlapping term.") % {"org": organization.name})
    committee = Committee.objects.create(organization=organization, term_start=term_start, term_end=term_end)
    audit.record(actor=actor, action="committee.create", obj=committee, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(committee, ["organization", "term_start", "term_end"])))
    return committee


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, organization: Organization, role: str = User.Role.VIEWER,
    full_name: str = "",
) -> User:
    require_admin(actor, organization)
    if role not in User.Role.values:
        raise RuleViolation(_("Unknown role: %(role)s.") % {"role": role})
    if User.objects.filter(username=username).exists():
        raise RuleViolation(_("The username %(username)s is already taken.") % {"username": username})
    user = User(username=username, organization=organization, role=role, first_name=full_name)
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action="user.create", obj=user, scope_path=organization.path,
                 changes={"username": [None, username], "role": [None, role],
                          "organization": [None, organization.name]})
    return user


def rebuild_paths() -> int:
    """Recompute every `path` and `depth` from `parent`, one tree level per UPDATE.
    Returns the number of levels. Run under the tree lock."""
    from django.db.models import CharField, OuterRef, Subquery
    from django.db.models.functions import Cast, LPad

    from .models import SEGMENT_WIDTH

    segment = Concat(LPad(Cast("id", CharField()), SEGMENT_WIDTH, Value("0")), Value("."))
    with transaction.atomic():
        tree_lock()
        Organization.objects.filter(parent__isnull=False).update(depth=_UNSET_DEPTH)
        Organization.objects.filter(parent__isnull=True).update(path=segment, depth=0)
        level = 0
        while True:
            parents = Organization.objects.filter(pk=OuterRef("parent_id"))
            n = Organization.objects.filter(parent__depth=level).update(
                path=Concat(Subquery(parents.values("path")[:1]), segment, output_field=CharField()),
                depth=level + 1,
            )
            if not n:
                break
            level += 1
        current = Organization.objects.filter(pk=OuterRef("organization_id"))
        Placement.objects.filter(valid_to__isnull=True).update(
            path=Subquery(current.values("path")[:1]), depth=Subquery(current.values("depth")[:1])
        )
        return level + 1
