from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "dangvu.orgs"
    label = "orgs"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from dangvu.core import audit, integrity

        from . import integrity as checks
        from . import measures  # noqa: F401  (measures register themselves)
        from .audit_actions import AUDIT_ACTIONS
        from .models import Organization

        audit.register_actions(AUDIT_ACTIONS)
        integrity.register_check(_("Organization tree"), checks.tree_paths)
        integrity.register_check(_("Placements in the tree"), checks.placements)
        integrity.register_audited(Organization)
