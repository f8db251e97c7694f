"""The audit actions this app writes, with the words a page shows for them (registered in
``apps.py``; ``core.audit.record`` refuses an action nobody registered)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "course_kind.create": _("Kind of class added"),
    "course.create": _("Class recorded"),
    "course.update": _("Class changed"),
    "course.session": _("Class session recorded"),
    "course.attendees": _("Attendees added to a class"),
    "course.attendee_remove": _("Attendee removed from a class"),
    "course.results": _("Class results recorded"),
    "course.certificates": _("Class certificates issued"),
    "study.create": _("Resolution study session recorded"),
}
