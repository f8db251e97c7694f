"""Figures counted from member records (see core.measures)."""

from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.utils.translation import gettext_lazy as _

from dangvu.core.measures import Measure, register

from .models import Affiliation, Member, StatusChange


def _admitted(start, end):
    return Affiliation.objects.filter(
        start_reason__in=[Affiliation.Reason.ADMISSION, Affiliation.Reason.READMISSION],
        start__gte=start, start__lte=end,
    ).select_related("member", "organization")


def _status_events(status):
    def records(start, end):
        where = Affiliation.objects.filter(member=OuterRef("member_id"), start__lte=OuterRef("on")).order_by("-start", "-id")
        return (
            StatusChange.objects.filter(status=status, annulled=False, on__gte=start, on__lte=end)
            .annotate(org=Subquery(where.values("organization_id")[:1]))
            .select_related("member")
        )
    return records


def on_roll(status=None):
    def records(start, end):
        qs = Affiliation.objects.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gt=end))
        if status:
            # The member's current status where it has not changed since `end` (most members
            # for a recent period); else the latest change up to `end`, looked up.
            latest = StatusChange.objects.filter(
                member=OuterRef("member_id"), annulled=False, on__lte=end
            ).order_by("-on", "-id")
            qs = qs.annotate(status_then=Case(
                When(member__status_since__lte=end, then=F("member__status")),
                default=Subquery(latest.values("status")[:1]),
            )).filter(status_then=status)
        return qs.select_related("member", "organization")
    return records


def _member_text(record) -> str:
    member = record.member
    return f"{member.full_name} ({member.birth_date:%d/%m/%Y})"


register(Measure("members.admitted", _("Members admitted"), _admitted, describe=_member_text))
register(Measure("members.recognized_full", _("Members recognized as full members"),
                 _status_events(Member.Status.FULL), org_field="org", describe=_member_text))
for _status, _label in (
    (Member.Status.LEFT, _("Members who left the Party")),
    (Member.Status.REMOVED, _("Members removed from the rolls")),
    (Member.Status.EXPELLED, _("Members expelled")),
    (Member.Status.DECEASED, _("Members deceased")),
):
    register(Measure(f"members.{_status}", _label, _status_events(_status), org_field="org", describe=_member_text))
register(Measure("members.on_roll", _("Members on the rolls at the end of the period"), on_roll(),
                 snapshot=True, describe=_member_text))
register(Measure("members.probationary", _("Probationary members at the end of the period"),
                 on_roll(Member.Status.PROBATIONARY), snapshot=True, describe=_member_text))
register(Measure("members.full", _("Full members at the end of the period"), on_roll(Member.Status.FULL),
                 snapshot=True, describe=_member_text))
