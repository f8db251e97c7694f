"""The audit actions this app writes, with the words a page shows for them
(registered in ``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "inspection_program.create": _("Inspection and supervision program recorded"),
    "inspection.create": _("Inspection or supervision recorded"),
    "inspection.conclude": _("Conclusion recorded"),
    "discipline.create": _("Discipline decision recorded"),
    "discipline.annul": _("Discipline decision annulled"),
    "discipline.complaint": _("Complaint recorded"),
}
