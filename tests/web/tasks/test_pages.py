"""Key tasks of a plan on the pages: the list of an organization's subtree with its counts
and overdue flags (on a fixed today), filters, pages, adding a task, a row's status
(completed, cancelled, reopened; with HTMX and without JavaScript), the Excel file,
permissions, scope and query budgets. Data goes through the services; English responses
are asserted word for word, Vietnamese ones for numbers, dates and the catalog's words."""

from __future__ import annotations

import datetime
import html as html_lib
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.core.audit import history_for
from dangvu.core.models import AuditEntry
from dangvu.orgs.models import Organization
from dangvu.plans import services as plan_services
from dangvu.plans.models import Plan, Task
from tests.conftest import TODAY
from tests.factories import make_org
from tests.support import client_for, options, page_queries, plain, text

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}
BLOC = "Đảng bộ các cơ quan Đảng tỉnh"


def _plain(fragment: str) -> str:
    fragment = re.sub(r"<(button|input)\b[^>]*>(.*?</button>)?", " ", fragment, flags=re.S)
    return plain(fragment)


def rows(response) -> list[str]:
    """The rows of the task table as a reader sees them (the buttons left out)."""
    page = response.content.decode()
    return [_plain(body) for body in re.findall(r'<tr id="task-\d+"[^>]*>(.*?)</tr>', page, flags=re.S)]


def row_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="task-(\d+)"', response.content.decode())]


def overdue_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="task-(\d+)" class="overdue"', response.content.decode())]


def field_error(response, name: str) -> str:
    """The error shown beside the box named `name` (in its label) of the form adding a task."""
    page = response.content.decode()
    page = page[page.index('id="task-form"'):]
    for block in re.findall(r"<label\b.*?</label>", page, flags=re.S):
        if f'name="{name}"' in block:
            found = re.search(r'<span class="error">(.*?)</span>', block, flags=re.S)
            return html_lib.unescape(found.group(1)) if found else ""
    raise AssertionError(f"no field {name}")


def tasks_url(plan, org, query: str = "") -> str:
    url = reverse("tasks:list", args=[plan.code, org.pk])
    return f"{url}?{query}" if query else url


def status_url(plan, task) -> str:
    return reverse("tasks:status", args=[plan.code, task.pk])


def export_url(plan, org, query: str = "") -> str:
    url = reverse("tasks:export", args=[plan.code, org.pk])
    return f"{url}?{query}" if query else url


@pytest.fixture
def plan(tree, users):
    return plan_services.plan_create(
        actor=users.bloc_admin, code="CTHD-2026", kind="action_program", organization=tree.bloc,
        number="09-CTr/ĐUK", title="Chương trình hành động năm 2026", issued_on=D(2026, 1, 15), period="2026")


def give(plan, org, title, source, due, *, actor=None, status=None, on=None) -> Task:
    from dangvu.core.actors import SYSTEM

    task = plan_services.task_create(actor=actor or SYSTEM, plan=plan, organization=org, title=title, source=source,
                                     due_on=due)
    if status:
        task = plan_services.task_set_status(actor=actor or SYSTEM, task=task, status=status, on=on)
    return task


@pytest.fixture
def tasks(tree, plan, today) -> dict[str, Task]:
    """Nine tasks of the bloc's 2026 program on 20/11/2026: two completed (one on time, one
    late), one cancelled, three open past their due date, two open not yet due (one due
    today), one open without a due date."""
    return {
        "quan_triet": give(plan, tree.committee_a, "Quán triệt Nghị quyết Đại hội", "program", D(2026, 3, 31),
                           status="done", on=D(2026, 3, 25)),
        "kiem_tra": give(plan, tree.cell_a1, "Kiểm tra chi bộ Văn phòng", "vertical", D(2026, 6, 30),
                         status="done", on=D(2026, 7, 10)),
        "so_ket": give(plan, tree.committee_b, "Sơ kết 6 tháng", "program", D(2026, 7, 15)),
        "bao_cao_bv": give(plan, tree.cell_b1, "Báo cáo ngành quý III", "vertical", D(2026, 10, 15)),
        "bao_cao_tt": give(plan, tree.cell_a2, "Báo cáo ngành quý III", "vertical", D(2026, 10, 15)),
        "ho_tro": give(plan, tree.cell_b2, "Hỗ trợ đơn vị", "vertical", D(2026, 8, 31), status="cancelled"),
        "ket_nap": give(plan, tree.grassroots_cell, "Kết nạp đảng viên mới", "program", TODAY),
        "tong_ket": give(plan, tree.committee_a, "Tổng kết năm", "vertical", D(2026, 12, 31)),
        "sinh_hoat": give(plan, tree.cell_sub, "Sinh hoạt chi bộ định kỳ", "program", None),
    }


# The list

def test_the_list_shows_counts_rows_in_due_order_and_flags_the_overdue(tree, users, plan, tasks):
    response = client_for(users.bloc_admin, "en").get(tasks_url(plan, tree.bloc))
    assert response.status_code == 200
    page = text(response)
    assert "9 key tasks: 4 from the program, 5 assigned by the vertical line." in page
    assert "2 completed (22.22%), 1 of them on time. 3 open tasks are past their due date." in page
    assert "9 tasks · Export to Excel" in page
    # Soonest due first, then by unit name (Bệnh viện before Thanh tra); no due date last.
    assert rows(response) == [
        "Quán triệt Nghị quyết Đại hội Đảng bộ Sở Tài chính From the program 31/03/2026 Completed 25/03/2026",
        "Kiểm tra chi bộ Văn phòng Chi bộ Văn phòng Assigned by the vertical line 30/06/2026 Completed 10/07/2026 late",
        "Sơ kết 6 tháng Đảng bộ Sở Y tế From the program 15/07/2026 In progress overdue",
        "Hỗ trợ đơn vị Chi bộ Trung tâm Y tế Assigned by the vertical line 31/08/2026 Cancelled",
        "Báo cáo ngành quý III Chi bộ Bệnh viện Assigned by the vertical line 15/10/2026 In progress overdue",
        "Báo cáo ngành quý III Chi bộ Thanh tra Assigned by the vertical line 15/10/2026 In progress overdue",
        "Kết nạp đảng viên mới Chi bộ Báo Kiên Giang From the program 20/11/2026 In progress",
        "Tổng kết năm Đảng bộ Sở Tài chính Assigned by the vertical line 31/12/2026 In progress",
        "Sinh hoạt chi bộ định kỳ Chi bộ Kho bạc 1 From the program — In progress",
    ]
    assert overdue_ids(response) == [tasks[k].pk for k in ("so_ket", "bao_cao_bv", "bao_cao_tt")]
    # In Vietnamese: the catalog's words, "quá hạn" in red.
    vi = client_for(users.bloc_admin).get(tasks_url(plan, tree.bloc))
    assert ("9 nhiệm vụ trọng tâm: 4 nhiệm vụ theo chương trình, 5 nhiệm vụ do ngành dọc giao." in text(vi))
    assert ("Đã hoàn thành 2 nhiệm vụ (đạt 22,22%), trong đó 1 nhiệm vụ đúng hạn. "
            "3 nhiệm vụ đang thực hiện đã quá hạn.") in text(vi)
    assert rows(vi)[2] == "Sơ kết 6 tháng Đảng bộ Sở Y tế Theo chương trình 15/07/2026 Đang thực hiện quá hạn"
    assert '<span class="status bad">quá hạn</span>' in vi.content.decode()
    # A committee's page: its own subtree only, its own counts.
    response = client_for(users.bloc_admin, "en").get(tasks_url(plan, tree.committee_a))
    assert row_ids(response) == [tasks[k].pk for k in ("quan_triet", "kiem_tra", "bao_cao_tt", "tong_ket",
                                                       "sinh_hoat")]
    assert "5 key tasks: 2 from the program, 3 assigned by the vertical line." in text(response)
    assert "1 open task is past its due date." in text(response)


def test_the_overdue_flag_follows_today(tree, users, plan, tasks, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 7, 15))
    response = client_for(users.bloc_admin, "en").get(tasks_url(plan, tree.bloc))
    assert overdue_ids(response) == []  # due 15/07 is not late on 15/07
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2027, 1, 1))
    response = client_for(users.bloc_admin, "en").get(tasks_url(plan, tree.bloc))
    assert overdue_ids(response) == [tasks[k].pk for k in ("so_ket", "bao_cao_bv", "bao_cao_tt", "ket_nap",
                                                           "tong_ket")]


def test_the_dashboard_and_the_targets_page_link_to_the_list(tree, users, plan, tasks):
    client = client_for(users.bloc_admin, "en")
    dashboard = client.get(reverse("dashboard:dashboard", args=[plan.code, tree.bloc.pk])).content.decode()
    assert f'<a href="{tasks_url(plan, tree.bloc)}">Key tasks</a>' in dashboard
    targets = client.get(reverse("plans:targets", args=[plan.code])).content.decode()
    assert f'<a href="{tasks_url(plan, tree.bloc)}">Key tasks</a>' in targets
    # A plan without tasks: the dashboard offers writers to add them, and readers nothing.
    empty = plan_services.plan_create(actor=users.bloc_admin, code="KH-2027", kind="annual_plan",
                                      organization=tree.bloc, title="Kế hoạch 2027", issued_on=D(2026, 11, 1),
                                      period="2027")
    url = reverse("dashboard:dashboard", args=[empty.code, tree.bloc.pk])
    assert "No key task has been given yet: add the plan's key tasks." in text(client.get(url))
    assert f'href="{tasks_url(empty, tree.bloc)}#task-form"' in client.get(url).content.decode()
    assert tasks_url(empty, tree.bloc) not in client_for(users.viewer, "en").get(url).content.decode()
    assert "No key task has been given to these units yet." in text(client.get(tasks_url(empty, tree.bloc)))


def test_ids_in_the_page_are_not_written_as_numbers(tree, plan):
    """A task's id in the row's address and the organization's in the form are read back by
    the page and the server: "task-12345", never "task-12.345" as Vietnamese writes numbers."""
    from django.template.loader import render_to_string
    from django.utils import translation

    task = Task(pk=12345, plan=plan, organization=tree.cell_a1, title="Nhiệm vụ", due_on=D(2026, 1, 2))
    task.is_overdue, task.status_css, task.late, task.error, task.saved = True, "none", False, "", False
    org = type(tree.bloc)(pk=4321, name="Đơn vị")
    with translation.override("vi"):
        page = render_to_string("web/tasks/_task_row.html", {"t": task, "plan": plan, "org": org, "can_write": True,
                                                           "back": "", "today_text": "20/11/2026", "typed_on": ""})
    assert '<tr id="task-12345" class="overdue">' in page
    assert 'hx-target="#task-12345"' in page and 'name="org" value="4321"' in page


# Filters and pages

def test_filters_by_status_source_overdue_and_unit(tree, users, plan, tasks):
    client = client_for(users.bloc_admin, "en")

    def ids(query):
        response = client.get(tasks_url(plan, tree.bloc, query))
        assert response.status_code == 200
        return row_ids(response)

    def keys(*names):
        return [tasks[n].pk for n in names]

    assert ids("status=done") == keys("quan_triet", "kiem_tra")
    assert ids("status=cancelled") == keys("ho_tro")
    assert ids("source=program") == keys("quan_triet", "so_ket", "ket_nap", "sinh_hoat")
    assert ids("overdue=on") == keys("so_ket", "bao_cao_bv", "bao_cao_tt")
    assert ids("overdue=on&source=vertical") == keys("bao_cao_bv", "bao_cao_tt")
    # A unit and everything under it: committee A holds its cells and its sub-committee's cell.
    assert ids(f"unit={tree.committee_a.pk}") == keys("quan_triet", "kiem_tra", "bao_cao_tt", "tong_ket",
                                                      "sinh_hoat")
    assert ids(f"unit={tree.committee_a.pk}&status=open") == keys("bao_cao_tt", "tong_ket", "sinh_hoat")
    # A unit deeper than the list offers, picked by its address, still filters.
    assert ids(f"unit={tree.cell_sub.pk}") == keys("sinh_hoat")
    response = client.get(tasks_url(plan, tree.bloc, f"unit={tree.cell_b1.pk}&status=open"))
    assert "1 task matches the filters" in text(response)
    assert f'<option value="{tree.cell_b1.pk}" selected>' in response.content.decode()
    # What does not fit is dropped: everything is listed.
    assert ids("status=finished&source=x&unit=abc&page=zz") == ids("")
    assert len(ids("")) == 9
    # The filter offers the units two levels down, grouped by the committee above them, with
    # the whole organization first.
    page = client.get(tasks_url(plan, tree.bloc))
    assert options(page, "unit") == [
        f"All of {BLOC}", "Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế", "Chi bộ Báo Kiên Giang",
        "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Đảng bộ bộ phận Kho bạc", "Chi bộ Bệnh viện", "Chi bộ Trung tâm Y tế"]
    select = page.content.decode().split('id="filter-unit"')[1].split("</select>")[0]
    assert re.findall(r'<optgroup label="([^"]*)"', select) == [BLOC, "Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế"]
    # A unit outside the organization's subtree filters nothing in.
    assert ids(f"unit={tree.province.pk}") == ids("")


def test_live_filtering_answers_the_results_only(tree, users, plan, tasks):
    response = client_for(users.bloc_admin, "en").get(tasks_url(plan, tree.bloc, "source=vertical"), **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'id="task-counts"' not in page
    assert text(response).startswith("5 tasks match the filters · Export to Excel")
    assert f'href="{export_url(plan, tree.bloc, "source=vertical")}"' in page
    assert len(row_ids(response)) == 5


def test_pages_of_fifty_keep_the_filters(tree, users, plan, today):
    for i in range(120):
        give(plan, tree.cell_a1 if i % 2 else tree.cell_b1, f"Nhiệm vụ {i:03d}", "vertical" if i % 3 else "program",
             D(2026, 1 + i % 12, 1))
    client = client_for(users.bloc_admin, "en")
    first = client.get(tasks_url(plan, tree.bloc))
    assert len(row_ids(first)) == 50
    assert "120 tasks" in text(first) and "Page 1 of 3" in text(first)
    last = client.get(tasks_url(plan, tree.bloc, "page=3"))
    assert len(row_ids(last)) == 20
    # Every task once, in due order over the pages.
    pages = [row_ids(client.get(tasks_url(plan, tree.bloc, f"page={n}"))) for n in (1, 2, 3)]
    listed = [pk for page in pages for pk in page]
    expected = list(Task.objects.filter(plan=plan).order_by("due_on", "organization__name_normalized", "id")
                    .values_list("pk", flat=True))
    assert listed == expected
    # The pager keeps the filters.
    vertical = client.get(tasks_url(plan, tree.bloc, "source=vertical"))
    assert "80 tasks match the filters" in text(vertical)
    assert f'href="{tasks_url(plan, tree.bloc, "source=vertical&page=2")}"' in vertical.content.decode()
    assert len(row_ids(client.get(tasks_url(plan, tree.bloc, "source=vertical&page=2")))) == 30
    # A page past the end shows the last.
    assert row_ids(client.get(tasks_url(plan, tree.bloc, "page=99"))) == pages[2]


# Adding a task

def test_adding_a_task_writes_it_and_its_audit_row(tree, users, plan, tasks):
    client = client_for(users.bloc_admin)
    url = tasks_url(plan, tree.bloc, "status=open&page=1")
    response = client.post(url, {"title": "  Tổng kết 5 năm thực hiện Chỉ thị 05  ", "unit": str(tree.cell_a2.pk),
                                 "source": "vertical", "due_on": "15/12/2026"})
    assert response.status_code == 302
    assert response["Location"] == tasks_url(plan, tree.bloc, "status=open&page=1")
    task = Task.objects.get(title="Tổng kết 5 năm thực hiện Chỉ thị 05")
    assert (task.plan, task.organization, task.source, task.due_on, task.status, task.completed_on) == (
        plan, tree.cell_a2, "vertical", D(2026, 12, 15), "open", None)
    [entry] = history_for(task)
    assert (entry.action, entry.actor, entry.scope_path, entry.note) == (
        "task.create", users.bloc_admin, tree.cell_a2.path, "CTHD-2026")
    assert entry.changes == {"title": [None, "Tổng kết 5 năm thực hiện Chỉ thị 05"], "source": [None, "vertical"],
                             "due_on": [None, "2026-12-15"]}
    page = client.get(response["Location"])
    assert "Đã giao nhiệm vụ “Tổng kết 5 năm thực hiện Chỉ thị 05” cho Chi bộ Thanh tra." in text(page)
    assert "10 nhiệm vụ trọng tâm" in text(page)
    # Without a due date: a standing task, listed last.
    response = client.post(tasks_url(plan, tree.bloc), {"title": "Sinh hoạt chuyên đề", "unit": str(tree.bloc.pk),
                                                        "source": "program", "due_on": ""})
    assert response.status_code == 302
    assert Task.objects.get(title="Sinh hoạt chuyên đề").due_on is None


def test_the_form_offers_the_units_the_user_may_write_to(tree, users, plan, tasks):
    admin = client_for(users.bloc_admin, "en").get(tasks_url(plan, tree.committee_b))
    assert options(admin, "source", within="task-form") == ["From the program", "Assigned by the vertical line"]
    assert options(admin, "unit", within="task-form") == ["—", "Đảng bộ Sở Y tế", "Chi bộ Bệnh viện",
                                                          "Chi bộ Trung tâm Y tế"]
    # The staff of committee A, on the bloc's plan: its own units, the dissolved one left out.
    from dangvu.orgs import services as org_services

    gone = make_org(tree.committee_a, "CB-CU", "Chi bộ Đã giải thể", "cell")
    org_services.organization_dissolve(actor=users.bloc_admin, organization=gone, on=D(2026, 6, 1))
    staff = client_for(users.staff_a, "en")
    response = staff.get(tasks_url(plan, tree.committee_a))
    assert options(response, "unit", within="task-form") == [
        "—", "Đảng bộ Sở Tài chính", "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Đảng bộ bộ phận Kho bạc",
        "Chi bộ Kho bạc 1"]
    response = staff.post(tasks_url(plan, tree.committee_a), {"title": "X", "unit": str(tree.cell_b1.pk),
                                                              "source": "program", "due_on": ""})
    assert response.status_code == 400
    assert field_error(response, "unit") == (
        f"Select a valid choice. {tree.cell_b1.pk} is not one of the available choices.")
    response = staff.post(tasks_url(plan, tree.committee_a), {"title": "Rà soát đảng viên", "unit": str(tree.cell_a1.pk),
                                                              "source": "program", "due_on": "30/12/2026"})
    assert response.status_code == 302
    assert Task.objects.get(title="Rà soát đảng viên").organization == tree.cell_a1


def test_add_errors_are_shown_on_their_fields_and_nothing_is_written(tree, users, plan, tasks):
    client = client_for(users.bloc_admin, "en")
    before = (Task.objects.count(), AuditEntry.objects.count())
    response = client.post(tasks_url(plan, tree.bloc), {"title": "", "unit": "", "source": "elsewhere",
                                                        "due_on": "31/02/2026"})
    assert response.status_code == 400
    assert field_error(response, "title") == "This field is required."
    assert field_error(response, "unit") == "This field is required."
    assert field_error(response, "source") == "Select a valid choice. elsewhere is not one of the available choices."
    assert field_error(response, "due_on") == "Enter a valid date."
    assert re.search(r'name="due_on" value="31/02/2026"', response.content.decode())  # what was typed stays
    response = client.post(tasks_url(plan, tree.bloc), {"title": "   ", "unit": str(tree.cell_a1.pk),
                                                        "source": "program", "due_on": ""})
    assert field_error(response, "title") == "This field is required."
    vi = client_for(users.bloc_admin).post(tasks_url(plan, tree.bloc), {"title": "X", "unit": str(tree.cell_a1.pk),
                                                                        "source": "program", "due_on": "2026-13-01"})
    assert field_error(vi, "due_on") == "Nhập một ngày hợp lệ."
    assert (Task.objects.count(), AuditEntry.objects.count()) == before


# A row's status

def post_status(client, plan, task, org, status, on="", back="", **extra):
    return client.post(status_url(plan, task), {"status": status, "on": on, "org": str(org.pk), "back": back},
                       **extra)


def test_marking_a_task_completed_cancelled_and_reopened(tree, users, plan, tasks):
    client = client_for(users.bloc_admin, "en")
    task = tasks["so_ket"]
    response = post_status(client, plan, task, tree.bloc, "done", "05/11/2026", back="overdue=on&page=1&x=y")
    assert response.status_code == 302
    assert response["Location"] == tasks_url(plan, tree.bloc, "overdue=on&page=1")  # the filters kept
    task.refresh_from_db()
    assert (task.status, task.completed_on) == ("done", D(2026, 11, 5))
    assert "“Sơ kết 6 tháng” is marked completed on 05/11/2026." in text(client.get(response["Location"]))
    # Completed today when no date is given.
    response = post_status(client, plan, tasks["tong_ket"], tree.committee_a, "done")
    assert response.status_code == 302 and response["Location"] == tasks_url(plan, tree.committee_a)
    assert Task.objects.get(pk=tasks["tong_ket"].pk).completed_on == TODAY
    # Cancel, then reopen: the completion date goes.
    assert post_status(client, plan, tasks["ket_nap"], tree.bloc, "cancelled").status_code == 302
    assert post_status(client, plan, task, tree.bloc, "open").status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on) == ("open", None)
    changes = [(e.action, e.changes, e.actor, e.scope_path) for e in history_for(task).order_by("id")]
    assert changes[1:] == [
        ("task.status", {"status": ["open", "done"], "completed_on": [None, "2026-11-05"]}, users.bloc_admin,
         tree.committee_b.path),
        ("task.status", {"status": ["done", "open"], "completed_on": ["2026-11-05", None]}, users.bloc_admin,
         tree.committee_b.path),
    ]
    assert [e.changes for e in history_for(tasks["ket_nap"])][0] == {"status": ["open", "cancelled"]}
    page = text(client.get(tasks_url(plan, tree.bloc)))
    assert "9 key tasks" in page and "3 completed (33.33%), 2 of them on time." in page


def test_status_changes_are_refused_with_the_reason(tree, users, plan, tasks):
    client = client_for(users.bloc_admin, "en")
    task = tasks["so_ket"]
    before = AuditEntry.objects.count()
    cases = [
        ("done", "21/11/2026", "The completion date 21/11/2026 is after today."),
        ("done", "14/01/2026", "The completion date 14/01/2026 is before the plan was issued (15/01/2026)."),
        ("done", "31/11/2026", "Completed on: Enter a valid date."),
        ("open", "", "This task is already in progress."),
        ("paused", "", "Select a valid choice. paused is not one of the available choices."),
    ]
    for status, on, message in cases:
        response = post_status(client, plan, task, tree.bloc, status, on, back="status=open")
        assert response.status_code == 400, message
        assert f"“Sơ kết 6 tháng”: {message}" in text(response)
        assert tasks["so_ket"].pk in row_ids(response)  # the list as it was filtered
        assert "status=open" in response.content.decode()
    done = tasks["quan_triet"]
    response = post_status(client, plan, done, tree.bloc, "done", "25/03/2026")
    assert "This task is already marked completed on 25/03/2026." in text(response)
    assert post_status(client, plan, tasks["ho_tro"], tree.bloc, "cancelled").status_code == 400
    assert "This task is already cancelled." in text(post_status(client, plan, tasks["ho_tro"], tree.bloc,
                                                                 "cancelled"))
    assert AuditEntry.objects.count() == before
    assert Task.objects.get(pk=task.pk).status == "open"
    # Completing a completed task on another day corrects the date.
    assert post_status(client, plan, done, tree.bloc, "done", "20/03/2026").status_code == 302
    assert Task.objects.get(pk=done.pk).completed_on == D(2026, 3, 20)
    assert [e.changes for e in history_for(done)][0] == {"completed_on": ["2026-03-25", "2026-03-20"]}


def test_htmx_swaps_the_row_and_the_counts(tree, users, plan, tasks):
    client = client_for(users.bloc_admin, "en")
    task = tasks["bao_cao_bv"]
    response = post_status(client, plan, task, tree.bloc, "done", "19/11/2026", back="overdue=on", **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(f'<tr id="task-{task.pk}">')  # no longer overdue
    assert rows(response) == [
        "Báo cáo ngành quý III Chi bộ Bệnh viện Assigned by the vertical line 15/10/2026 Completed 19/11/2026 late "
        "✓ Saved"]
    assert 'name="back" value="overdue=on"' in page
    counts = page[page.index('id="task-counts"') - 60:]
    assert 'hx-swap-oob="true"' in counts
    assert "3 completed (33.33%), 1 of them on time. 2 open tasks are past their due date." in _plain(counts)
    # A refusal comes back in the row, which keeps what was typed.
    response = post_status(client, plan, tasks["so_ket"], tree.bloc, "done", "01/12/2026", **HTMX)
    assert response.status_code == 422
    assert 'id="task-counts"' not in response.content.decode()
    assert rows(response) == ["Sơ kết 6 tháng The completion date 01/12/2026 is after today. Đảng bộ Sở Y tế "
                              "From the program 15/07/2026 In progress overdue"]
    assert 'name="on" value="01/12/2026"' in response.content.decode()


# Permissions and scope

def test_a_viewer_reads_the_list_without_forms_and_is_refused_on_post(tree, users, plan, tasks):
    client = client_for(users.viewer, "en")
    response = client.get(tasks_url(plan, tree.bloc))
    assert response.status_code == 200
    page = response.content.decode()
    assert len(row_ids(response)) == 9
    assert 'id="task-form"' not in page and 'class="task-status"' not in page and 'name="title"' not in page
    assert status_url(plan, tasks["so_ket"]) not in page
    before = (Task.objects.count(), AuditEntry.objects.count())
    response = client.post(tasks_url(plan, tree.bloc), {"title": "X", "unit": str(tree.cell_a1.pk),
                                                        "source": "program", "due_on": ""})
    assert response.status_code == 403
    assert "Your account is read-only." in text(response)
    for extra in ({}, HTMX):
        response = post_status(client, plan, tasks["so_ket"], tree.bloc, "done", **extra)
        assert response.status_code == 403
        assert "Your account is read-only." in text(response)
    assert (Task.objects.count(), AuditEntry.objects.count()) == before
    assert Task.objects.get(pk=tasks["so_ket"].pk).status == "open"
    vi = client_for(users.viewer).post(tasks_url(plan, tree.bloc), {"title": "X"})
    assert vi.status_code == 403 and "Tài khoản của bạn chỉ được xem." in text(vi)


def test_other_subtrees_answer_404(tree, users, plan, tasks):
    staff = client_for(users.staff_a, "en")
    # Committee A sees the bloc's plan through its own tasks (it holds no target of it).
    assert not plan.targets.exists()
    response = staff.get(tasks_url(plan, tree.committee_a))
    assert response.status_code == 200
    assert len(row_ids(response)) == 5
    for url in (tasks_url(plan, tree.bloc), tasks_url(plan, tree.committee_b), export_url(plan, tree.committee_b),
                tasks_url(plan, tree.cell_b1)):
        assert staff.get(url).status_code == 404, url
        assert staff.post(url, {"title": "X", "unit": str(tree.cell_b1.pk), "source": "program"}).status_code == 404
    # A task of committee B, or a row posted for the page of committee B.
    assert post_status(staff, plan, tasks["so_ket"], tree.committee_a, "done").status_code == 404
    assert post_status(staff, plan, tasks["tong_ket"], tree.committee_b, "done").status_code == 404
    assert Task.objects.get(pk=tasks["so_ket"].pk).status == "open"
    assert Task.objects.get(pk=tasks["tong_ket"].pk).status == "open"
    # A plan of committee B with tasks there only; a task under the wrong plan's address.
    other = plan_services.plan_create(actor=users.bloc_admin, code="KH-SYT", kind="annual_plan",
                                      organization=tree.committee_b, title="Kế hoạch Sở Y tế",
                                      issued_on=D(2026, 2, 1), period="2026")
    theirs = give(other, tree.cell_b1, "Khám sức khỏe", "vertical", D(2026, 12, 1))
    assert staff.get(tasks_url(other, tree.committee_a)).status_code == 404
    assert post_status(staff, other, theirs, tree.committee_a, "done").status_code == 404
    admin = client_for(users.bloc_admin, "en")
    assert post_status(admin, plan, theirs, tree.bloc, "done").status_code == 404
    # A superuser sees it all.
    from dangvu.orgs.models import User

    root = User.objects.create_superuser("root", "root@example.org", "mat-khau-rat-dai-2026")
    assert len(row_ids(client_for(root, "en").get(tasks_url(plan, tree.province)))) == 9


# Excel

def test_the_excel_file_holds_the_filtered_list_with_dates(tree, users, plan, tasks):
    response = client_for(users.bloc_admin).get(export_url(plan, tree.bloc, "source=vertical"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="nhiem-vu-cthd-2026-duk.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.title == "Nhiệm vụ trọng tâm"
    assert ws["A1"].value == f"Nhiệm vụ trọng tâm theo 09-CTr/ĐUK: {BLOC}"
    assert ws["A2"].value == "Xuất ngày 20/11/2026"
    assert [c.value for c in ws[3]] == ["STT", "Nhiệm vụ", "Đơn vị", "Nguồn", "Hạn hoàn thành", "Trạng thái",
                                        "Ngày hoàn thành", "Quá hạn"]
    assert ws.freeze_panes == "A4"
    assert [ws.column_dimensions[c].width for c in "ABCDEFGH"] == [6, 60, 40, 24, 13, 18, 14, 10]
    data = [tuple(r) for r in ws.iter_rows(min_row=4, values_only=True)]
    dt = datetime.datetime
    assert data == [
        (1, "Kiểm tra chi bộ Văn phòng", "Chi bộ Văn phòng", "Do ngành dọc giao", dt(2026, 6, 30), "Đã hoàn thành",
         dt(2026, 7, 10), None),
        (2, "Hỗ trợ đơn vị", "Chi bộ Trung tâm Y tế", "Do ngành dọc giao", dt(2026, 8, 31), "Đã hủy", None, None),
        (3, "Báo cáo ngành quý III", "Chi bộ Bệnh viện", "Do ngành dọc giao", dt(2026, 10, 15), "Đang thực hiện",
         None, "quá hạn"),
        (4, "Báo cáo ngành quý III", "Chi bộ Thanh tra", "Do ngành dọc giao", dt(2026, 10, 15), "Đang thực hiện",
         None, "quá hạn"),
        (5, "Tổng kết năm", "Đảng bộ Sở Tài chính", "Do ngành dọc giao", dt(2026, 12, 31), "Đang thực hiện", None,
         None),
    ]
    assert ws["E4"].number_format == ws["G4"].number_format == "DD/MM/YYYY"
    # In English, the header too; a unit's file is named after it.
    response = client_for(users.bloc_admin, "en").get(export_url(plan, tree.bloc, f"unit={tree.committee_a.pk}"))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[3]] == ["No.", "Task", "Unit", "Source", "Due on", "Status", "Completed on", "Overdue"]
    assert ws["A1"].value == "Key tasks of 09-CTr/ĐUK: Đảng bộ Sở Tài chính"
    assert ws.max_row == 3 + 5
    assert response["Content-Disposition"] == 'attachment; filename="nhiem-vu-cthd-2026-db-stc.xlsx"'


# Query budgets: the page reads the same number of rows whatever its size


def _plan_with(n: int, tree, users) -> Plan:
    p = plan_services.plan_create(actor=users.bloc_admin, code=f"KH-{n}", kind="annual_plan", organization=tree.bloc,
                                  title=f"Kế hoạch {n} nhiệm vụ", issued_on=D(2026, 1, 2), period="2026")
    units = [tree.committee_a, tree.cell_a1, tree.cell_sub, tree.committee_b, tree.cell_b2, tree.grassroots_cell]
    for i in range(n):
        give(p, units[i % len(units)], f"Nhiệm vụ {i}", "program" if i % 4 else "vertical", D(2026, 1 + i % 12, 10),
             status="done" if i % 3 == 0 else None, on=D(2026, 3, 1))
    return p


def test_query_counts_do_not_grow_with_the_tasks_or_the_units(tree, users, today):
    small, large = _plan_with(3, tree, users), _plan_with(60, tree, users)
    queries = ("", "status=open&source=program", f"unit={tree.committee_a.pk}&overdue=on")
    clients = {user.username: client_for(user) for user in (users.bloc_admin, users.viewer)}
    for client in clients.values():
        client.get(tasks_url(small, tree.bloc))  # warm the session
    before = {(name, q): page_queries(client, tasks_url(small, tree.bloc, q))
              for name, client in clients.items() for q in queries}
    before_export = page_queries(clients["admin_khoi"], export_url(small, tree.bloc))
    for i in range(4):
        make_org(tree.bloc, f"CB-MOI-{i}", f"Chi bộ Mới {i}", Organization.Kind.GRASSROOTS_CELL)
    after = {(name, q): page_queries(client, tasks_url(large, tree.bloc, q))
             for name, client in clients.items() for q in queries}
    assert after == before
    # session, user, the user's organization, the plan, the organization, the filter's
    # units, the count of the list, the form's units (writers only), the page of the list,
    # the counts (scope, by source, on time, completed, overdue), the crumbs.
    assert set(before.values()) == {15, 14}
    assert before[("admin_khoi", "")] == 15 and before[("viewer_khoi", "")] == 14
    assert page_queries(clients["admin_khoi"], export_url(large, tree.bloc)) == before_export
