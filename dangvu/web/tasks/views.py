"""Key tasks of a plan (nhiệm vụ trọng tâm): the tasks of an organization and the units under
it, with their counts, filters and pages; adding a task; marking a task completed, cancelled
or reopened from its row; the filtered list as an Excel file.

Views parse, scope (the plan through `plans.selectors.plan_get`, the organization through
`orgs.selectors.organization_get`, a task through `plans.selectors.task_get`: outside the
actor's subtree answers 404), call one service and render. A refusal (read-only account)
answers 403 with the service's words; a bad date or a broken rule answers 400 with the
message beside the box (422 for a row sent by HTMX, which swaps it into the row), and what
the user typed stays in the boxes. Without JavaScript a row's buttons post a plain form and
come back to the list as it was filtered.

Cost of the page, whatever the number of tasks or the page size: the plan, the
organization, its crumbs, the counts (`task_counts`) and the overdue ones, the units of the
filter and of the form, the count of the filtered list and one page of it with its units."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangvu.core import formatting
from dangvu.core.errors import PermissionDenied
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import write_refusal
from dangvu.plans import selectors as plan_selectors
from dangvu.plans import services as plan_services
from dangvu.plans.models import Plan, Task
from dangvu.web.common import exports
from dangvu.web.common.converters import id_param
from dangvu.web.common.forms import add_field_errors
from dangvu.web.common.pages import paginate
from dangvu.web.common.widgets import organization_choices

from .forms import TaskFilterForm, TaskForm, TaskStatusForm

INVALID, REFUSED = 400, 403
# A row posted by HTMX answers 422 for a bad date or a broken rule: the page swaps it (and
# 403) into the row, where a 400 would be taken for a broken page.
ROW_INVALID = 422
#: The query-string keys of the list; anything else is dropped from the way back.
FILTER_KEYS = ("status", "source", "unit", "overdue", "page")
STATUS_CLASS = {Task.Status.DONE: "good", Task.Status.OPEN: "none", Task.Status.CANCELLED: "none"}


def _tasks_url(plan: Plan, org: Organization, query: str = "") -> str:
    url = reverse("tasks:list", args=[plan.code, org.pk])
    return f"{url}?{query}" if query else url


def _query(params: QueryDict, *, page: bool = True) -> str:
    """The filters of `params` as a query string (only the list's own keys)."""
    keep = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        if key == "page" and not page:
            continue
        values = [v for v in params.getlist(key) if v]
        if values:
            keep.setlist(key, values[:1])
    return keep.urlencode()


def _decorate(task: Task, *, error: str = "", saved: bool = False) -> Task:
    """What a row shows besides the task: its status colour, whether it was completed after
    its due date, the error of a change refused, the mark of a change saved."""
    task.status_css = STATUS_CLASS.get(task.status, "none")
    task.late = task.completed_late
    task.error, task.saved = error, saved
    return task


# The counts sentence

def _counts(request, plan: Plan, org: Organization, today) -> dict | None:
    """The counts of the subtree of `org` as the dashboard says them, with the completion
    rate and the open tasks past their due date; None when there are no tasks."""
    counts = plan_selectors.task_counts(actor=request.user, plan=plan, organization=org)
    if not counts.total:
        return None
    overdue = plan_selectors.task_overdue_count(actor=request.user, plan=plan, organization=org, today=today)
    return {
        "total": counts.total, "program": counts.by_source.get(Task.Source.PROGRAM, 0),
        "vertical": counts.by_source.get(Task.Source.VERTICAL, 0), "done": counts.done,
        "on_time": counts.done_on_time, "overdue": overdue,
        "rate": formatting.percent(Decimal(counts.done) * 100 / Decimal(counts.total)),
        "overdue_url": _tasks_url(plan, org, "overdue=on"),
    }


# The list

def _filters(request, plan: Plan, org: Organization, params: QueryDict):
    """(filter form, filters, unit chosen) from the query string."""
    units = list(plan_selectors.task_filter_units(actor=request.user, plan=plan, organization=org,
                                                  selected=id_param(params.get("unit"))))
    form = TaskFilterForm(params, units=organization_choices(units, parents=[org]),
                          everyone=_("All of %(org)s") % {"org": org.display_name})
    filters = form.filters()
    unit = next((u for u in units if u.pk == filters["unit"]), None)
    return form, filters, unit


def _task_form(request, plan: Plan, org: Organization, data=None) -> tuple[TaskForm | None, dict]:
    """The form adding a task, for users who may write (None otherwise, or when no unit
    under the page's organization may get a task of the plan), and {pk: unit} it offers."""
    if not request.user.can_write:
        return None, {}
    units = list(plan_selectors.task_units(actor=request.user, plan=plan, organization=org))
    if not units:
        return None, {}
    return TaskForm(data, units=organization_choices(units, parents=[org])), {u.pk: u for u in units}


def _page_context(request, plan: Plan, org: Organization, params: QueryDict, *, form=None,
                  page_errors=(), row_errors: dict | None = None) -> dict:
    actor = request.user
    today = timezone.localdate()
    filter_form, filters, unit = _filters(request, plan, org, params)
    tasks = plan_selectors.task_list(actor=actor, plan=plan, organization=org, status=filters["status"],
                                     source=filters["source"], overdue=filters["overdue"], unit=unit, today=today)
    page = paginate(tasks, filters["page"])
    can_write = bool(actor.can_write)
    if form is None and can_write:
        form, _units = _task_form(request, plan, org)
    row_errors = row_errors or {}
    for task in page:
        _decorate(task, error=row_errors.get(task.pk, ""))
    filter_query = _query(params, page=False)
    return {
        "plan": plan, "org": org, "page": page, "filter_form": filter_form, "filtered": unit is not None or any(
            filters[k] for k in ("status", "source", "overdue")),
        "counts": _counts(request, plan, org, today), "form": form if can_write else None,
        "can_write": can_write, "page_errors": list(page_errors),
        "filter_query": filter_query, "back": _query(params),
        "today_text": formatting.date(today),
        "tasks_url": _tasks_url(plan, org),
        "export_url": reverse("tasks:export", args=[plan.code, org.pk]) + (f"?{filter_query}" if filter_query else ""),
        "dashboard_url": reverse("dashboard:dashboard", args=[plan.code, org.pk]),
        "crumbs": [{"org": c, "url": _tasks_url(plan, c)}
                   for c in org_selectors.breadcrumbs(actor=actor, organization=org)],
    }


def tasks(request, plan_code: str, org_pk: int):
    """The key tasks of `plan` for the organization and the units under it: counts, filters
    (GET), pages of 50, a row's status buttons and a form adding a task for users who may
    write. POST adds the task through `plans.services.task_create` and comes back to the
    list as it was filtered."""
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    if request.method != "POST":
        context = _page_context(request, plan, org, request.GET)
        if request.htmx and not request.htmx.boosted:
            return render(request, "web/tasks/_task_results.html", context)
        return render(request, "web/tasks/tasks.html", context)
    refusal = write_refusal(request.user, org)
    if refusal:
        return render(request, "web/tasks/tasks.html",
                      _page_context(request, plan, org, request.GET, page_errors=[refusal]), status=REFUSED)
    form, units = _task_form(request, plan, org, request.POST)
    if form is None:  # no unit here may get a task of this plan: the service's reason
        message = plan_services.task_create_refusal(actor=request.user, plan=plan, organization=org)
        return render(request, "web/tasks/tasks.html",
                      _page_context(request, plan, org, request.GET, page_errors=[message]), status=INVALID)
    if form.is_valid():
        data = form.cleaned_data
        try:
            task = plan_services.task_create(actor=request.user, plan=plan, organization=units[data["unit"]],
                                             title=data["title"], source=data["source"], due_on=data["due_on"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_field_errors(form, exc)
            else:
                form.add_error(None, exc.messages)
        except PermissionDenied as exc:  # pragma: no cover - refused above, unless the account changed meanwhile
            return render(request, "web/tasks/tasks.html",
                          _page_context(request, plan, org, request.GET, page_errors=[str(exc)]), status=REFUSED)
        else:
            messages.success(request, _("The task “%(task)s” was given to %(org)s.")
                             % {"task": task.title, "org": task.organization.name})
            return redirect(_tasks_url(plan, org, _query(request.GET)))
    return render(request, "web/tasks/tasks.html", _page_context(request, plan, org, request.GET, form=form),
                  status=INVALID)


# A row's status

def _done_message(task: Task) -> str:
    if task.status == Task.Status.DONE:
        return _("“%(task)s” is marked completed on %(date)s.") % {
            "task": task.title, "date": formatting.date(task.completed_on)}
    if task.status == Task.Status.CANCELLED:
        return _("“%(task)s” is cancelled.") % {"task": task.title}
    return _("“%(task)s” is in progress again.") % {"task": task.title}


def _form_error(form: TaskStatusForm) -> str:
    """The form's first error, with the name of its box."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        return f"{label}: {errors[0]}" if label else errors[0]
    return ""


@require_POST
def task_status(request, plan_code: str, task_pk: int):
    """Mark a task completed (on the date typed, today by default), cancel it or reopen it
    (`plans.services.task_set_status`). HTMX gets the row back, with the counts above the
    list out of band; a plain form goes back to the list as it was filtered."""
    actor = request.user
    plan = plan_selectors.plan_get(actor=actor, code=plan_code)
    task = plan_selectors.task_get(actor=actor, plan=plan, pk=task_pk)
    form = TaskStatusForm(request.POST)
    org_pk = id_param(request.POST.get("org"))
    org = org_selectors.organization_get(actor=actor, pk=org_pk) if org_pk else task.organization
    back = QueryDict(_query(QueryDict(request.POST.get("back", ""))))
    error, status = write_refusal(actor, task.organization), REFUSED
    if not error:
        if not form.is_valid():
            error, status = _form_error(form), INVALID
        else:
            try:
                task = plan_services.task_set_status(actor=actor, task=task, status=form.cleaned_data["status"],
                                                     on=form.cleaned_data["on"])
            except ValidationError as exc:
                error, status = " ".join(exc.messages), INVALID
            except PermissionDenied as exc:  # pragma: no cover - refused above
                error, status = str(exc), REFUSED
    if request.htmx:
        today = timezone.localdate()
        row = _decorate(plan_selectors.task_list(actor=actor, plan=plan, organization=task.organization,
                                                 today=today).get(pk=task.pk), error=error, saved=not error)
        context = {
            "plan": plan, "org": org, "t": row, "can_write": bool(actor.can_write), "back": back.urlencode(),
            "today_text": formatting.date(today),
            "typed_on": request.POST.get("on", "") if error else "",
            "counts": None if error else _counts(request, plan, org, today), "oob": not error,
        }
        code = 200 if not error else ROW_INVALID if status == INVALID else status
        return render(request, "web/tasks/_task_row_response.html", context, status=code)
    if not error:
        messages.success(request, _done_message(task))
        return redirect(_tasks_url(plan, org, back.urlencode()))
    context = _page_context(request, plan, org, back, page_errors=[f"“{task.title}”: {error}"],
                            row_errors={task.pk: error})
    return render(request, "web/tasks/tasks.html", context, status=status)


# Excel

def tasks_export(request, plan_code: str, org_pk: int):
    """The list as filtered (every page) as an Excel file."""
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    today = timezone.localdate()
    _form, filters, unit = _filters(request, plan, org, request.GET)
    tasks = plan_selectors.task_list(actor=request.user, plan=plan, organization=org, status=filters["status"],
                                     source=filters["source"], overdue=filters["overdue"], unit=unit, today=today)
    workbook = exports.tasks_workbook(plan, unit or org, tasks)
    return exports.xlsx_response(workbook, f"nhiem-vu-{slugify(plan.code)}-{slugify((unit or org).code)}.xlsx")
