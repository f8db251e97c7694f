"""The audit actions this app writes, with the words a page shows for them
(registered in ``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "term.create": _("Term created"),
    "congress.create": _("Congress recorded"),
    "indicator.create": _("Indicator added to the catalog"),
    "indicator.count_from": _("Figure now counted from a register"),
    "plan.create": _("Plan issued"),
    "target.set": _("Target set"),
    "target.delete": _("Target deleted"),
    "result.save": _("Value saved"),
    "return.submit": _("Report submitted"),
    "return.approve": _("Report approved"),
    "return.reopen": _("Report reopened"),
    "task.create": _("Task assigned"),
    "task.status": _("Task status changed"),
}
