"""Reads of data exchange, scoped by the actor's subtree."""

from dangvu.core.errors import get_or_not_found
from dangvu.orgs.models import under
from dangvu.orgs.scope import scope_path

from .models import ImportJob


def import_job_get(*, actor, pk: int) -> ImportJob:
    """An import of an organization in the actor's subtree, or NotFound."""
    prefix = scope_path(actor)
    qs = ImportJob.objects.select_related("organization", "created_by")
    qs = qs.none() if prefix is None else qs.filter(under(prefix, "organization__path"))
    return get_or_not_found(qs, pk=pk)


def import_jobs(*, actor, limit: int = 10):
    """The actor's latest imports."""
    return ImportJob.objects.filter(created_by=actor).select_related("organization")[:limit] if getattr(
        actor, "pk", None) else ImportJob.objects.none()
