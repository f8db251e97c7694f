from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "dangvu.orgs"
    label = "orgs"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from dangvu.core import audit

        from .audit_actions import AUDIT_ACTIONS

        audit.register_actions(AUDIT_ACTIONS)
        from . import measures  # noqa: F401  (measures register themselves)
