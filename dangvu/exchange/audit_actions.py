"""The audit actions this app writes, with the words a page shows for them
(registered in ``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "exchange.results_import": _("Figures imported from a file"),
    "exchange.registers_mapping": _("Column mapping of imports remembered"),
}
