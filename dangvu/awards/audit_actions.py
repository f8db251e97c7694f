"""The audit actions this app writes, with the words a page shows for them (registered in
``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS: dict = {
    # Party badges
    "badge.award": _("Party badge awarded"),
    "badge_date.create": _("Badge award date set"),
}
