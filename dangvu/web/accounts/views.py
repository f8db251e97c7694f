"""Account pages: an administrator's list of the accounts of their subtree, with creating,
changing, deactivating, resetting a password (the temporary password shown once) and
unlocking; everyone's change of their own password. A staff or read-only account opening
the administrator's pages is answered 403 with the reason; an account outside the
administrator's subtree is not there (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangvu.core.audit import history_for
from dangvu.core.errors import PermissionDenied, message
from dangvu.orgs import accounts
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import User
from dangvu.orgs.scope import admin_refusal
from dangvu.web.common.audit_display import audit_rows
from dangvu.web.common.forms import add_field_errors, tree_options

from .forms import AccountCreateForm, AccountEditForm, DeactivateForm, PasswordChangeForm

INVALID, REFUSED = 400, 403


def _refusal(request) -> str:
    """Why the user may not manage accounts (the words of ``scope.require_admin``), or ""."""
    root = org_selectors.actor_root(request.user)
    if root is None:
        return _("Your account is bound to no organization.")
    return admin_refusal(request.user, root)


def _refused(request, refusal: str, status: int = REFUSED):
    return render(request, "web/accounts/refused.html", {"refusal": refusal}, status=status)


def _organizations(actor) -> list[tuple[int, str]]:
    """The organizations an account may be bound to, in tree order, indented."""
    root = org_selectors.actor_root(actor)
    rows = org_selectors.account_organizations(actor=actor).only("id", "name", "depth")
    return tree_options(rows, root.depth if root else 0)


def _apply_errors(form, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        add_field_errors(form, exc)
    else:
        form.add_error(None, message(exc))


def _once(response):
    """A page showing a temporary password: never kept by the browser or a proxy."""
    response["Cache-Control"] = "no-store"
    return response


def account_list(request):
    refusal = _refusal(request)
    if refusal:
        return _refused(request, refusal)
    rows = list(org_selectors.account_list(actor=request.user))
    locked = org_selectors.locked_usernames(u.username for u in rows)
    for user in rows:
        user.locked = user.username in locked
    return render(request, "web/accounts/list.html", {"accounts": rows})


def account_new(request):
    refusal = _refusal(request)
    if refusal:
        return _refused(request, refusal)
    actor = request.user
    form = AccountCreateForm(request.POST or None, organizations=_organizations(actor),
                             initial={"role": User.Role.STAFF})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = accounts.temporary_password()
        try:
            organization = org_selectors.organization_get(actor=actor, pk=data["organization"])
            user = accounts.user_create(actor=actor, username=data["username"], organization=organization,
                                        role=data["role"], full_name=data["full_name"], password=password,
                                        temporary=True)
        except (ValidationError, PermissionDenied) as exc:
            _apply_errors(form, exc)
        else:
            return _once(render(request, "web/accounts/temporary.html",
                                {"account": user, "password": password, "created": True}))
    return render(request, "web/accounts/form.html", {"form": form, "title": _("New account")},
                  status=INVALID if form.errors else 200)


def _account_context(request, user: User) -> dict:
    actor = request.user
    return {
        "account": user,
        "locked": org_selectors.account_locked(username=user.username),
        "reset_refusal": accounts.user_password_reset_refusal(actor=actor, user=user),
        "unlock_refusal": accounts.user_unlock_refusal(actor=actor, user=user),
        "deactivate_refusal": accounts.user_deactivate_refusal(actor=actor, user=user),
        "history": audit_rows(history_for(user)[:100], User),
    }


def account_edit(request, pk: int):
    refusal = _refusal(request)
    if refusal:
        return _refused(request, refusal)
    actor = request.user
    user = org_selectors.account_get(actor=actor, pk=pk)
    initial = {"full_name": user.first_name, "organization": user.organization_id, "role": user.role,
               "is_active": user.is_active}
    form = AccountEditForm(request.POST or None, organizations=_organizations(actor), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization = org_selectors.organization_get(actor=actor, pk=data["organization"])
            accounts.user_update(actor=actor, user=user, full_name=data["full_name"], organization=organization,
                                 role=data["role"], is_active=data["is_active"])
        except (ValidationError, PermissionDenied) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:list")
    context = _account_context(request, user) | {"form": form, "title": user.username}
    return render(request, "web/accounts/form.html", context, status=INVALID if form.errors else 200)


def account_deactivate(request, pk: int):
    refusal = _refusal(request)
    if refusal:
        return _refused(request, refusal)
    user = org_selectors.account_get(actor=request.user, pk=pk)
    refusal = accounts.user_deactivate_refusal(actor=request.user, user=user)
    form = DeactivateForm(request.POST or None)
    if not refusal and request.method == "POST" and form.is_valid():
        try:
            accounts.user_deactivate(actor=request.user, user=user, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:  # pragma: no cover - refused above, unless changed meanwhile
            refusal = message(exc)
        else:
            messages.success(request, _("The account %(username)s was deactivated: it can no longer log in.")
                             % {"username": user.username})
            return redirect("accounts:edit", pk=user.pk)
    return render(request, "web/accounts/deactivate.html", {"account": user, "form": form, "refusal": refusal},
                  status=REFUSED if refusal else 200)


def account_reset(request, pk: int):
    refusal = _refusal(request)
    if refusal:
        return _refused(request, refusal)
    user = org_selectors.account_get(actor=request.user, pk=pk)
    refusal = accounts.user_password_reset_refusal(actor=request.user, user=user)
    if not refusal and request.method == "POST":
        try:
            password = accounts.user_password_reset(actor=request.user, user=user)
        except (ValidationError, PermissionDenied) as exc:  # pragma: no cover - refused above, unless changed meanwhile
            refusal = message(exc)
        else:
            return _once(render(request, "web/accounts/temporary.html", {"account": user, "password": password}))
    return render(request, "web/accounts/reset.html", {"account": user, "refusal": refusal},
                  status=REFUSED if refusal else 200)


@require_POST
def account_unlock(request, pk: int):
    refusal = _refusal(request)
    if refusal:
        return _refused(request, refusal)
    user = org_selectors.account_get(actor=request.user, pk=pk)
    try:
        accounts.user_unlock(actor=request.user, user=user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, message(exc))
    else:
        messages.success(request, _("The account %(username)s was unlocked: it can log in again.")
                         % {"username": user.username})
    return redirect("accounts:edit", pk=user.pk)


def password_change(request):
    """Everyone's own password; where a temporary password leads every page."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.password_change(actor=request.user, old_password=data["old_password"],
                                            new_password=data["new_password"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            update_session_auth_hash(request, user)  # the session stays signed in
            messages.success(request, _("Your password was changed."))
            return redirect("home")
    return render(request, "web/accounts/password.html", {"form": form}, status=INVALID if form.errors else 200)
