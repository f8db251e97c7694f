"""Figures counted from the commendations (see core.measures).

A commendation counts in the periods that hold the last day of the year it rewards (as the
ratings count), for its unit: the organization commended, or the member's cell.

Keys: ``awards.commendations_organizations``, ``awards.commendations_grassroots`` (grassroots
organizations alone), ``awards.commendations_members``, and per kind
``awards.commendations_organizations.<kind>`` / ``awards.commendations_members.<kind>``
(kinds: ``grassroots_certificate``, ``upper_certificate``, ``province_merit``, ``flag``).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.core.measures import Measure, register
from dangvu.orgs.models import GRASSROOTS_KINDS

from . import badges
from .models import Badge, Commendation

SUBJECTS = {
    "organizations": Q(member__isnull=True),
    "grassroots": Q(member__isnull=True, organization__kind__in=GRASSROOTS_KINDS),
    "members": Q(member__isnull=False),
}
LABELS = {
    "organizations": _("Party organizations commended"),
    "grassroots": _("Grassroots organizations commended"),
    "members": _("Members commended"),
}
KIND_SUBJECTS = ("organizations", "members")
KEYS: list[str] = []


def _years(start: datetime.date, end: datetime.date) -> list[int]:
    return [y for y in range(start.year, end.year + 1) if start <= datetime.date(y, 12, 31) <= end]


def _records(where: Q):
    def records(start, end):
        return (Commendation.objects.filter(where, year__in=_years(start, end))
                .select_related("member", "organization"))
    return records


def _text(record) -> str:
    return f"{record.subject_name} — {record.year}: {record.get_kind_display()} ({record.number})"


def _register(key: str, label, where: Q) -> None:
    register(Measure(key, label, _records(where), org_field="unit_id", describe=_text))
    KEYS.append(key)


for _subject, _label in LABELS.items():
    _register(f"awards.commendations_{_subject}", _label, SUBJECTS[_subject])
for _subject in KIND_SUBJECTS:
    for _kind, _kind_label in Commendation.Kind.choices:
        _register(f"awards.commendations_{_subject}.{_kind}", format_lazy("{}: {}", LABELS[_subject], _kind_label),
                  SUBJECTS[_subject] & Q(kind=_kind))


# Party badges


def _badges(milestone=None):
    def records(start, end):
        qs = Badge.objects.filter(awarded_on__gte=start, awarded_on__lte=end).select_related("member")
        return qs.filter(milestone=milestone) if milestone else qs
    return records


def _badge_text(record) -> str:
    return f"{record.member.full_name} ({record.milestone}, {record.awarded_on:%d/%m/%Y})"


register(Measure("awards.badges_awarded", _("Party badges awarded"), _badges(), describe=_badge_text))
for _milestone in badges.MILESTONES:
    register(Measure(f"awards.badges_awarded_{_milestone}",
                     format_lazy(_("Party badges of {years} years awarded"), years=_milestone),
                     _badges(_milestone), describe=_badge_text))
