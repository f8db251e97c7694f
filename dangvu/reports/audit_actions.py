"""The audit actions this app writes, with the words a page shows for them (registered in
``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "report.create": _("Report created"),
    "report.build": _("Report built"),
    "report.edit": _("Report paragraph edited"),
    "report.restore": _("Report paragraph restored"),
    "report.review": _("Changed figure under an edited paragraph reviewed"),
    "document_settings.save": _("Document settings saved"),
    "conference.create": _("Review conference recorded"),
    "conference.update": _("Review conference changed"),
}
