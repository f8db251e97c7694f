from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "dangvu.members"
    label = "members"
    verbose_name = _("Party members")

    def ready(self) -> None:
        from dangvu.core import audit, registry

        from . import measures, services  # noqa: F401  (measures register themselves)
        from .audit_actions import AUDIT_ACTIONS

        audit.register_actions(AUDIT_ACTIONS)

        registry.register_dissolve_check(services.members_block_dissolution)
        registry.register_merge_handler(services.members_follow_merger)

        from dangvu.core import integrity

        from . import integrity as checks
        from .models import Member

        integrity.register_check(_("Members' derived fields"), checks.derived_fields)
        integrity.register_check(_("Members' affiliations"), checks.affiliations)
        integrity.register_audited(Member)
