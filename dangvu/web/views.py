"""Pages. Views parse the request, call one selector or service, and render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dangvu.core.audit import history_for
from dangvu.core.errors import PermissionDenied
from dangvu.members import selectors as member_selectors
from dangvu.members import services as member_services
from dangvu.members.models import MEMBER_HOLDING_KINDS, Member
from dangvu.members.party_age import for_member
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import visible_organizations

from . import exports
from .audit_display import audit_rows
from .forms import (
    LoginForm,
    MemberEditForm,
    MemberFilterForm,
    OrganizationCreateForm,
    OrganizationDissolveForm,
    OrganizationMergeForm,
    OrganizationMoveForm,
    OrganizationRenameForm,
    StatusForm,
    TransferForm,
    add_field_errors,
    tree_options,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "web/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def _root(request) -> Organization:
    root = org_selectors.actor_root(request.user)
    if root is None:
        raise Http404
    return root


def _tree_rows(request, parent: Organization):
    """Children of `parent` with their member counts: two queries, whatever the size."""
    children = list(org_selectors.children(actor=request.user, organization=parent))
    counts = member_selectors.member_counts_by_child(actor=request.user, parent=parent)
    for child in children:
        child.member_count = counts.get(child.pk, 0)
    return children


def home(request):
    root = _root(request)
    kinds = org_selectors.counts_by_kind(actor=request.user, organization=root)
    statuses = member_selectors.status_counts(actor=request.user, organization=root)
    return render(request, "web/home.html", {
        "root": root,
        "root_members": statuses.get(Member.Status.PROBATIONARY, 0) + statuses.get(Member.Status.FULL, 0),
        "kind_counts": [(label, kinds[value]) for value, label in Organization.Kind.choices if kinds.get(value)],
        "status_counts": [(value, label, statuses.get(value, 0)) for value, label in Member.Status.choices],
        "children": _tree_rows(request, root),
    })


def organization_children(request, pk: int):
    org = org_selectors.organization_get(actor=request.user, pk=pk)
    return render(request, "web/_tree_children.html", {"children": _tree_rows(request, org)})


def _organization_context(request, org: Organization) -> dict:
    statuses = member_selectors.status_counts(actor=request.user, organization=org)
    committees = list(org.committees.prefetch_related("seats__member"))
    return {
        "org": org,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=org),
        "children": _tree_rows(request, org),
        "kind_counts": [(Organization.Kind(k).label, n) for k, n in org_selectors.counts_by_kind(actor=request.user, organization=org).items()],
        "status_counts": [(value, label, statuses.get(value, 0)) for value, label in Member.Status.choices],
        "on_roll": statuses.get(Member.Status.PROBATIONARY, 0) + statuses.get(Member.Status.FULL, 0),
        "committees": committees,
        "events": org.events.select_related("related"),
        "history": audit_rows(history_for(org)[:100], Organization),
        "holds_members": org.kind in MEMBER_HOLDING_KINDS,
    }


def organization_detail(request, pk: int):
    org = org_selectors.organization_get(actor=request.user, pk=pk)
    return render(request, "web/organization.html", _organization_context(request, org))


def _org_targets(request, org: Organization, *, exclude_subtree: bool):
    """Active organizations the actor reaches, as select options (tree order)."""
    qs = visible_organizations(request.user).filter(dissolved_on__isnull=True).exclude(
        kind__in=MEMBER_HOLDING_KINDS if exclude_subtree else ()
    )
    if exclude_subtree:
        qs = qs.exclude(path__startswith=org.path)
    else:
        qs = qs.filter(kind=org.kind).exclude(pk=org.pk)
    return tree_options(qs.order_by("path").only("id", "name", "depth"))


ORGANIZATION_ACTIONS = {
    "new": (OrganizationCreateForm, gettext_lazy("Add an organization under it")),
    "rename": (OrganizationRenameForm, gettext_lazy("Rename")),
    "move": (OrganizationMoveForm, gettext_lazy("Move to another parent")),
    "merge": (OrganizationMergeForm, gettext_lazy("Merge into another organization")),
    "dissolve": (OrganizationDissolveForm, gettext_lazy("Dissolve")),
}


def organization_action(request, pk: int, action: str):
    org = org_selectors.organization_get(actor=request.user, pk=pk)
    if action not in ORGANIZATION_ACTIONS:
        raise Http404
    form_class, title = ORGANIZATION_ACTIONS[action]
    initial = {"on": timezone.localdate(), "established_on": timezone.localdate()}
    if action == "rename":
        initial |= {"name": org.name, "short_name": org.short_name}
    form = form_class(request.POST or None, initial=initial)
    if "target" in form.fields:
        form.fields["target"].choices = _org_targets(request, org, exclude_subtree=action == "move")
    actor = request.user
    result = {}

    def call(data):
        target = org_selectors.organization_get(actor=actor, pk=data["target"]) if "target" in data else None
        if action == "new":
            result["org"] = org_services.organization_create(actor=actor, parent=org, **data)
        elif action == "rename":
            org_services.organization_rename(actor=actor, organization=org, **data)
        elif action == "move":
            org_services.organization_move(actor=actor, organization=org, new_parent=target, on=data["on"])
        elif action == "merge":
            org_services.organization_merge(actor=actor, source=org, target=target, on=data["on"])
        else:
            org_services.organization_dissolve(actor=actor, organization=org, **data)

    context = _organization_context(request, org) | {"form_title": title, "cancel_url": reverse("organization", args=[org.pk])}
    response = _service_form(request, form, call, "web/organization_action.html", context,
                             reverse("organization", args=[org.pk]))
    if "org" in result:
        return redirect("organization", pk=result["org"].pk)
    return response


def organization_export(request, pk: int):
    org = org_selectors.organization_get(actor=request.user, pk=pk)
    rows = org_selectors.subtree(actor=request.user, organization=org)
    return exports.xlsx_response(exports.organizations_workbook(org, rows), f"to-chuc-{org.code}.xlsx")


def _org_choices(request, root: Organization, selected: Organization | None):
    """Options for the organization filter: the actor's tree down to grassroots level."""
    qs = visible_organizations(request.user).filter(
        path__startswith=root.path, depth__lte=root.depth + 2, dissolved_on__isnull=True
    ).order_by("path").only("id", "name", "short_name", "depth")
    options = tree_options(qs, root.depth, "display_name")
    if selected and all(pk != selected.pk for pk, _label in options):
        options.append((selected.pk, selected.display_name))
    return options


def _filtered_members(request):
    form = MemberFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = org_selectors.organization_get(actor=request.user, pk=data["org"]) if data.get("org") else None
    qs = member_selectors.member_list(
        actor=request.user, query=data.get("q", ""), organization=org, status=data.get("status", ""),
        gender=data.get("gender", ""), age_band=data.get("age", ""), party_age_band=data.get("party_age", ""),
    )
    return form, org, qs, data


def member_list(request):
    form, org, qs, data = _filtered_members(request)
    root = _root(request)
    form.fields["org"].widget.choices = [("", _("All of %(org)s") % {"org": root.display_name}), *_org_choices(request, root, org)]
    page = Paginator(qs, settings.DANGVU_PAGE_SIZE).get_page(data.get("page") or 1)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "org": org, "params": params.urlencode(), "today": timezone.localdate()}
    template = "web/_member_results.html" if request.htmx and not request.htmx.boosted else "web/members.html"
    return render(request, template, context)


def member_export(request):
    _form, org, qs, _data = _filtered_members(request)
    root = org or _root(request)
    return exports.xlsx_response(exports.members_workbook(root, qs), f"dang-vien-{root.code}.xlsx")


def _member_context(request, member: Member):
    today = timezone.localdate()
    return {
        "member": member,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=member.organization),
        "party_age": for_member(member, as_of=today),
        "history": audit_rows(history_for(member)[:100], Member),
        "today": today,
    }


def member_detail(request, pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    return render(request, "web/member.html", _member_context(request, member))


def _service_form(request, form, call, template, context, success_url):
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


def _member_form(request, member, form, call, template):
    url = reverse("member", args=[member.pk])
    return _service_form(request, form, call, template, _member_context(request, member) | {"cancel_url": url}, url)


def member_edit(request, pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    form = MemberEditForm(request.POST or None, instance=Member.objects.get(pk=member.pk))
    return _member_form(
        request, member, form,
        lambda data: member_services.member_update(actor=request.user, member=member, **data),
        "web/member_edit.html",
    )


def member_status(request, pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    form = StatusForm(request.POST or None, initial={"on": timezone.localdate()})
    return _member_form(
        request, member, form,
        lambda data: member_services.member_change_status(actor=request.user, member=member, **data),
        "web/member_status.html",
    )


def member_transfer(request, pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    form = TransferForm(request.POST or None, initial={"on": timezone.localdate()})
    cells = visible_organizations(request.user).filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)
    form.fields["to_organization"].choices = [
        (o.pk, o.name) for o in cells.exclude(pk=member.organization_id).order_by("path").only("id", "name")
    ]

    def call(data):
        target = org_selectors.organization_get(actor=request.user, pk=data["to_organization"])
        member_services.member_transfer(actor=request.user, member=member, to_organization=target,
                                        on=data["on"], decision=data["decision"])

    return _member_form(request, member, form, call, "web/member_transfer.html")


def search(request):
    """The search box in the header: members and organizations, as an HTMX dropdown or a page."""
    q = request.GET.get("q", "").strip()
    members = list(member_selectors.member_list(actor=request.user, query=q)[:10]) if q else []
    orgs = list(org_selectors.organization_search(actor=request.user, query=q)) if q else []
    template = "web/_search_results.html" if request.htmx else "web/search.html"
    return render(request, template, {"q": q, "members": members, "orgs": orgs})
