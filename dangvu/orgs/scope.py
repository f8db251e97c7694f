"""The one place that decides what an actor may see and change: its organization's subtree."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dangvu.core.errors import NotFound, PermissionDenied, RuleViolation, refusal

from .models import Organization, User, under


def scope_path(actor) -> str | None:
    """The path prefix the actor sees: "" for everything, None for nothing."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if actor.is_superuser:
        return ""
    if actor.organization_id is None:
        return None
    return actor.organization.path


def visible_organizations(actor):
    """Organizations in the actor's subtree (including dissolved ones)."""
    prefix = scope_path(actor)
    qs = Organization.objects.all()
    if prefix is None:
        return qs.none()
    return qs.filter(under(prefix)) if prefix else qs


def writable_organizations(actor):
    """Organizations the actor may change: its subtree if its role writes, else none
    (what `require_write` accepts, as a queryset)."""
    if not getattr(actor, "can_write", False):
        return Organization.objects.none()
    return visible_organizations(actor)


def in_scope(actor, path: str) -> bool:
    prefix = scope_path(actor)
    return prefix is not None and path.startswith(prefix)


def require_read(actor, path: str) -> None:
    """Outside the scope answers 404: the object is not there for this actor."""
    if not in_scope(actor, path):
        raise NotFound


def require_write(actor, organization: Organization) -> None:
    if not in_scope(actor, organization.path):
        raise PermissionDenied(_("You may not change records outside your organization."))
    if not actor.can_write:
        raise PermissionDenied(_("Your account is read-only."))


def write_refusal(actor, organization: Organization) -> str:
    """Why `require_write` would refuse the actor, or "": for pages that show the reason
    instead of a form."""
    try:
        require_write(actor, organization)
    except PermissionDenied as exc:
        return str(exc)
    return ""


def is_admin(actor) -> bool:
    """An administrator (or a superuser): manages accounts and restructures organizations
    in its subtree."""
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) == User.Role.ADMIN)


def require_admin(actor, organization: Organization) -> None:
    require_write(actor, organization)
    if not is_admin(actor):
        raise PermissionDenied(_("Only an administrator of the organization may do this."))


def admin_refusal(actor, organization: Organization) -> str:
    """Why `require_admin` would refuse the actor, or ""."""
    return refusal(require_admin, actor=actor, organization=organization)


def require_restructure(actor, organization: Organization) -> None:
    """Renaming, moving, merging or dissolving `organization`: an administrator of it, and
    never the organization that is the root of the actor's own scope (the level above
    restructures it)."""
    require_admin(actor, organization)
    if not actor.is_superuser and actor.organization_id == organization.pk:
        raise RuleViolation(
            _("%(org)s is the organization of your own account: only an administrator of the level above "
              "may rename, move, merge or dissolve it.") % {"org": organization.name},
            code="restructure_own_organization",
        )


def restructure_refusal(actor, organization: Organization) -> str:
    """Why `require_restructure` would refuse the actor, or ""."""
    return refusal(require_restructure, actor=actor, organization=organization)
