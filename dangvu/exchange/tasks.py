"""Background tasks of data exchange (django-tasks; the database backend's worker runs them:
``dangvu db_worker``)."""

from django_tasks import task


@task()
def run_import(job_id: int, dry_run: bool) -> None:
    """Check or import an uploaded file (``registers.import_job_run``)."""
    from .registers import import_job_run

    import_job_run(job_id=job_id, dry_run=dry_run)
