"""The audit actions this app writes, with the words a page shows for them (registered in
``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS: dict = {
    "commendation.create": _("Commendation recorded"),
    "commendation.update": _("Commendation changed"),
    "commendation.delete": _("Commendation deleted"),
    "commendation.decide": _("Commended by a decision taken from a proposed list"),
    "movement.create": _("Emulation movement recorded"),
    "emulation_title.create": _("Emulation title conferred"),
    # Party badges
    "badge.award": _("Party badge awarded"),
    "badge_date.create": _("Badge award date set"),
}
