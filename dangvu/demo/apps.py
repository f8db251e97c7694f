from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "dangvu.demo"
    label = "demo"
    verbose_name = _("Demo data")

    def ready(self) -> None:
        from dangvu.core import audit

        from .audit_actions import AUDIT_ACTIONS

        audit.register_actions(AUDIT_ACTIONS)
