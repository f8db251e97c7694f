"""The audit actions this app writes, with the words a page shows for them
(registered in ``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "organization.create": _("Created"),
    "organization.rename": _("Renamed"),
    "organization.move": _("Moved"),
    "organization.merge": _("Merged into another organization"),
    "organization.absorb": _("Absorbed another organization"),
    "organization.dissolve": _("Dissolved"),
    "committee.create": _("Committee formed"),
    "user.create": _("Account created"),  # rows written before the accounts module (account.create)
    "account.create": _("Account created"),
    "account.update": _("Account changed"),
    "account.deactivate": _("Account deactivated"),
    "account.password_reset": _("Password reset (temporary password)"),
    "account.unlock": _("Account unlocked"),
    "account.password_change": _("Password changed"),
    "calendar.change_create": _("Working-day calendar change recorded"),
    "calendar.change_delete": _("Working-day calendar change removed"),
}
