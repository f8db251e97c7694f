"""Admission pages: the files (filters, paging), a candidate's file with its steps as a
timeline and the next step as a form, opening and editing a file, withdrawing the last step,
extending a deadline, closing a file, and the list of what is due."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.admissions import rules
from dangvu.admissions import selectors as admission_selectors
from dangvu.admissions import services as admission_services
from dangvu.admissions.models import Candidate, Step
from dangvu.core import workdays
from dangvu.core.errors import PermissionDenied
from dangvu.members import selectors as member_selectors
from dangvu.members.models import Member
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import write_refusal
from dangvu.web.common.pages import paginate, root_of, service_form
from dangvu.web.common.widgets import organization_choices

from .forms import (
    CandidateFilterForm,
    CandidateForm,
    CloseForm,
    DueFilterForm,
    ExtendForm,
    StepForm,
    UndoForm,
)

K = Step.Kind



def _org_filter_choices(request, root, selected):
    orgs = org_selectors.subtree(actor=request.user, organization=root).filter(depth__lte=root.depth + 3)
    options = organization_choices(orgs, empty=_("All of %(org)s") % {"org": root.display_name}, parents=[root])
    if selected and selected.pk not in {o.pk for o in orgs}:
        options.append((selected.pk, selected.name))
    return options


def _selected_org(request, data):
    return org_selectors.organization_get(actor=request.user, pk=data["org"]) if data.get("org") else None


def candidate_list(request):
    form = CandidateFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    root = root_of(request)
    org = _selected_org(request, data)
    form.fields["org"].widget.choices = _org_filter_choices(request, root, org)
    qs = admission_selectors.candidate_list(actor=request.user, organization=org, state=data.get("state", ""),
                                            step=data.get("step", ""), overdue=bool(data.get("overdue")),
                                            query=data.get("q", ""))
    page = paginate(qs, data.get("page") or 1)
    today = timezone.localdate()
    rows = [(c, rules.form_label(c.last_step) if c.last_step else "",
             rules.working_days_text(workdays.working_days_between(today, c.due_on)) if c.due_on and c.state in
             admission_selectors.OPEN_STATES else "") for c in page]
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "org": org, "params": params.urlencode(), "today": today,
               "can_open": bool(admission_selectors.cells_for_candidates(actor=request.user).exists())
               and not write_refusal(request.user, root)}
    template = ("web/admissions/_results.html" if request.htmx and not request.htmx.boosted
                else "web/admissions/list.html")
    return render(request, template, context)


def due(request):
    form = DueFilterForm(request.GET or None, initial={"days": 30})
    data = form.cleaned_data if form.is_valid() else {}
    root = root_of(request)
    org = _selected_org(request, data)
    form.fields["org"].widget.choices = _org_filter_choices(request, root, org)
    days = data.get("days") or 30
    rows = admission_selectors.due_list(actor=request.user, organization=org or root, days=days)
    return render(request, "web/admissions/due.html", {
        "form": form, "org": org or root, "days": days,
        "rows": [(row, rules.working_days_text(row.working_days_left)) for row in rows],
    })


def _file_context(request, candidate: Candidate) -> dict:
    actor = request.user
    today = timezone.localdate()
    refusal = write_refusal(actor, candidate.organization)
    last = next((s for s in candidate.steps.all() if s.kind == candidate.last_step), None)
    return {
        "candidate": candidate,
        "crumbs": org_selectors.breadcrumbs(actor=actor, organization=candidate.organization),
        "crumb_tail": candidate.full_name,
        "today": today,
        "timeline": admission_selectors.timeline(candidate),
        "missing": admission_selectors.missing_documents(candidate, today),
        "due_label": rules.DUE_LABELS.get(candidate.due_step, ""),
        "due_text": rules.working_days_text(workdays.working_days_between(today, candidate.due_on)) if candidate.due_on else "",
        "can_write": not refusal,
        "last": last,
        "last_label": rules.form_label(last.kind) if last else "",
        "undo_refusal": admission_services.step_undo_refusal(actor=actor, step=last) if last and not refusal else "",
        "can_extend": not refusal and not candidate.closed_on and (
            (candidate.due_step == K.DECISION and not candidate.decision_extended)
            or (candidate.due_step == K.RECOGNITION and not candidate.recognition_extended)),
        "can_close": not refusal and not candidate.closed_on and not candidate.decision_date
        and candidate.source == Candidate.Source.REGISTER,
    }


def _step_form(request, candidate: Candidate, kind: str, data=None):
    members = list(admission_selectors.introducer_choices(actor=request.user, candidate=candidate)
                   .only("id", "full_name")) if kind == K.INTRODUCTION else []
    form = StepForm(data, kind=kind, members=members, initial={"on": timezone.localdate()})
    return form, {m.pk: m for m in members}


def _next_step_context(request, candidate: Candidate, kind: str | None, form=None) -> dict:
    """The next action: the steps that can be recorded now, the chosen one's form."""
    kinds = admission_services.next_steps(candidate)
    if not kinds:
        return {"next_steps": []}
    kind = kind if kind in kinds else kinds[0]
    if form is None:
        form, _members = _step_form(request, candidate, kind)
    context = {
        "next_steps": [(k, rules.form_label(k)) for k in kinds],
        "step_kind": kind,
        "step_label": rules.form_label(kind),
        "step_form": form,
        "step_refusal": admission_services.step_refusal(actor=request.user, candidate=candidate, kind=kind),
    }
    if kind in (K.CELL_RESOLUTION, K.PROBATION_CELL_RESOLUTION):
        members = member_selectors.full_members_on(candidate.organization, timezone.localdate())
        if candidate.member_id:
            members = members.exclude(pk=candidate.member_id)
        context["full_members"] = members.count()
    return context


def candidate_detail(request, pk: int):
    candidate = admission_selectors.candidate_get(actor=request.user, pk=pk)
    context = _file_context(request, candidate)
    if context["can_write"]:
        context |= _next_step_context(request, candidate, request.GET.get("kind"))
    return render(request, "web/admissions/candidate.html", context)


def _writable(request, pk: int) -> Candidate:
    """The file a form changes; a read-only account (GET or POST) gets the 403 page with
    the reason."""
    candidate = admission_selectors.candidate_get(actor=request.user, pk=pk)
    refusal = write_refusal(request.user, candidate.organization)
    if refusal:
        raise PermissionDenied(refusal)
    return candidate


def step(request, pk: int):
    """Record the next step (POST); a GET shows the file with the chosen step's form."""
    candidate = _writable(request, pk)
    if request.method != "POST":
        url = reverse("admissions:detail", args=[candidate.pk])
        kind = request.GET.get("kind")
        return redirect(f"{url}?kind={kind}#next" if kind in rules.SPECS else url)
    kind = request.POST.get("kind", "")
    if kind not in admission_services.next_steps(candidate):
        context = _file_context(request, candidate) | _next_step_context(request, candidate, None)
        refusal = admission_services.step_refusal(actor=request.user, candidate=candidate, kind=kind) \
            if kind in rules.SPECS else _("Unknown step.")
        return render(request, "web/admissions/candidate.html", context | {"top_refusal": refusal}, status=400)
    form, members = _step_form(request, candidate, kind, request.POST)
    context = _file_context(request, candidate) | _next_step_context(request, candidate, kind, form)
    return service_form(
        request, form,
        lambda data: admission_services.step_record(actor=request.user, candidate=candidate,
                                                    **form.service_kwargs(members)),
        "web/admissions/candidate.html", context, reverse("admissions:detail", args=[candidate.pk]),
    )


def _action(request, candidate, form, call, title: str, help_text: str = ""):
    url = reverse("admissions:detail", args=[candidate.pk])
    context = _file_context(request, candidate) | {"form_title": title, "help": help_text, "cancel_url": url}
    return service_form(request, form, call, "web/admissions/candidate_action.html", context, url)


def step_undo(request, pk: int):
    candidate = _writable(request, pk)
    context = _file_context(request, candidate)
    last = context["last"]
    url = reverse("admissions:detail", args=[candidate.pk])
    title = _("Withdraw the last step: %(step)s") % {"step": context["last_label"]} if last else \
        _("Withdraw the last step")
    refusal = context["undo_refusal"] if last else _("No step is recorded in the file.")
    if refusal:
        return render(request, "web/admissions/candidate_action.html",
                      context | {"form": None, "form_title": title, "rule_refusal": refusal, "cancel_url": url},
                      status=400)
    form = UndoForm(request.POST or None)
    return _action(request, candidate, form,
                   lambda data: admission_services.step_undo(actor=request.user, step=last, reason=data["reason"]),
                   title, _("The step is removed from the file; the change history keeps what it was and why."))


def candidate_extend(request, pk: int):
    candidate = _writable(request, pk)
    form = ExtendForm(request.POST or None)
    label = rules.DUE_LABELS.get(candidate.due_step, "")
    title = _("Extend the deadline: %(step)s") % {"step": label} if label else _("Extend the deadline")
    return _action(request, candidate, form,
                   lambda data: admission_services.candidate_extend(actor=request.user, candidate=candidate, **data),
                   title, _("The deadline of the admission decision or of the decision on full membership can be "
                            "extended once, by the number of working days the rules allow."))


def candidate_close(request, pk: int):
    candidate = _writable(request, pk)
    form = CloseForm(request.POST or None, initial={"on": timezone.localdate()})
    return _action(request, candidate, form,
                   lambda data: admission_services.candidate_close(actor=request.user, candidate=candidate, **data),
                   _("Close the file"),
                   _("A file is closed before the admission decision: the person withdrew, moved away, or no longer "
                     "meets the conditions. A closed file stays in the register."))


def _helper_choices(members) -> list:
    return [("", "—"), *((m.pk, f"{m.full_name} ({m.organization.name})") for m in members)]


def _resolve_helper(request, data) -> dict:
    data = dict(data)
    if data.get("helper"):
        data["helper"] = member_selectors.member_get(actor=request.user, pk=data["helper"])
    return data


def candidate_new(request):
    actor = request.user
    root = root_of(request)
    reason = write_refusal(actor, root)
    if reason:
        raise PermissionDenied(reason)
    cells = admission_selectors.cells_for_candidates(actor=actor)
    form = CandidateForm(request.POST or None, initial={"organization": request.GET.get("org"), "ethnicity": "Kinh",
                                                        "religion": "Không"})
    form.fields["organization"].choices = organization_choices(cells, empty="—")
    helpers = member_selectors.member_list(actor=actor, status=Member.Status.FULL)[:2000]
    form.fields["helper"].choices = _helper_choices(helpers)
    result = {}

    def call(data):
        data = _resolve_helper(request, data)
        org = org_selectors.organization_get(actor=actor, pk=data.pop("organization"))
        result["candidate"] = admission_services.candidate_create(actor=actor, organization=org, **data)

    context = {"form_title": _("Open an admission file"), "cancel_url": reverse("admissions:list")}
    response = service_form(request, form, call, "web/admissions/candidate_new.html", context,
                            reverse("admissions:list"))
    if "candidate" in result:
        return redirect("admissions:detail", pk=result["candidate"].pk)
    return response


def candidate_edit(request, pk: int):
    candidate = _writable(request, pk)
    form = CandidateForm(request.POST or None, instance=candidate, with_cell=False,
                         initial={"helper": candidate.helper_id})
    helpers = admission_selectors.introducer_choices(actor=request.user, candidate=candidate).select_related(
        "organization")
    form.fields["helper"].choices = _helper_choices(helpers)
    if candidate.member_id:  # the person is a member: their details are corrected on the member's page
        for name in list(form.fields):
            if name not in ("helper", "over_60_consent"):
                del form.fields[name]
    return _action(request, candidate, form,
                   lambda data: admission_services.candidate_update(actor=request.user, candidate=candidate,
                                                                    **_resolve_helper(request, data)),
                   _("Edit the file"))
