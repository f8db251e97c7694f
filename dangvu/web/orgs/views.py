"""Organization pages: an organization with its units, committees and history; the tree
actions (add, rename, move, merge, dissolve); the Excel export of a subtree."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dangvu.core.audit import history_for
from dangvu.core.errors import PermissionDenied
from dangvu.members import selectors as member_selectors
from dangvu.members.models import MEMBER_HOLDING_KINDS, Member
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import admin_refusal, restructure_refusal, write_refusal
from dangvu.web.common import exports
from dangvu.web.common.audit_display import audit_rows
from dangvu.web.common.pages import service_form
from dangvu.web.common.widgets import organization_choices

from .forms import (
    OrganizationCreateForm,
    OrganizationDissolveForm,
    OrganizationMergeForm,
    OrganizationMoveForm,
    OrganizationRenameForm,
)


def tree_rows(request, parent: Organization):
    """Children of `parent` with their member counts: two queries, whatever the size."""
    children = list(org_selectors.children(actor=request.user, organization=parent))
    counts = member_selectors.member_counts_by_child(actor=request.user, parent=parent)
    for child in children:
        child.member_count = counts.get(child.pk, 0)
    return children


def organization_children(request, pk: int):
    org = org_selectors.organization_get(actor=request.user, pk=pk)
    return render(request, "web/orgs/_tree_children.html", {"children": tree_rows(request, org)})


def _organization_context(request, org: Organization) -> dict:
    statuses = member_selectors.status_counts(actor=request.user, organization=org)
    committees = list(org.committees.prefetch_related("seats__member"))
    return {
        "org": org,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=org),
        "children": tree_rows(request, org),
        "kind_counts": [(Organization.Kind(k).label, n) for k, n in org_selectors.counts_by_kind(actor=request.user, organization=org).items()],
        "status_counts": [(value, label, statuses.get(value, 0)) for value, label in Member.Status.choices],
        "on_roll": member_selectors.on_roll_total(statuses),
        "committees": committees,
        "events": org.events.select_related("related"),
        "history": audit_rows(history_for(org)[:100], Organization),
        "holds_members": org.kind in MEMBER_HOLDING_KINDS,
        # Who may add under it (an administrator of it) and who may rename, move, merge or
        # dissolve it (an administrator, never of their own organization): the services' words.
        "create_refusal": admin_refusal(request.user, org),
        "restructure_refusal": restructure_refusal(request.user, org),
    }


def organization_detail(request, pk: int):
    org = org_selectors.organization_get(actor=request.user, pk=pk)
    return render(request, "web/orgs/organization.html", _organization_context(request, org))


def _targets(request, org: Organization, action: str):
    """Where the organization may be moved or merged, as the picker's options (tree order,
    grouped by committee): the same organizations the service accepts."""
    select = org_selectors.move_targets if action == "move" else org_selectors.merge_targets
    return organization_choices(select(actor=request.user, organization=org))


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
    refusal = write_refusal(request.user, org)
    if refusal:  # a read-only account, GET or POST: the 403 page says why
        raise PermissionDenied(refusal)
    form_class, title = ORGANIZATION_ACTIONS[action]
    context = _organization_context(request, org) | {"form_title": title, "cancel_url": reverse("orgs:detail", args=[org.pk])}
    refusal = context["create_refusal"] if action == "new" else context["restructure_refusal"]
    if refusal:
        return render(request, "web/orgs/organization_action.html", context | {"refusal": refusal}, status=403)
    initial = {"on": timezone.localdate(), "established_on": timezone.localdate()}
    if action == "rename":
        initial |= {"name": org.name, "short_name": org.short_name}
    form = form_class(request.POST or None, initial=initial)
    if "target" in form.fields:
        form.fields["target"].choices = _targets(request, org, action)
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

    response = service_form(request, form, call, "web/orgs/organization_action.html", context,
                             reverse("orgs:detail", args=[org.pk]))
    if "org" in result:
        return redirect("orgs:detail", pk=result["org"].pk)
    return response


def organization_export(request, pk: int):
    org = org_selectors.organization_get(actor=request.user, pk=pk)
    rows = org_selectors.subtree(actor=request.user, organization=org)
    return exports.xlsx_response(exports.organizations_workbook(org, rows), f"to-chuc-{org.code}.xlsx")


def organization_export_csv(request, pk: int):
    org = org_selectors.organization_get(actor=request.user, pk=pk)
    rows = org_selectors.subtree(actor=request.user, organization=org)
    return exports.csv_response(exports.organizations_csv(org, rows), f"to-chuc-{org.code}.csv")
