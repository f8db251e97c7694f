"""What the page modules share: the top of the user's tree, and a form running a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangvu.core.errors import PermissionDenied
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import Organization

from .forms import add_field_errors


def root_of(request) -> Organization:
    """The top of what the user sees (404 for an account bound to nothing)."""
    root = org_selectors.actor_root(request.user)
    if root is None:
        raise Http404
    return root


def service_form(request, form, call, template, context, success_url):
    """Run `call(cleaned_data)` for a valid POST; map rule errors back onto the form."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_field_errors(form, exc)
            else:
                form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url)
    return render(request, template, context | {"form": form}, status=400 if form.errors else 200)
