"""The audit actions this app writes, with the words a page shows for them (registered in
``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "rating_round.open": _("Rating round opened"),
    "rating_round.cap": _("Higher share of excellent members allowed"),
    "rating.self_assess": _("Self-assessment recorded"),
    "rating.propose": _("Level proposed"),
    "rating.decide": _("Rating decided"),
    "rating_exemption.create": _("Member not rated for the year"),
}
