from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "dangvu.plans"
    label = "plans"
    verbose_name = _("Plans and targets")

    def ready(self) -> None:
        from dangvu.core import audit

        from .audit_actions import AUDIT_ACTIONS

        audit.register_actions(AUDIT_ACTIONS)
