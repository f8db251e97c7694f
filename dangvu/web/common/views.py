"""The site: login, the home page (the tree of the user's organization), the header search,
and what every page module shares (running a service behind a form)."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvu.admissions import selectors as admission_selectors
from dangvu.core.text import clean_text
from dangvu.members import selectors as member_selectors
from dangvu.members.models import Member
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import Organization
from dangvu.web.orgs.views import tree_rows

from .forms import LoginForm
from .pages import root_of


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "web/common/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    root = root_of(request)
    kinds = org_selectors.counts_by_kind(actor=request.user, organization=root)
    statuses = member_selectors.status_counts(actor=request.user, organization=root)
    return render(request, "web/common/home.html", {
        "root": root,
        "root_members": member_selectors.on_roll_total(statuses),
        "kind_counts": [(label, kinds[value]) for value, label in Organization.Kind.choices if kinds.get(value)],
        "status_counts": [(value, label, statuses.get(value, 0)) for value, label in Member.Status.choices],
        "children": tree_rows(request, root),
        "admissions": admission_selectors.due_counts(actor=request.user, organization=root, days=30),
    })


def search(request):
    """The search box in the header: members and organizations, as an HTMX dropdown or a page."""
    q = clean_text(request.GET.get("q", ""))  # no control character (PostgreSQL refuses NUL) reaches a query
    members = list(member_selectors.member_list(actor=request.user, query=q)[:10]) if q else []
    orgs = list(org_selectors.organization_search(actor=request.user, query=q)) if q else []
    template = "web/common/_search_results.html" if request.htmx else "web/common/search.html"
    return render(request, template, {"q": q, "members": members, "orgs": orgs})


