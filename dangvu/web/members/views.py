"""Member pages: the list (filters, search, Excel export), a member's record and history,
and the forms changing identity, status and cell."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core.audit import history_for
from dangvu.core.errors import PermissionDenied
from dangvu.members import selectors as member_selectors
from dangvu.members import services as member_services
from dangvu.members.models import Member
from dangvu.members.party_age import for_member
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import write_refusal
from dangvu.web.common import exports
from dangvu.web.common.audit_display import audit_rows
from dangvu.web.common.forms import tree_options
from dangvu.web.common.pages import root_of, service_form
from dangvu.web.common.widgets import organization_choices

from .forms import MemberEditForm, MemberFilterForm, StatusForm, TransferForm


def _org_choices(request, root: Organization, selected: Organization | None):
    """Options for the organization filter: the actor's tree down to grassroots level."""
    qs = (org_selectors.subtree(actor=request.user, organization=root).filter(depth__lte=root.depth + 2)
          .only("id", "name", "short_name", "depth"))
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
    root = root_of(request)
    form.fields["org"].widget.choices = [("", _("All of %(org)s") % {"org": root.display_name}), *_org_choices(request, root, org)]
    page = Paginator(qs, settings.DANGVU_PAGE_SIZE).get_page(data.get("page") or 1)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "org": org, "params": params.urlencode(), "today": timezone.localdate()}
    template = "web/members/_member_results.html" if request.htmx and not request.htmx.boosted else "web/members/members.html"
    return render(request, template, context)


def member_export(request):
    _form, org, qs, _data = _filtered_members(request)
    root = org or root_of(request)
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
    return render(request, "web/members/member.html", _member_context(request, member))


def _writable(request, pk: int) -> Member:
    """The member a form changes; a read-only account (GET or POST) gets the 403 page with
    the reason."""
    member = member_selectors.member_get(actor=request.user, pk=pk)
    refusal = write_refusal(request.user, member.organization)
    if refusal:
        raise PermissionDenied(refusal)
    return member


def _member_form(request, member, form, call, template):
    url = reverse("members:detail", args=[member.pk])
    return service_form(request, form, call, template, _member_context(request, member) | {"cancel_url": url}, url)


def member_edit(request, pk: int):
    member = _writable(request, pk)
    form = MemberEditForm(request.POST or None, instance=member)
    return _member_form(
        request, member, form,
        lambda data: member_services.member_update(actor=request.user, member=member, **data),
        "web/members/member_edit.html",
    )


def member_status(request, pk: int):
    member = _writable(request, pk)
    form = StatusForm(request.POST or None, initial={"on": timezone.localdate()})
    return _member_form(
        request, member, form,
        lambda data: member_services.member_change_status(actor=request.user, member=member, **data),
        "web/members/member_status.html",
    )


def member_transfer(request, pk: int):
    member = _writable(request, pk)
    form = TransferForm(request.POST or None, initial={"on": timezone.localdate()})
    cells = member_selectors.transfer_targets(actor=request.user, member=member)
    form.fields["to_organization"].choices = organization_choices(cells)

    def call(data):
        target = org_selectors.organization_get(actor=request.user, pk=data["to_organization"])
        member_services.member_transfer(actor=request.user, member=member, to_organization=target,
                                        on=data["on"], decision=data["decision"])

    return _member_form(request, member, form, call, "web/members/member_transfer.html")
