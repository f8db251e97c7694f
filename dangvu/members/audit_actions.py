"""The audit actions this app writes, with the words a page shows for them
(registered in ``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "member.create": _("Recorded"),
    "member.bulk_create": _("Members recorded from a file"),
    "member.update": _("Details changed"),
    "member.status": _("Status changed"),
    "member.status_annul": _("Status change annulled"),
    "member.transfer": _("Transferred"),
    "member.transfer_out": _("Transferred out"),
    "member.interruption": _("Interruption recorded"),
    "member.merger": _("Members carried over in a merger"),
    "member.transfer_temporary": _("Temporary transfer recorded"),
    "member.transfer_annul": _("Transfer annulled"),
    "committee.seat": _("Committee seat assigned"),
    "committee.seat_end": _("Committee seat ended"),
}
