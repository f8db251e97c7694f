"""What the page modules share: the top of the user's tree, a form running a service, and the
registers' list pages' paging, filters and write check."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangvu.core.errors import PermissionDenied
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import write_refusal

from .forms import add_field_errors
from .widgets import organization_choices


def root_of(request) -> Organization:
    """The top of what the user sees (404 for an account bound to nothing)."""
    root = org_selectors.actor_root(request.user)
    if root is None:
        raise Http404
    return root


def writable_root(request) -> Organization:
    """The top of the user's tree, when the user may write there (else 403 with the reason)."""
    root = root_of(request)
    refusal = write_refusal(request.user, root)
    if refusal:
        raise PermissionDenied(refusal)
    return root


def org_filter_choices(request, root: Organization, everyone: str) -> list:
    """The organizations a register's list filters by: `root` and two levels under it."""
    orgs = org_selectors.subtree(actor=request.user, organization=root).filter(depth__lte=root.depth + 2)
    return organization_choices(orgs, empty=everyone)


def register_filters(request, form, root: Organization) -> tuple[dict, Organization | None]:
    """A register list's filters: the form's organizations (`org_filter_choices`, "All of"
    `root` first), the values read (``form.filters()``) and the organization chosen (None:
    the whole of the user's tree)."""
    form.fields["org"].choices = org_filter_choices(request, root, _("All of %(org)s") % {"org": root.display_name})
    filters = form.filters()
    org = org_selectors.organization_get(actor=request.user, pk=filters["org"]) if filters["org"] else None
    return filters, org


def paginate(qs, page_number):
    return Paginator(qs, settings.DANGVU_PAGE_SIZE).get_page(page_number)


def query_without_page(request) -> str:
    """The list's query string without its page, for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def service_form(request, form, call, template, context, success_url=None):
    """Run `call(cleaned_data)` for a valid POST; map rule errors back onto the form. Then go
    to `success_url`, or without one to the address `call` returns (the page of what it
    created)."""
    if request.method == "POST" and form.is_valid():
        try:
            returned = call(form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_field_errors(form, exc)
            else:
                form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url or returned)
    return render(request, template, context | {"form": form}, status=400 if form.errors else 200)
