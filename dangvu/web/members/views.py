"""Member pages: the list (filters, search, Excel export), a member's record and history,
and the forms changing identity, status and cell."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.awards import selectors as award_selectors
from dangvu.core import formatting
from dangvu.core.audit import history_for
from dangvu.core.errors import PermissionDenied
from dangvu.core.text import clean_text
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
from dangvu.web.common.pages import paginate, root_of, service_form
from dangvu.web.common.widgets import member_label, organization_choices

from . import picker
from .forms import (
    MemberCreateForm,
    MemberEditForm,
    MemberFilterForm,
    ReasonForm,
    SeatAssignForm,
    SeatEndForm,
    StatusForm,
    TemporaryTransferForm,
    TransferAnnulForm,
    TransferForm,
    TransferOutForm,
)


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
    page = paginate(qs, data.get("page") or 1)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "org": org, "params": params.urlencode(), "today": timezone.localdate()}
    template = "web/members/_member_results.html" if request.htmx and not request.htmx.boosted else "web/members/members.html"
    return render(request, template, context)


def member_export(request):
    _form, org, qs, _data = _filtered_members(request)
    root = org or root_of(request)
    return exports.xlsx_response(exports.members_workbook(root, qs), f"dang-vien-{root.code}.xlsx")


def member_export_csv(request):
    _form, org, qs, _data = _filtered_members(request)
    root = org or root_of(request)
    return exports.csv_response(exports.members_csv(qs), f"dang-vien-{root.code}.csv")


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
    return render(request, "web/members/member.html", _member_context(request, member) | {
        "badges": award_selectors.member_badges(actor=request.user, member=member)})


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


# Adding a member, correcting mistakes, transfers out and temporary, committee seats

HELP = {
    "new": gettext_lazy(
        "Choose how the member comes: bringing in the existing register (a member already on a cell's rolls, "
        "from the paper register) or transferred in from outside (write the unit, the date and the transfer letter). "
        "Dates are checked: born at least 18 years before the admission decision, none after today, the ceremony "
        "on or after the decision, full membership 12 months after the ceremony (another date needs its reason)."),
    "status_annul": gettext_lazy(
        "Annul a status change that was recorded by mistake, or a decision found wrong. The row stays in the "
        "history, marked annulled with your reason; the member goes back to the status before it. Only the latest "
        "change can be annulled."),
    "transfer_annul": gettext_lazy(
        "Annul a transfer entered by mistake: the member goes back to the cell they left (and back on the rolls "
        "after a transfer out). The transfer stays in the history, marked annulled with your reason. A later "
        "transfer or status change must be annulled first."),
    "transfer_out": gettext_lazy(
        "Transfer out of the province or committee: the member leaves the rolls here. Write the unit they go to and "
        "the transfer letter (number and date); the letter is dated on or before the transfer."),
    "temporary": gettext_lazy(
        "Temporary transfer: the member stays on this cell's rolls and attends another cell or an outside unit for "
        "3 to 12 months (up to 24 months for study). Write the transfer letter and the expected end."),
    "seats": gettext_lazy(
        "The seats of the current committee. Assign a member of this organization to a role from a date, with the "
        "decision; end a seat with its date and reason. A committee has one secretary at a time."),
}


def _refused(request, template, context, reason: str):
    """The page without its form, with why the user may not use it (403)."""
    return render(request, template, context | {"refusal": reason}, status=403)


def member_new(request):
    actor = request.user
    root = root_of(request)
    reason = write_refusal(actor, root)
    cells = list(member_selectors.cells_for_new_member(actor=actor).only("id", "name", "depth"))
    selected = request.GET.get("org")
    form = MemberCreateForm(request.POST or None, initial={"organization": selected, "ethnicity": "Kinh",
                                                           "religion": "Không", "how": "existing"})
    form.fields["organization"].choices = tree_options(cells, root.depth)
    context = {"form": form, "form_title": _("Add a member"), "help": HELP["new"], "cancel_url": reverse("members:list")}
    if reason:
        return _refused(request, "web/members/member_new.html", context, reason)
    result = {}

    def call(data):
        data = dict(data)
        how = data.pop("how")
        org = org_selectors.organization_get(actor=actor, pk=data.pop("organization"))
        extra = {k: data.pop(k) for k in ("transferred_in_from", "joined_on", "letter_number", "letter_date")}
        if how == "transfer_in":
            data |= extra
        result["member"] = member_services.member_create(actor=actor, organization=org, **data)

    response = service_form(request, form, call, "web/members/member_new.html", context, reverse("members:list"))
    if "member" in result:
        return redirect("members:detail", pk=result["member"].pk)
    return response


def _correction(request, member, form, call, template, context):
    reason = write_refusal(request.user, member.organization)
    context = _member_context(request, member) | context | {"cancel_url": reverse("members:detail", args=[member.pk])}
    if reason:
        return _refused(request, template, context | {"form": None}, reason)
    if context.get("rule_refusal"):
        return render(request, template, context | {"form": None}, status=400)
    return service_form(request, form, call, template, context, reverse("members:detail", args=[member.pk]))


def status_annul(request, pk: int, change_pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    change = member_selectors.status_change_get(actor=request.user, member=member, pk=change_pk)
    form = ReasonForm(request.POST or None)
    title = _("Annul: %(status)s on %(on)s") % {"status": change.get_status_display(), "on": formatting.date(change.on)}
    context = {"form_title": title, "help": HELP["status_annul"],
               "rule_refusal": member_services.status_change_annul_refusal(actor=request.user, change=change)}
    return _correction(
        request, member, form,
        lambda data: member_services.status_change_annul(actor=request.user, change=change, **data),
        "web/members/member_correction.html", context,
    )


def transfer_annul(request, pk: int, transfer_pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    transfer = member_selectors.transfer_get(actor=request.user, member=member, pk=transfer_pk)
    form = TransferAnnulForm(request.POST or None)
    title = _("Annul: %(kind)s on %(on)s") % {"kind": transfer.get_kind_display(), "on": formatting.date(transfer.on)}
    context = {"form_title": title, "help": HELP["transfer_annul"],
               "rule_refusal": member_services.transfer_annul_refusal(actor=request.user, transfer=transfer)}
    return _correction(
        request, member, form,
        lambda data: member_services.transfer_annul(actor=request.user, transfer=transfer, **data),
        "web/members/member_correction.html", context,
    )


def transfer_out(request, pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    form = TransferOutForm(request.POST or None, initial={"on": timezone.localdate()})
    context = {"form_title": _("Transfer out of the province or committee"), "help": HELP["transfer_out"]}
    return _correction(
        request, member, form,
        lambda data: member_services.member_transfer_out(actor=request.user, member=member, **data),
        "web/members/member_correction.html", context,
    )


def transfer_temporary(request, pk: int):
    member = member_selectors.member_get(actor=request.user, pk=pk)
    form = TemporaryTransferForm(request.POST or None, initial={"start": timezone.localdate()})
    cells = member_selectors.attendance_cells(actor=request.user, member=member).only("id", "name")
    form.fields["to_organization"].choices = [("", "—"), *((o.pk, o.name) for o in cells)]
    context = {"form_title": _("Temporary transfer"), "help": HELP["temporary"]}

    def call(data):
        data = dict(data)
        pk_to = data.pop("to_organization")
        target = org_selectors.organization_get(actor=request.user, pk=pk_to) if pk_to else None
        member_services.member_transfer_temporary(actor=request.user, member=member, to_organization=target, **data)

    return _correction(request, member, form, call, "web/members/member_correction.html", context)


def seats(request, org_pk: int):
    actor = request.user
    org = org_selectors.organization_get(actor=actor, pk=org_pk)
    committee = member_selectors.current_committee(actor=actor, organization=org)
    form = SeatAssignForm(request.POST or None, initial={"start": timezone.localdate()})
    picker.offer(form.fields["member"], request, "seat", org=org.pk)
    context = {
        "org": org, "committee": committee, "help": HELP["seats"], "form_title": _("Assign a seat"),
        "crumbs": org_selectors.breadcrumbs(actor=actor, organization=org),
        "cancel_url": reverse("orgs:detail", args=[org.pk]),
    }
    reason = write_refusal(actor, org)
    if reason:
        return _refused(request, "web/members/seats.html", context | {"form": None}, reason)
    if committee is None:
        return render(request, "web/members/seats.html", context | {"form": None})

    def call(data):
        person = member_selectors.member_get(actor=actor, pk=data.pop("member"))
        member_services.seat_assign(actor=actor, committee=committee, member=person, **data)

    return service_form(request, form, call, "web/members/seats.html", context,
                        reverse("members:seats", args=[org.pk]))


def seat_end(request, seat_pk: int):
    actor = request.user
    seat = member_selectors.seat_get(actor=actor, pk=seat_pk)
    org = seat.committee.organization
    form = SeatEndForm(request.POST or None, initial={"end": timezone.localdate()})
    context = {
        "org": org, "seat": seat, "help": HELP["seats"],
        "form_title": _("End the seat of %(name)s (%(role)s)") % {"name": seat.member.full_name,
                                                                 "role": seat.get_role_display()},
        "crumbs": org_selectors.breadcrumbs(actor=actor, organization=org),
        "cancel_url": reverse("members:seats", args=[org.pk]),
    }
    reason = write_refusal(actor, org)
    if reason:
        return _refused(request, "web/members/seat_end.html", context | {"form": None}, reason)
    return service_form(request, form, lambda data: member_services.seat_end(actor=actor, seat=seat, **data),
                        "web/members/seat_end.html", context, reverse("members:seats", args=[org.pk]))


def member_pick(request):
    """The member picker's search (JSON): at most 20 members the form of `scope` may name
    matching `q` (name without diacritics, birth year, card or biography number), each
    ``{"id", "text": "Full name (dd/mm/yyyy) · organization"}``; ``more``: there are others."""
    q = clean_text(request.GET.get("q", ""))[:100]
    if not q.strip():
        return JsonResponse({"results": [], "more": False})
    members = member_selectors.member_pick(
        actor=request.user, candidates=picker.candidates(request, request.GET.get("scope", "")), query=q,
        limit=member_selectors.PICK_LIMIT + 1)
    return JsonResponse({"results": [{"id": m.pk, "text": member_label(m)} for m in members[:member_selectors.PICK_LIMIT]],
                         "more": len(members) > member_selectors.PICK_LIMIT})
