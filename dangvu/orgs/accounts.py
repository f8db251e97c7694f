"""Writes to accounts: an organization's administrator creates, changes, deactivates,
resets and unlocks the accounts of its subtree; everyone changes their own password.

Rules: only an administrator (role admin, or a superuser) of an account's organization
manages it (``scope.require_admin``), and only inside its subtree; the roles given are the
three of ``User.Role`` (a superuser is made by ``createsuperuser`` only); an administrator
neither deactivates, demotes nor moves their own account (the level above does). Every
write is audited, never with a password in the row. A temporary password is generated
here (``secrets``), returned once to be handed to its owner, and must be changed at the
next login (``User.must_change_password``, enforced by the pages' middleware).
"""

from __future__ import annotations

import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dangvu.core import audit
from dangvu.core.errors import (
    PermissionDenied,
    RuleViolation,
    ValidationError,
    field_error,
    field_errors,
    refusal,
)

from .models import Organization, User
from .scope import require_admin
from .selectors import account_locked

AUDIT_FIELDS = ["username", "first_name", "organization", "role", "is_active"]
# Letters and digits a person reads aloud and types without confusion (no 0/O, 1/l/I).
_TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
TEMPORARY_LENGTH = 12
_RANK = {User.Role.VIEWER: 0, User.Role.STAFF: 1, User.Role.ADMIN: 2}


def temporary_password() -> str:
    """A new temporary password: 12 characters in groups of four ("abcd-efgh-jkmn")."""
    raw = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _i in range(TEMPORARY_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, TEMPORARY_LENGTH, 4))


def _scope_of(user: User) -> str:
    return user.organization.path if user.organization_id else ""


def _snapshot(user: User) -> dict:
    return audit.snapshot(user, AUDIT_FIELDS)


def _check_manage(*, actor, user: User) -> None:
    """The actor administers `user`'s organization (a superuser's account: superusers only)."""
    if user.organization_id is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied(_("Only a superuser may change the account of a superuser."))
        return
    require_admin(actor, user.organization)


def _check_role(role: str) -> None:
    if role not in User.Role.values:
        raise field_error("role", _("Unknown role: %(role)s.") % {"role": role}, "role_unknown")


def _check_organization(actor, organization: Organization) -> None:
    require_admin(actor, organization)
    if not organization.is_active:
        raise field_error("organization",
                          _("%(org)s was dissolved: no account can be bound to it.") % {"org": organization.name},
                          "organization_dissolved")


def _clean_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise field_error("username", _("Enter a username."), "username_empty")
    if len(username) > 150:
        raise field_error("username", _("A username has at most 150 characters."), "username_too_long")
    try:
        User.username_validator(username)
    except ValidationError:
        raise field_error(
            "username", _("A username may contain only letters, digits and the characters @ . + - _ (no spaces)."),
            "username_invalid",
        ) from None
    return username


def _validate_password(password: str, user: User, field: str) -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), as errors of `field`."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:  # each validator's message, with its own code (password_too_short, ...)
        raise field_errors(*(field_error(field, " ".join(e.messages), e.code) for e in exc.error_list)) from None


def _username_taken(username: str) -> RuleViolation:
    return RuleViolation(_("The username %(username)s is already taken.") % {"username": username},
                         code="username_taken")


@transaction.atomic
def user_create(
    *, actor, username: str, organization: Organization, role: str = User.Role.VIEWER, full_name: str = "",
    password: str, temporary: bool = False,
) -> User:
    """A new account of `organization`. `password` is checked by the password validators;
    a `temporary` one (``temporary_password()``, handed to the person) must be changed at
    the first login."""
    _check_organization(actor, organization)
    _check_role(role)
    username = _clean_username(username)
    if User.objects.filter(username__iexact=username).exists():
        raise _username_taken(username)
    user = User(username=username, organization=organization, role=role, first_name=full_name.strip()[:150],
                must_change_password=temporary)
    _validate_password(password, user, "password")
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # taken by another account since the check
        raise _username_taken(username) from exc
    audit.record(actor=actor, action="account.create", obj=user, scope_path=organization.path,
                 changes=audit.diff({}, _snapshot(user)))
    return user


def _check_update(*, actor, user: User, organization: Organization, role: str, is_active: bool) -> None:
    _check_manage(actor=actor, user=user)
    _check_role(role)
    if organization.pk != user.organization_id:
        _check_organization(actor, organization)
    if getattr(actor, "pk", None) == user.pk:
        if not is_active:
            raise RuleViolation(_("You cannot deactivate your own account: an administrator of the level above "
                                  "can."), code="deactivate_self")
        if _RANK[role] < _RANK[user.role]:
            raise RuleViolation(_("You cannot lower the role of your own account: an administrator of the level "
                                  "above can."), code="demote_self")
        if organization.pk != user.organization_id:
            raise RuleViolation(_("You cannot move your own account to another organization: an administrator "
                                  "of the level above can."), code="move_self")


@transaction.atomic
def user_update(
    *, actor, user: User, full_name: str, organization: Organization, role: str, is_active: bool = True,
) -> User:
    """Change an account's full name, organization, role and whether it is active."""
    user = User.objects.select_for_update(of=("self",)).select_related("organization").get(pk=user.pk)
    _check_update(actor=actor, user=user, organization=organization, role=role, is_active=is_active)
    before = _snapshot(user)
    user.first_name, user.organization, user.role, user.is_active = (
        full_name.strip()[:150], organization, role, is_active)
    user.save(update_fields=["first_name", "organization", "role", "is_active"])
    changes = audit.diff(before, _snapshot(user))
    if changes:
        audit.record(actor=actor, action="account.update", obj=user, scope_path=_scope_of(user), changes=changes)
    return user


def _check_deactivate(*, actor, user: User) -> None:
    _check_manage(actor=actor, user=user)
    if not user.is_active:
        raise RuleViolation(_("The account %(username)s is already deactivated.") % {"username": user.username},
                            code="already_inactive")
    if getattr(actor, "pk", None) == user.pk:
        raise RuleViolation(_("You cannot deactivate your own account: an administrator of the level above can."),
                            code="deactivate_self")


def user_deactivate_refusal(*, actor, user: User) -> str:
    """Why `user_deactivate` would refuse, or ""."""
    return refusal(_check_deactivate, actor=actor, user=user)


@transaction.atomic
def user_deactivate(*, actor, user: User, reason: str = "") -> User:
    """The account can no longer log in; its history stays (it is never deleted)."""
    user = User.objects.select_for_update(of=("self",)).select_related("organization").get(pk=user.pk)
    _check_deactivate(actor=actor, user=user)
    before = _snapshot(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, action="account.deactivate", obj=user, scope_path=_scope_of(user),
                 changes=audit.diff(before, _snapshot(user)), note=reason)
    return user


def _check_password_reset(*, actor, user: User) -> None:
    _check_manage(actor=actor, user=user)
    if not user.is_active:
        raise RuleViolation(_("The account %(username)s is deactivated: activate it before resetting its password.")
                            % {"username": user.username}, code="reset_inactive")


def user_password_reset_refusal(*, actor, user: User) -> str:
    """Why `user_password_reset` would refuse, or ""."""
    return refusal(_check_password_reset, actor=actor, user=user)


@transaction.atomic
def user_password_reset(*, actor, user: User) -> str:
    """Give `user` a new temporary password, to be changed at the next login. Returns it:
    the only time it is ever shown (only its hash is stored, and never in the audit)."""
    user = User.objects.select_for_update(of=("self",)).select_related("organization").get(pk=user.pk)
    _check_password_reset(actor=actor, user=user)
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=actor, action="account.password_reset", obj=user, scope_path=_scope_of(user),
                 changes={"must_change_password": [False, True]})
    return password


def _check_unlock(*, actor, user: User) -> None:
    _check_manage(actor=actor, user=user)
    if not account_locked(username=user.username):
        raise RuleViolation(_("The account %(username)s is not locked.") % {"username": user.username},
                            code="not_locked")


def user_unlock_refusal(*, actor, user: User) -> str:
    """Why `user_unlock` would refuse, or ""."""
    return refusal(_check_unlock, actor=actor, user=user)


@transaction.atomic
def user_unlock(*, actor, user: User) -> int:
    """Clear the failed logins that locked `user` out (django-axes' records, from every
    address). Returns how many records were cleared."""
    _check_unlock(actor=actor, user=user)
    cleared = axes_reset(username=user.username)
    audit.record(actor=actor, action="account.unlock", obj=user, scope_path=_scope_of(user),
                 note=_("%(n)s failed logins cleared.") % {"n": cleared})
    return cleared


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str) -> User:
    """The actor changes their own password: the current one is checked, the new one goes
    through the password validators and must differ from it; a temporary password is then
    no longer to be changed. The page keeps the session (``update_session_auth_hash``)."""
    user = User.objects.select_for_update(of=("self",)).select_related("organization").get(pk=actor.pk)
    if not user.check_password(old_password or ""):
        raise field_error("old_password", _("The current password is wrong."), "old_password_wrong")
    if not new_password:
        raise field_error("new_password", _("Enter the new password."), "new_password_empty")
    if new_password == old_password:
        raise field_error("new_password", _("The new password must differ from the current one."), "password_same")
    _validate_password(new_password, user, "new_password")
    user.set_password(new_password)
    was_temporary = user.must_change_password
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=user, action="account.password_change", obj=user, scope_path=_scope_of(user),
                 changes={"must_change_password": [True, False]} if was_temporary else {})
    return user
