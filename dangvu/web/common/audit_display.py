"""Audit rows as people read them: field names, dates and choices in the UI language."""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from dangvu.core import formatting
from dangvu.core.audit import action_label, actor_label


def _value(field, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and "repr" in value:
        return value["repr"]
    if field is not None and getattr(field, "choices", None):
        return dict(field.choices).get(value, value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formatting.date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def audit_rows(entries, model) -> list[dict]:
    rows = []
    for entry in entries:
        changes = []
        for name, pair in entry.changes.items():
            if not (isinstance(pair, list) and len(pair) == 2):  # e.g. what a bulk load covers
                continue
            old, new = pair
            try:
                field = model._meta.get_field(name)
                label = field.verbose_name
            except FieldDoesNotExist:
                field, label = None, name
            changes.append((label, _value(field, old), _value(field, new)))
        rows.append({
            "at": entry.at, "actor": actor_label(entry), "action": action_label(entry.action),
            "changes": changes, "note": entry.note,
        })
    return rows
