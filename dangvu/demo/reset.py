"""Delete all organizations, members, the records that hang on them (plans, targets,
results, approvals, tasks, congresses and terms too), and the audit trail: the clean slate
the demo loads into."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, transaction

from dangvu.core.models import AuditEntry
from dangvu.orgs.models import Committee, Organization, OrganizationEvent, Placement, User
from dangvu.plans.models import Term

_SKIP_APPS = {"auth", "contenttypes", "sessions", "admin", "axes"}


def _tables_to_wipe() -> list:
    """The models to empty, those that refer to others first: orgs and members, terms, and
    every model of any app that refers to them (directly or through another such model):
    plans, targets, results, approvals, tasks, congresses. The indicator catalog, reporting
    forms and validation rules stay."""
    wanted = {Organization, Placement, OrganizationEvent, Committee, AuditEntry, Term}
    wanted |= set(apps.get_app_config("members").get_models(include_auto_created=True))
    candidates = [
        m for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in _SKIP_APPS and m is not User and not m._meta.proxy
        and m._meta.managed
    ]

    def refs(model) -> set:
        return {f.related_model for f in model._meta.concrete_fields if f.is_relation and f.related_model}

    grew = True
    while grew:
        grew = False
        for m in candidates:
            if m not in wanted and refs(m) & wanted:
                wanted.add(m)
                grew = True
    ordered, left = [], set(wanted)
    while left:
        # A model can go once no other remaining model refers to it.
        ready = sorted(
            (m for m in left if not any(m in refs(o) for o in left if o is not m)),
            key=lambda m: m._meta.db_table,
        )
        if not ready:  # a cycle: the foreign keys are deferred, any order commits
            ready = sorted(left, key=lambda m: m._meta.db_table)
        ordered.extend(ready)
        left -= set(ready)
    return ordered


@transaction.atomic
def wipe() -> dict[str, int]:
    """Empty the tables in one transaction, with plain DELETEs (no per-row collection).
    Accounts bound to an organization go too; superusers stay, unbound."""
    deleted: dict[str, int] = {}
    quote = connection.ops.quote_name
    models = _tables_to_wipe()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(AuditEntry._meta.db_table)}")
        deleted[AuditEntry._meta.label] = cursor.rowcount
        User.objects.filter(is_superuser=True, organization__isnull=False).update(organization=None)
        deleted[User._meta.label] = User.objects.filter(organization__isnull=False).delete()[0]
        for model in models:
            if model is AuditEntry:
                continue
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
            deleted[model._meta.label] = cursor.rowcount
    return deleted
