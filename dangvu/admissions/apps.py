from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "dangvu.admissions"
    label = "admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        from dangvu.core import audit, integrity, registry

        from . import integrity as checks
        from . import measures, services  # noqa: F401  (measures register themselves)
        from .audit_actions import AUDIT_ACTIONS
        from .models import Candidate

        audit.register_actions(AUDIT_ACTIONS)
        registry.register_admission_handler(services.historical_file_for)
        registry.register_calendar_listener(services.refresh_deadlines)
        registry.register_bulk_admission_handler(services.historical_files_bulk)
        integrity.register_check(_("Admission files of admitted members"), checks.files_of_admitted_members)
        integrity.register_audited(Candidate)
