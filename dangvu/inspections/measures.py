"""Figures counted from inspection, supervision and discipline records (see core.measures).

- Inspections and supervisions count each subject once per inspection (an inspection
  covering 3 organizations counts 3), in the period of the inspection's **start date**. An
  organization counts for itself; a member for the cell whose rolls they were on on the
  start date (as ``members.measures`` looks up the affiliation), so that the rollup counts
  it in the subtree it belonged to then.
  Keys: ``inspections.organizations_inspected`` / ``inspections.members_inspected`` (every
  kind of inspection), ``..._on_signs`` (inspection on signs of violation),
  ``inspections.organizations_supervised_thematic`` / ``..._regular`` and the same for members.
- Discipline counts each decision (annulled ones aside) in the period of its decision date,
  for its unit (the organization disciplined, or the member's cell on the decision date):
  ``inspections.organizations_disciplined``, ``inspections.members_disciplined`` and one
  key per form (``inspections.members_disciplined.expulsion``, ...).
- ``inspections.decisions_lapsed``: decisions whose lapse date falls in the period (and is
  not after today).
"""

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.core.measures import Measure, register
from dangvu.members.models import Affiliation

from .models import ON_SIGNS, REGULAR, THEMATIC, Discipline, InspectedMember, InspectedOrganization


def _kind_filter(*, supervision: bool, kind: str | None) -> Q:
    q = Q(inspection__kind__is_supervision=supervision)
    return q & Q(inspection__kind__code=kind) if kind else q


def _organizations(*, supervision: bool, kind: str | None = None):
    def records(start, end):
        return (InspectedOrganization.objects
                .filter(_kind_filter(supervision=supervision, kind=kind),
                        inspection__start__gte=start, inspection__start__lte=end)
                .select_related("organization", "inspection"))
    return records


def _members(*, supervision: bool, kind: str | None = None):
    def records(start, end):
        cell = (Affiliation.objects.filter(member=OuterRef("member_id"), start__lte=OuterRef("inspection__start"))
                .filter(Q(end__isnull=True) | Q(end__gt=OuterRef("inspection__start"))).order_by("-start", "-id"))
        return (InspectedMember.objects
                .filter(_kind_filter(supervision=supervision, kind=kind),
                        inspection__start__gte=start, inspection__start__lte=end)
                .annotate(org=Subquery(cell.values("organization_id")[:1]))
                .select_related("member", "inspection"))
    return records


def _disciplined(*, members: bool, form: str | None = None):
    def records(start, end):
        qs = Discipline.objects.filter(annulled=False, decided_on__gte=start, decided_on__lte=end,
                                       member__isnull=not members)
        if form:
            qs = qs.filter(form=form)
        return qs.select_related("member", "organization")
    return records


def _lapsed(start, end):
    last = min(end, timezone.localdate())
    return Discipline.objects.filter(annulled=False, lapses_on__gte=start, lapses_on__lte=last).select_related(
        "member", "organization")


def _organization_text(record) -> str:
    return f"{record.organization.name} — {record.inspection.title} ({record.inspection.start:%d/%m/%Y})"


def _member_text(record) -> str:
    return f"{record.member.full_name} — {record.inspection.title} ({record.inspection.start:%d/%m/%Y})"


def _discipline_text(record) -> str:
    return f"{record.subject_name}: {record.get_form_display()}, {record.number} ({record.decided_on:%d/%m/%Y})"


register(Measure("inspections.organizations_inspected", _("Party organizations inspected"),
                 _organizations(supervision=False), describe=_organization_text))
register(Measure("inspections.members_inspected", _("Members inspected"),
                 _members(supervision=False), org_field="org", describe=_member_text))
register(Measure("inspections.organizations_inspected_on_signs", _("Party organizations inspected on signs of violation"),
                 _organizations(supervision=False, kind=ON_SIGNS), describe=_organization_text))
register(Measure("inspections.members_inspected_on_signs", _("Members inspected on signs of violation"),
                 _members(supervision=False, kind=ON_SIGNS), org_field="org", describe=_member_text))
register(Measure("inspections.organizations_supervised_thematic", _("Party organizations under thematic supervision"),
                 _organizations(supervision=True, kind=THEMATIC), describe=_organization_text))
register(Measure("inspections.members_supervised_thematic", _("Members under thematic supervision"),
                 _members(supervision=True, kind=THEMATIC), org_field="org", describe=_member_text))
register(Measure("inspections.organizations_supervised_regular", _("Party organizations under regular supervision"),
                 _organizations(supervision=True, kind=REGULAR), describe=_organization_text))
register(Measure("inspections.members_supervised_regular", _("Members under regular supervision"),
                 _members(supervision=True, kind=REGULAR), org_field="org", describe=_member_text))
register(Measure("inspections.organizations_disciplined", _("Party organizations disciplined"),
                 _disciplined(members=False), org_field="unit_id", describe=_discipline_text))
register(Measure("inspections.members_disciplined", _("Members disciplined"),
                 _disciplined(members=True), org_field="unit_id", describe=_discipline_text))
_ORG_LABELS = {
    Discipline.Form.REPRIMAND: _("Party organizations disciplined by reprimand"),
    Discipline.Form.WARNING: _("Party organizations disciplined by warning"),
    Discipline.Form.DISSOLUTION: _("Party organizations dissolved as discipline"),
}
_MEMBER_LABELS = {
    Discipline.Form.REPRIMAND: _("Members disciplined by reprimand"),
    Discipline.Form.WARNING: _("Members disciplined by warning"),
    Discipline.Form.REMOVAL: _("Members disciplined by removal from post"),
    Discipline.Form.EXPULSION: _("Members disciplined by expulsion"),
}
for _form, _label in _ORG_LABELS.items():
    register(Measure(f"inspections.organizations_disciplined.{_form}", _label,
                     _disciplined(members=False, form=_form), org_field="unit_id", describe=_discipline_text))
for _form, _label in _MEMBER_LABELS.items():
    register(Measure(f"inspections.members_disciplined.{_form}", _label,
                     _disciplined(members=True, form=_form), org_field="unit_id", describe=_discipline_text))
register(Measure("inspections.decisions_lapsed", _("Discipline decisions lapsed"), _lapsed, org_field="unit_id",
                 describe=_discipline_text))
