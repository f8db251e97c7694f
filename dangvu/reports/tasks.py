"""Background builds of reports (django-tasks; the database backend's worker runs them:
``dangvu db_worker``)."""

from django_tasks import task


@task()
def build_report(report_id: int, user_id: int) -> None:
    """Build a queued report as the user who asked for it (``services.report_run``)."""
    from django.contrib.auth import get_user_model

    from .services import report_run

    report_run(report_id=report_id, actor=get_user_model().objects.get(pk=user_id))
