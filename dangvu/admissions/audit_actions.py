"""The audit actions of the admissions register (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "candidate.create": _("Admission file opened"),
    "candidate.update": _("Admission file changed"),
    "candidate.step": _("Admission step recorded"),
    "candidate.step_undo": _("Admission step withdrawn"),
    "candidate.extend": _("Deadline extended"),
    "candidate.close": _("Admission file closed"),
    "candidate.historical": _("Admission brought in from the historical register"),
}
