"""Figures counted from the organization tree (see core.measures)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.measures import Measure, register

from .models import GRASSROOTS_KINDS, OrganizationEvent, Placement


def _established(start, end):
    return OrganizationEvent.objects.filter(
        kind=OrganizationEvent.Kind.ESTABLISHED, on__gte=start, on__lte=end,
        organization__kind__in=GRASSROOTS_KINDS,
    ).select_related("organization")


def _grassroots(start, end):
    return Placement.objects.filter(
        organization__kind__in=GRASSROOTS_KINDS, valid_from__lte=end
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end)).select_related("organization")


def _org_text(record) -> str:
    return record.organization.name


register(Measure("orgs.grassroots_established", _("Grassroots organizations established"), _established,
                 describe=_org_text))
register(Measure("orgs.grassroots", _("Grassroots organizations at the end of the period"), _grassroots,
                 snapshot=True, describe=_org_text))
