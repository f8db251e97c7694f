"""Who a command acts as."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from dangvu.core.actors import SYSTEM
from dangvu.orgs.models import User


def actor_named(username: str | None):
    """The account `username` (its scope and rights), or the system when None."""
    if not username:
        return SYSTEM
    user = User.objects.filter(username=username, is_active=True).select_related("organization").first()
    if user is None:
        raise CommandError(_("No active account has the username %(name)s.") % {"name": username})
    return user
