"""Checks of the member register for `dangvu verify`: every member's derived fields (status,
organization, on the rolls, Party age) as the services compute them from the history, and
the affiliations (one open while on the rolls, none overlapping)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import Affiliation, Member

DERIVED = ["status", "status_since", "organization_id", "on_roll", "party_age_start", "party_age_end"]


def derived_fields() -> list[str]:
    """The derived fields recomputed by the services (rolled back) against those stored."""
    from .services import _refresh_derived

    problems = []
    with transaction.atomic():
        for member in Member.objects.order_by("pk").iterator(chunk_size=2000):
            stored = [getattr(member, f) for f in DERIVED]
            _refresh_derived(member)
            if stored != [getattr(member, f) for f in DERIVED]:
                problems.append(_("Member %(name)s (no. %(id)s): status, unit or Party age differ from the history.")
                                % {"name": member.full_name, "id": member.pk})
        transaction.set_rollback(True)
    return problems


def affiliations() -> list[str]:
    problems = []
    members = Member.objects.order_by("pk").only("pk", "full_name", "on_roll").prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.order_by("start", "id")))
    for member in members.iterator(chunk_size=2000):
        rows = list(member.affiliations.all())
        opened = sum(1 for a in rows if a.end is None)
        if opened != (1 if member.on_roll else 0):
            problems.append(_("Member %(name)s (no. %(id)s): on the rolls of %(n)s cells at once.")
                            % {"name": member.full_name, "id": member.pk, "n": opened}
                            if opened > 1 else
                            _("Member %(name)s (no. %(id)s): the rolls and the affiliations disagree.")
                            % {"name": member.full_name, "id": member.pk})
        for a, b in zip(rows, rows[1:], strict=False):
            if a.end is None or a.end > b.start:
                problems.append(_("Member %(name)s (no. %(id)s): two affiliations overlap.")
                                % {"name": member.full_name, "id": member.pk})
                break
    return problems
