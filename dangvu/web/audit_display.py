"""Audit rows as people read them: field names, dates and choices in the UI language."""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "organization.create": _("Created"),
    "organization.rename": _("Renamed"),
    "organization.move": _("Moved"),
    "organization.merge": _("Merged into another organization"),
    "organization.absorb": _("Absorbed another organization"),
    "organization.dissolve": _("Dissolved"),
    "committee.create": _("Committee formed"),
    "committee.seat": _("Committee seat assigned"),
    "member.create": _("Recorded"),
    "member.update": _("Details changed"),
    "member.status": _("Status changed"),
    "member.status_annul": _("Status change annulled"),
    "member.transfer": _("Transferred"),
    "member.transfer_out": _("Transferred out"),
    "member.interruption": _("Interruption recorded"),
    "member.merger": _("Members carried over in a merger"),
    "user.create": _("Account created"),
    "demo.load": _("Demo data loaded"),
    "demo.plans": _("Demo plans loaded"),
    "plan.create": _("Plan issued"),
    "target.set": _("Target set"),
    "target.delete": _("Target deleted"),
    "result.save": _("Value saved"),
    "report.submit": _("Report submitted"),
    "report.approve": _("Report approved"),
    "report.reopen": _("Report reopened"),
    "task.create": _("Task assigned"),
    "task.status": _("Task status changed"),
}


def _value(field, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and "repr" in value:
        return value["repr"]
    if field is not None and getattr(field, "choices", None):
        return dict(field.choices).get(value, value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def audit_rows(entries, model) -> list[dict]:
    rows = []
    for entry in entries:
        changes = []
        for name, (old, new) in entry.changes.items():
            try:
                field = model._meta.get_field(name)
                label = field.verbose_name
            except FieldDoesNotExist:
                field, label = None, name
            changes.append((label, _value(field, old), _value(field, new)))
        rows.append({
            "at": entry.at, "actor": entry.actor_name, "action": ACTIONS.get(entry.action, entry.action),
            "changes": changes, "note": entry.note,
        })
    return rows
