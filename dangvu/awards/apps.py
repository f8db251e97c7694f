from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "dangvu.awards"
    label = "awards"
    verbose_name = _("Commendations and Party badges")

    def ready(self) -> None:
        from dangvu.core import audit

        from . import measures  # noqa: F401  (measures register themselves)
        from .audit_actions import AUDIT_ACTIONS

        audit.register_actions(AUDIT_ACTIONS)
