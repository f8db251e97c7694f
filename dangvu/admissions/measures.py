"""Figures counted from the admissions register (see core.measures).

``admissions.decided`` is the admission count of the catalog: every file with an admission
decision in the period, whether its steps went through the register or the member was
brought in with the historical register (``source=historical``, made by the admission
handler of ``members.member_create``): one file per admission, so nothing is counted twice.
Each file counts in the cell it belongs to."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.measures import Measure, register

from .models import Candidate, Step


def _decided(start, end):
    return Candidate.objects.filter(decision_date__gte=start, decision_date__lte=end).select_related("organization")


def _in_pipeline(start, end):
    """Files opened by the end of the period and not yet decided (nor closed) by then."""
    return Candidate.objects.filter(source=Candidate.Source.REGISTER, started_on__lte=end).filter(
        Q(decision_date__isnull=True) | Q(decision_date__gt=end),
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).select_related("organization")


def _steps(kind):
    def records(start, end):
        return Step.objects.filter(kind=kind, on__gte=start, on__lte=end).select_related("candidate")
    return records


def _ceremonies(start, end):
    return Candidate.objects.filter(ceremony_date__gte=start, ceremony_date__lte=end)


def _candidate_text(record) -> str:
    candidate = getattr(record, "candidate", record)
    return f"{candidate.full_name} ({candidate.birth_date:%d/%m/%Y})"


def _decision_text(record) -> str:
    return f"{record.full_name} ({record.birth_date:%d/%m/%Y}), {record.decision_date:%d/%m/%Y}"


register(Measure("admissions.decided", _("Admission decisions"), _decided, describe=_decision_text))
register(Measure("admissions.candidates", _("Candidates in the admission process at the end of the period"),
                 _in_pipeline, snapshot=True, describe=_candidate_text))
register(Measure("admissions.ceremonies", _("Admission ceremonies held"), _ceremonies, describe=_candidate_text))
for _kind, _label in (
    (Step.Kind.RECOGNITION, _("Probationary members recognized as full members")),
    (Step.Kind.NOT_RECOGNIZED, _("Probations ended without recognition")),
    (Step.Kind.AWARENESS_CERTIFICATE, _("Party awareness class certificates of candidates")),
):
    register(Measure(f"admissions.{_kind}", _label, _steps(_kind), org_field="candidate__organization_id",
                     describe=_candidate_text))
