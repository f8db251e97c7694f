"""Reads of data exchange, scoped by the actor's subtree."""

from pathlib import Path

from django.conf import settings

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


def upload_path(stored_as: str) -> Path:
    """Where an uploaded file is kept (``ImportJob.stored_as``), or a file beside it."""
    return Path(settings.DANGVU_IMPORT_DIR) / stored_as


def progress_path(job: ImportJob) -> Path:
    """Where a running job says how many rows it has read (its row on the database is not
    updated within the import's transaction: the page would see nothing move)."""
    return upload_path(f"{job.stored_as}.progress")


def rows_done(job: ImportJob) -> int:
    """The rows a job has read: while it runs, what it wrote beside its file; after, its
    own count."""
    if job.state in ImportJob.RUNNING:
        try:
            return int(progress_path(job).read_text() or 0)
        except (OSError, ValueError):
            return job.rows_done
    return job.rows_done
