"""Checks of the tree for `dangvu verify`: paths and depths as the parents give them, one
open placement matching each living organization (none for a dissolved one), and each
organization's placements following one another without gap or overlap."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Organization, Placement


def tree_paths() -> list[str]:
    """Paths and depths recomputed from the parents (rolled back) against those stored."""
    from .services import rebuild_paths

    stored = dict((i, (p, d)) for i, p, d in Organization.objects.values_list("id", "path", "depth"))
    with transaction.atomic():
        rebuild_paths()
        fresh = dict((i, (p, d)) for i, p, d in Organization.objects.values_list("id", "path", "depth"))
        transaction.set_rollback(True)
    codes = dict(Organization.objects.values_list("id", "code"))
    return [_("Organization %(code)s: its path does not follow from its parents.") % {"code": codes[i]}
            for i in sorted(stored) if stored[i] != fresh[i]]


def placements() -> list[str]:
    problems = []
    orgs = {o.id: o for o in Organization.objects.only("id", "code", "path", "depth", "parent_id", "dissolved_on")}
    last: dict[int, Placement] = {}
    for p in Placement.objects.order_by("organization_id", "valid_from", "id"):
        code = orgs[p.organization_id].code
        if p.valid_to is not None and p.valid_to <= p.valid_from:
            problems.append(_("Organization %(code)s: a placement ends before it starts.") % {"code": code})
        before = last.get(p.organization_id)
        if before is not None:
            if before.valid_to is None or before.valid_to > p.valid_from:
                problems.append(_("Organization %(code)s: two placements overlap.") % {"code": code})
            elif before.valid_to < p.valid_from:
                problems.append(_("Organization %(code)s: a gap between two placements.") % {"code": code})
        last[p.organization_id] = p
    for org in orgs.values():
        p = last.get(org.id)
        open_now = p is not None and p.valid_to is None
        if org.dissolved_on is None and not (open_now and (p.path, p.depth, p.parent_id) == (org.path, org.depth, org.parent_id)):
            problems.append(_("Organization %(code)s: its current placement does not match it.") % {"code": org.code})
        if org.dissolved_on is not None and open_now:
            problems.append(_("Organization %(code)s is dissolved but still placed in the tree.") % {"code": org.code})
    return problems
