"""The audit trail. Every service write calls `record` inside its transaction.

Each app registers the actions it writes with their labels (``register_actions`` in its
``AppConfig.ready``, the labels beside the services that write them), as Wagtail's apps
register their log actions: `record` refuses an action nobody registered, so that every
row of the trail reads as words on a page (``action_label``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


_labels: dict[str, Any] = {}


def register_actions(labels: dict[str, Any]) -> None:
    """Register `{action: translatable label}` for the actions an app writes."""
    for action, label in labels.items():
        if _labels.get(action, label) != label:
            raise ValueError(f"audit action {action!r} registered twice with different labels")
        _labels[action] = label


def action_label(action: str) -> str:
    """What a page shows for an audit row's action (the code itself if unregistered)."""
    return str(_labels.get(action, action))


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of `fields` on `obj`, as JSON-ready data."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    keys = list(dict.fromkeys([*old, *new]))
    blank = (None, "")
    return {
        k: [old.get(k), new.get(k)] for k in keys
        if old.get(k) != new.get(k) and not (old.get(k) in blank and new.get(k) in blank)
    }


def record(
    *, actor, action: str, obj: models.Model, scope_path: str,
    changes: dict[str, list[Any]] | None = None, note: str = "",
) -> AuditEntry:
    """Write one audit row. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the service transaction")
    if action not in _labels:
        raise RuntimeError(f"audit action {action!r} is not registered (audit.register_actions)")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_username() if getattr(actor, "pk", None) else "system"),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        scope_path=scope_path,
        changes=changes or {},
        note=note,
    )


def actor_label(entry: AuditEntry) -> str:
    """Who made the change, as people read it: the account's full name (its username when it
    has none), or "the system" for the loader and the command line."""
    if entry.actor_id is None:
        return str(_("the system")) if entry.actor_name == "system" else entry.actor_name
    return entry.actor.get_full_name() or entry.actor.get_username()


def history_for(obj: models.Model):
    """Audit rows of one object, newest first. The caller has already scoped `obj`."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditEntry.objects.filter(content_type=ct, object_id=obj.pk).select_related("actor")
