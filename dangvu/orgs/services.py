"""Writes to the organization tree. Each checks permission and the rules, and audits.

A write's preconditions are one check function that raises (`_check_move`, ...); the
service runs it under the tree lock, and `<service>_refusal(...) -> str` runs it for the
pages (``core.errors.refusal``), which offer the targets of `selectors.move_targets` and
`selectors.merge_targets`, the same rules as querysets. Tree writes check the actor's
scope before they take the tree lock, so that an actor outside never waits for it, and
again on the rows read under the lock.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from dangvu.core import audit, formatting, registry
from dangvu.core.dates import check_event_date, event_days_ahead
from dangvu.core.errors import PermissionDenied, RuleViolation, field_error, refusal
from dangvu.core.text import normalize

from .models import (
    ALLOWED_PARENTS,
    MERGE_TARGET_KINDS,
    Committee,
    Organization,
    OrganizationEvent,
    Placement,
    path_segment,
    under,
)
from .scope import require_admin, require_restructure, require_write

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
            raise RuleViolation(_("A %(kind)s must stand under a parent organization.") % {"kind": _kind_label(kind)},
                                code="parent_required")
        raise RuleViolation(
            _("A %(kind)s cannot stand under a %(parent_kind)s (%(parent)s).")
            % {"kind": _kind_label(kind), "parent_kind": _kind_label(parent.kind), "parent": parent.name},
            code="parent_kind_not_allowed",
        )
    if parent is not None and not parent.is_active:
        raise RuleViolation(_("%(parent)s was dissolved; nothing can be placed under it.") % {"parent": parent.name},
                            code="parent_dissolved")


def _check_date_not_before_last_change(org: Organization, on: datetime.date) -> None:
    """`on` lies within the bounds of an event date (``core.dates``: not after today, or the
    few days ``DANGVU_EVENT_DAYS_AHEAD`` allows a restructuring; not before 1930), and does
    not precede the last placement change of `org` or of anything under it."""
    check_event_date("on", on, days_ahead=event_days_ahead())
    rows = Placement.objects.filter(under(org.path)).select_related("organization")
    latest = [
        (p.valid_from, p.organization) for p in rows.order_by("-valid_from")[:1]
    ] + [(p.valid_to, p.organization) for p in rows.filter(valid_to__isnull=False).order_by("-valid_to")[:1]]
    last, where = max(latest, key=lambda x: x[0], default=(org.established_on, org))
    if on < org.established_on or on < last:
        raise RuleViolation(
            _("The date %(on)s is before the last recorded change of %(org)s (%(last)s).")
            % {"on": formatting.date(on), "org": where.name, "last": formatting.date(max(last, org.established_on))},
            code="date_before_last_change",
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
        require_admin(actor, parent)  # before the lock: an actor outside waits for nothing
    tree_lock()
    if parent is not None:
        parent = _fresh(parent)
        require_admin(actor, parent)  # as it stands under the lock
    if kind not in Organization.Kind.values:
        raise RuleViolation(_("Unknown kind of organization: %(kind)s.") % {"kind": kind}, code="kind_unknown")
    _check_parent(kind, parent)
    check_event_date("established_on", established_on, days_ahead=event_days_ahead())
    if parent and established_on < parent.established_on:
        raise RuleViolation(_("An organization cannot be established before its parent organization."),
                            code="established_before_parent")
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
        raise RuleViolation(_("The code %(code)s is already used.") % {"code": code}, code="code_taken") from exc
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
    require_restructure(actor, org)
    if not org.is_active:
        raise RuleViolation(_("%(org)s was dissolved and cannot be renamed.") % {"org": org.name},
                            code="rename_dissolved")
    if not name.strip():
        raise RuleViolation(_("The name cannot be empty."), code="name_empty")
    check_event_date("on", on, days_ahead=event_days_ahead())
    if on < org.established_on:
        raise RuleViolation(_("An organization cannot be renamed before it was established."),
                            code="renamed_before_established")
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
    open_rows = Placement.objects.filter(under(old_prefix), valid_to__isnull=True)
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
    Organization.objects.filter(under(old_prefix)).update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
        depth=F("depth") + delta,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()


def _check_move(*, actor, organization: Organization, new_parent: Organization, on: datetime.date) -> None:
    """Everything `organization_move` requires; `selectors.move_targets` offers the parents
    that pass it but for the date."""
    org = organization
    require_write(actor, org)
    require_write(actor, new_parent)
    require_restructure(actor, org)
    if not org.is_active:
        raise RuleViolation(_("%(org)s was dissolved and cannot be moved.") % {"org": org.name}, code="move_dissolved")
    if new_parent.path.startswith(org.path):
        raise RuleViolation(
            _("%(org)s cannot be moved under %(parent)s: that is inside its own subtree.")
            % {"org": org.name, "parent": new_parent.name},
            code="move_into_own_subtree",
        )
    if new_parent.pk == org.parent_id:
        raise RuleViolation(_("%(org)s already stands under %(parent)s.") % {"org": org.name, "parent": new_parent.name},
                            code="move_same_parent")
    _check_parent(org.kind, new_parent)
    _check_date_not_before_last_change(org, on)


def organization_move_refusal(
    *, actor, organization: Organization, new_parent: Organization, on: datetime.date
) -> str:
    """Why `organization_move` would refuse to move `organization` under `new_parent` on
    `on` (translated), or "" when it would not."""
    return refusal(_check_move, actor=actor, organization=organization, new_parent=new_parent, on=on)


@transaction.atomic
def organization_move(
    *, actor, organization: Organization, new_parent: Organization, on: datetime.date
) -> Organization:
    require_write(actor, organization)  # before the lock: an actor outside waits for nothing
    require_write(actor, new_parent)
    require_admin(actor, organization)
    tree_lock()
    org, new_parent = _fresh(organization), _fresh(new_parent)
    _check_move(actor=actor, organization=org, new_parent=new_parent, on=on)
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


def _check_dissolve(*, actor, organization: Organization, on: datetime.date) -> None:
    org = organization
    require_restructure(actor, org)
    if not org.is_active:
        raise RuleViolation(_("%(org)s was already dissolved.") % {"org": org.name}, code="already_dissolved")
    _check_date_not_before_last_change(org, on)
    children = _active_children(org).count()
    if children:
        raise RuleViolation(
            _("%(org)s still has %(n)s active organizations under it: move or dissolve them first.")
            % {"org": org.name, "n": children},
            code="dissolve_active_children",
        )
    blockers = registry.dissolve_blockers(org)
    if blockers:
        raise RuleViolation(" ".join(blockers), code="dissolve_blocked")


def organization_dissolve_refusal(*, actor, organization: Organization, on: datetime.date) -> str:
    """Why `organization_dissolve` would refuse to dissolve `organization` on `on`, or ""."""
    return refusal(_check_dissolve, actor=actor, organization=organization, on=on)


@transaction.atomic
def organization_dissolve(*, actor, organization: Organization, on: datetime.date, reason: str = "") -> Organization:
    require_admin(actor, organization)  # before the lock: an actor outside waits for nothing
    tree_lock()
    org = _fresh(organization)
    _check_dissolve(actor=actor, organization=org, on=on)
    before = audit.snapshot(org, AUDIT_FIELDS)
    _close(org, on)
    _event(org, OrganizationEvent.Kind.DISSOLVED, on, detail=reason)
    audit.record(actor=actor, action="organization.dissolve", obj=org, scope_path=org.path,
                 changes=audit.diff(before, audit.snapshot(org, AUDIT_FIELDS)), note=reason)
    return org


def _check_merge(*, actor, source: Organization, target: Organization, on: datetime.date) -> None:
    """Everything `organization_merge` requires; `selectors.merge_targets` offers the
    targets that pass it but for the date."""
    require_write(actor, source)
    require_write(actor, target)
    require_restructure(actor, source)
    if source.pk == target.pk:
        raise RuleViolation(_("An organization cannot be merged into itself."), code="merge_into_itself")
    for org in (source, target):
        if not org.is_active:
            raise RuleViolation(_("%(org)s was dissolved and cannot take part in a merger.") % {"org": org.name},
                                code="merge_dissolved")
    if target.path.startswith(source.path):
        raise RuleViolation(
            _("%(source)s cannot be merged into %(target)s, which stands inside it.")
            % {"source": source.name, "target": target.name},
            code="merge_into_own_subtree",
        )
    if target.kind not in MERGE_TARGET_KINDS[source.kind]:
        raise RuleViolation(
            _("A %(kind)s cannot be merged into a %(target_kind)s (%(target)s).")
            % {"kind": _kind_label(source.kind), "target_kind": _kind_label(target.kind), "target": target.name},
            code="merge_kind_not_allowed",
        )
    _check_date_not_before_last_change(source, on)
    _check_date_not_before_last_change(target, on)
    for child in _active_children(source):  # always allowed by MERGE_TARGET_KINDS; kept exact
        _check_parent(child.kind, target)


def organization_merge_refusal(*, actor, source: Organization, target: Organization, on: datetime.date) -> str:
    """Why `organization_merge` would refuse to merge `source` into `target` on `on`
    (translated), or "" when it would not."""
    return refusal(_check_merge, actor=actor, source=source, target=target, on=on)


@transaction.atomic
def organization_merge(
    *, actor, source: Organization, target: Organization, on: datetime.date
) -> Organization:
    """`source` is merged into `target` on `on`: its units move under `target`, its records
    (members, via registered handlers) are carried over, and it is closed."""
    require_write(actor, source)  # before the lock: an actor outside waits for nothing
    require_write(actor, target)
    require_admin(actor, source)
    tree_lock()
    source, target = _fresh(source), _fresh(target)
    _check_merge(actor=actor, source=source, target=target, on=on)
    children = list(_active_children(source))
    for child in children:
        _move_subtree(child, target, on)
        _event(child, OrganizationEvent.Kind.MOVED, on, related=target, detail=source.name)
    registry.run_merge_handlers(source=source, target=target, on=on, actor=actor)
    blockers = registry.dissolve_blockers(source)
    if blockers:  # records a handler did not carry over (none for the kinds MERGE_TARGET_KINDS allows)
        raise RuleViolation(" ".join(blockers), code="dissolve_blocked")
    before = audit.snapshot(source, AUDIT_FIELDS)
    _close(source, on, merged_into=target)
    _event(source, OrganizationEvent.Kind.MERGED, on, related=target)
    _event(target, OrganizationEvent.Kind.ABSORBED, on, related=source)
    audit.record(actor=actor, action="organization.merge", obj=source, scope_path=source.path,
                 changes=audit.diff(before, audit.snapshot(source, AUDIT_FIELDS)))
    audit.record(actor=actor, action="organization.absorb", obj=target, scope_path=target.path,
                 note=source.name)
    return target


COMMITTEE_TERM_YEARS = (1, 5)  # a committee is elected for 5 years; a shorter term (from a
# by-election or a restructuring) lasts at least one year


def _check_term(organization: Organization, term_start: datetime.date, term_end: datetime.date) -> None:
    """A committee's term starts on an event date (``core.dates``; not before the
    organization's establishment) and lasts 1 to 5 years."""
    check_event_date("term_start", term_start, not_before=organization.established_on,
                     not_before_label=_("the establishment of %(org)s") % {"org": organization.name})
    if term_end <= term_start:
        raise RuleViolation(_("A term must end after it starts."), code="term_order")
    least, most = (term_start + relativedelta(years=n) for n in COMMITTEE_TERM_YEARS)
    if not least <= term_end <= most:
        raise field_error("term_end", _(
            "A committee's term lasts %(least)s to %(most)s years: starting on %(start)s it ends between %(first)s "
            "and %(last)s, not on %(end)s."
        ) % {"least": COMMITTEE_TERM_YEARS[0], "most": COMMITTEE_TERM_YEARS[1], "start": formatting.date(term_start),
             "first": formatting.date(least), "last": formatting.date(most), "end": formatting.date(term_end)},
            "term_length")


@transaction.atomic
def committee_create(
    *, actor, organization: Organization, term_start: datetime.date, term_end: datetime.date
) -> Committee:
    """The committee of `organization` for the term [term_start, term_end). The terms of one
    organization's committees never overlap: its row is locked while the terms are checked,
    so that two overlapping terms written at once cannot both pass."""
    require_write(actor, organization)
    _check_term(organization, term_start, term_end)
    Organization.objects.select_for_update().only("pk").get(pk=organization.pk)
    clash = (
        Committee.objects.filter(organization=organization, term_start__lt=term_end, term_end__gt=term_start)
        .order_by("term_start").first()
    )
    if clash is not None:
        raise RuleViolation(
            _("The term %(start)s–%(end)s overlaps the term %(other_start)s–%(other_end)s of the committee of %(org)s.")
            % {"start": formatting.date(term_start), "end": formatting.date(term_end), "other_start": formatting.date(clash.term_start),
               "other_end": formatting.date(clash.term_end), "org": organization.name},
            code="term_overlap",
        )
    committee = Committee.objects.create(organization=organization, term_start=term_start, term_end=term_end)
    audit.record(actor=actor, action="committee.create", obj=committee, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(committee, ["organization", "term_start", "term_end"])))
    return committee


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
