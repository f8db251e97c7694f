"""The audit actions this app writes, with the words a page shows for them
(registered in ``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "demo.load": _("Demo data loaded"),
    "demo.plans": _("Demo plans loaded"),
    "demo.classes": _("Demo classes loaded"),
}
