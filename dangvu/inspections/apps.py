from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "dangvu.inspections"
    label = "inspections"
    verbose_name = _("Inspection, supervision and discipline")

    def ready(self) -> None:
        from dangvu.core import audit, integrity

        from . import measures  # noqa: F401  (measures register themselves)
        from .audit_actions import AUDIT_ACTIONS
        from .models import Discipline, Inspection

        audit.register_actions(AUDIT_ACTIONS)
        integrity.register_audited(Inspection)
        integrity.register_audited(Discipline)
