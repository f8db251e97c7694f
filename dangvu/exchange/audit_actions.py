"""The audit actions of data exchange (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "exchange.registers_mapping": _("Column mapping of imports remembered"),
}
