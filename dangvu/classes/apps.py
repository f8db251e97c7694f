from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "dangvu.classes"
    label = "classes"
    verbose_name = _("Classes and study")

    def ready(self) -> None:
        from dangvu.core import audit, integrity

        from . import measures  # noqa: F401  (measures register themselves)
        from .audit_actions import AUDIT_ACTIONS
        from .models import Course, StudySession

        audit.register_actions(AUDIT_ACTIONS)
        integrity.register_audited(Course)
        integrity.register_audited(StudySession)
