"""Figures counted from the awards registers (see core.measures)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.core.measures import Measure, register

from . import badges
from .models import Badge

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
