"""A read-only account: every address that writes answers 403 with the reason, GET or POST,
and writes nothing; the pages it reads show no button leading to a write page.

Every URL name of the site is listed below, either as writing (with the requests that
write) or as only reading: a new address must be put in one list or the other."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dangvu.admissions import services as admission_services
from dangvu.awards import services as award_services
from dangvu.classes import services as class_services
from dangvu.classes.models import CourseKind
from dangvu.core.models import AuditEntry
from dangvu.inspections import services as inspection_services
from dangvu.inspections.models import InspectionKind
from dangvu.members import services as member_services
from dangvu.orgs import services as org_services
from dangvu.plans import services as plan_services
from dangvu.plans.models import Indicator
from dangvu.ratings import services as rating_services
from dangvu.ratings.models import Rating
from dangvu.reports import services as report_services
from tests.support import client_for, text, typed_catalog
from tests.web.routes import READING, import_job

D = datetime.date
READ_ONLY_VI = "Tài khoản của bạn chỉ được xem."
PERIOD = "2026Q3"

def _names(patterns, prefix: str = "") -> set[str]:
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            names |= _names(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


@pytest.fixture
def world(tree, users, make_member):
    typed_catalog()
    indicator = Indicator.objects.get(code="KET_NAP")
    plan = plan_services.plan_create(
        actor=users.bloc_admin, code="CTHD-2026", kind="action_program", organization=tree.bloc,
        number="09-CTr/ĐUK", title="Chương trình hành động năm 2026", issued_on=D(2026, 1, 15), period="2026")
    target = plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=indicator,
                                      organization=tree.bloc, period="2026", value=Decimal(10))
    task = plan_services.task_create(actor=users.bloc_admin, plan=plan, organization=tree.committee_a,
                                     title="Quán triệt Nghị quyết", source="program", due_on=D(2026, 3, 31))
    member = make_member(tree.cell_a1, full_name="Nguyễn Văn An")
    member = member_services.member_transfer(actor=users.bloc_admin, member=member, to_organization=tree.cell_a2,
                                             on=D(2024, 3, 1))
    committee = org_services.committee_create(actor=users.bloc_admin, organization=tree.committee_a,
                                              term_start=D(2025, 1, 1), term_end=D(2030, 1, 1))
    seat = member_services.seat_assign(actor=users.bloc_admin, committee=committee, member=member,
                                       role="committee_member", start=D(2025, 1, 1))
    candidate = admission_services.candidate_create(
        actor=users.bloc_admin, organization=tree.cell_a1, full_name="Võ Thị Hoa", gender="female",
        birth_date=D(2000, 6, 15), started_on=D(2024, 1, 5))
    admission_services.step_record(actor=users.bloc_admin, candidate=candidate, kind="awareness_certificate",
                                   on=D(2024, 1, 10), document_number="GCN/12")
    inspection = inspection_services.inspection_create(
        actor=users.bloc_admin, kind=InspectionKind.objects.get(code="program"), organization=tree.committee_a,
        title="Kiểm tra thu nộp đảng phí", start=D(2026, 2, 2), organizations=[tree.cell_a1])
    decision = inspection_services.discipline_create(
        actor=users.bloc_admin, form="reprimand", violation_date=D(2025, 10, 1), deciding_body=tree.committee_a,
        decided_on=D(2026, 1, 5), number="1-QĐ/ĐU", member=member)
    rating_round = rating_services.round_open(actor=users.bloc_admin, organization=tree.committee_a, year=2025)[0]
    rating = Rating.objects.get(round=rating_round, organization=tree.committee_a)
    course = class_services.course_create(
        actor=users.bloc_admin, kind=CourseKind.objects.get(code="professional"), organizer=tree.committee_a,
        name="Lớp nghiệp vụ 2025", start=D(2025, 6, 2), end=D(2025, 6, 6))
    (attendee,) = class_services.attendees_add(actor=users.bloc_admin, course=course, members=[member])
    commendation = award_services.commendation_create(
        actor=users.bloc_admin, kind="upper_certificate", year=2024, reason="Xuất sắc", number="9-QĐ/ĐUK",
        decided_on=D(2025, 1, 15), deciding_body=tree.bloc, organization=tree.committee_a)
    report_conference = report_services.conference_create(
        actor=users.bloc_admin, organization=tree.committee_a, name="Hội nghị tổng kết năm 2025", period="2025",
        held_on=D(2026, 1, 20))
    report = report_services.report_create(actor=users.bloc_admin, organization=tree.committee_a,
                                           kind="year-end", period="2025", conference=report_conference)
    return {"rating": rating, "course": course, "attendee": attendee, "commendation": commendation,
            "report": report, "report_conference": report_conference, "plan": plan, "target": target, "task": task, "member": member, "org": tree.committee_a, "seat": seat,
            "inspection": inspection, "decision": decision, "candidate": candidate,
            "account": users.staff_a, "job": import_job(users.bloc_admin, tree.committee_a, tree.cell_a1),
            "change": member.status_changes.first(), "transfer": member.transfers.order_by("pk").last()}


def _writes(w) -> list[tuple[str, str, str, dict]]:
    """(URL name, method, address, posted data): every request of the site that writes."""
    plan, org, m = w["plan"].code, w["org"], w["member"].pk
    requests = []
    for action in ("new", "rename", "move", "merge", "dissolve"):
        url = reverse("orgs:action", args=[org.pk, action])
        requests += [("orgs:action", "get", url, {}), ("orgs:action", "post", url, {"on": "01/01/2026"})]
    member_pages = [(name, [m]) for name in ("members:edit", "members:status", "members:transfer",
                                             "members:transfer_out", "members:temporary")] + [
        ("members:new", []), ("members:status_annul", [m, w["change"].pk]),
        ("members:transfer_annul", [m, w["transfer"].pk]), ("members:seat_end", [w["seat"].pk])]
    for name, args in member_pages:
        url = reverse(name, args=args)
        requests += [(name, "get", url, {}), (name, "post", url, {"on": "01/01/2026", "reason": "x"})]
    c = w["candidate"].pk
    for name, args in [("admissions:new", []), ("admissions:edit", [c]), ("admissions:step", [c]),
                       ("admissions:undo", [c]), ("admissions:extend", [c]), ("admissions:close", [c])]:
        url = reverse(name, args=args)
        requests += [(name, "get", url, {}), (name, "post", url, {"on": "01/01/2026", "reason": "x",
                                                                   "kind": "application"})]
    account = w["account"].pk
    for name, args, methods in [
            ("accounts:list", [], ["get"]), ("accounts:new", [], ["get", "post"]),
            ("accounts:edit", [account], ["get", "post"]), ("accounts:deactivate", [account], ["get", "post"]),
            ("accounts:reset", [account], ["get", "post"]), ("accounts:unlock", [account], ["post"])]:
        url = reverse(name, args=args)
        requests += [(name, m, url, {"username": "x", "full_name": "X", "role": "staff"} if m == "post" else {})
                     for m in methods]
    for name, args in [("inspections:new", []), ("inspections:program_new", []), ("inspections:discipline_new", []),
                       ("inspections:conclude", [w["inspection"].pk]),
                       ("inspections:discipline_annul", [w["decision"].pk]),
                       ("inspections:complaint", [w["decision"].pk])]:
        url = reverse(name, args=args)
        requests += [(name, "get", url, {}), (name, "post", url, {"reason": "x", "filed_on": "01/02/2026"})]
    course = w["course"].pk
    for name, args, data in [
            ("classes:new", [], {"name": "X"}), ("classes:edit", [course], {"name": "X"}),
            ("classes:session_new", [course], {"on": "03/06/2025", "topic": "X"}),
            ("classes:attendees", [course], {}), ("classes:attendee_remove", [course, w["attendee"].pk], {}),
            ("classes:results", [course], {f"result_{w['attendee'].pk}": "passed"}),
            ("classes:certificates", [course], {"on": "06/06/2025"}), ("classes:kind_new", [], {"name": "X"}),
            ("classes:study_new", [], {"resolution": "X", "present": "1", "expected": "2"})]:
        url = reverse(name, args=args)
        requests += [(name, "get", url, {}), (name, "post", url, data)]
    for name, args in [("ratings:open", []), ("ratings:self", [w["rating"].pk]), ("ratings:propose", [w["rating"].pk]),
                       ("ratings:decide", [w["rating"].pk])]:
        url = reverse(name, args=args)
        requests += [(name, "get", url, {}), (name, "post", url, {"year": "2025", "level": "good", "note": "x"})]
    for name, url in [("badges:award_list", reverse("badges:award_list") + "?on=03/02/2026"),
                      ("badges:award", reverse("badges:award", args=[m])), ("badges:date_new", reverse("badges:date_new"))]:
        requests += [(name, "get", url, {}), (name, "post", url, {"decision_number": "1-QĐ/TU", "on": "10/06/2026"})]
    for name, args in [("awards:new", []), ("awards:new_member", [m]), ("awards:edit", [w["commendation"].pk]),
                       ("awards:delete", [w["commendation"].pk]), ("awards:decide", [])]:
        url = reverse(name, args=args)
        requests += [(name, "get", url, {}), (name, "post", url, {"year": "2024", "kind": "flag", "reason": "x"})]
    for name, data in [("awards:movement_new", {"name": "Dân vận khéo", "first_year": "2024"}),
                       ("awards:title_new", {"subject": "organization", "kind": "four_good", "title": "x",
                                             "year": "2024"})]:
        url = reverse(name)
        requests += [(name, "get", url, {}), (name, "post", url, data)]
    report = w["report"].pk
    for name, args, data in [
            ("reports:new", [], {"kind": "year-end", "period": "2024"}),
            ("reports:paragraph_edit", [report], {"key": "members.admissions", "text": "x"}),
            ("reports:settings", [org.pk], {"issuing_body": "X", "place": "Hà Nội"}),
            ("reports:conference_new", [], {"name": "X", "period": "2025", "held_on": "20/01/2026"}),
            ("reports:conference_edit", [w["report_conference"].pk], {"name": "X"})]:
        url = reverse(name, args=args)
        requests += [(name, "get", url, {}), (name, "post", url, data)]
    for name in ("reports:build", "reports:paragraph_restore", "reports:paragraph_review"):
        requests += [(name, "post", reverse(name, args=[report]), {"key": "members.admissions"})]
    seats = reverse("members:seats", args=[org.pk])
    requests += [("members:seats", "post", seats, {"role": "committee_member", "start": "01/01/2026"})]
    cascade = reverse("plans:cascade", args=[plan, w["target"].pk])
    delete = reverse("plans:target_delete", args=[plan, w["target"].pk])
    entry = reverse("reporting:entry", args=[org.pk, PERIOD])
    return requests + [
        ("plans:new", "get", reverse("plans:new"), {}),
        ("plans:new", "post", reverse("plans:new"), {"code": "X", "title": "X"}),
        ("plans:targets", "post", reverse("plans:targets", args=[plan]), {"period": "2026", "value": "3"}),
        ("plans:cascade", "get", cascade, {}),
        ("plans:cascade", "post", cascade, {}),
        ("plans:target_delete", "get", delete, {}),
        ("plans:target_delete", "post", delete, {}),
        ("tasks:list", "post", reverse("tasks:list", args=[plan, org.pk]), {"title": "X"}),
        ("tasks:status", "post", reverse("tasks:status", args=[plan, w["task"].pk]), {"status": "done"}),
        ("reporting:entry", "post", entry, {"TC_TU_KIEM_TRA-value": "1"}),
        ("reporting:entry", "post", entry, {"action": "submit"}),
        ("reporting:row", "post", reverse("reporting:row", args=[org.pk, PERIOD, "TC_TU_KIEM_TRA"]),
         {"TC_TU_KIEM_TRA-value": "1", "htmx": True}),
        ("reporting:approve", "post", reverse("reporting:approve", args=[org.pk, PERIOD]), {}),
        ("reporting:reopen", "post", reverse("reporting:reopen", args=[org.pk, PERIOD]), {"reason": "x"}),
        ("reporting:approve_many", "post", reverse("reporting:approve_many"), {"period": PERIOD, "units": [org.pk]}),
        ("calendar:add", "post", reverse("calendar:add"), {"on": "09/01/2027", "kind": "working_day"}),
        ("calendar:remove", "post", reverse("calendar:remove"), {"change": 1}),
        ("exchange:upload", "post", reverse("exchange:upload", args=[org.pk, PERIOD]), {}),
        ("exchange:confirm", "post", reverse("exchange:confirm", args=[org.pk, PERIOD]), {}),
        ("exchange:handdown", "post", reverse("exchange:handdown", args=[plan, w["target"].pk]), {}),
        ("imports:upload", "get", reverse("imports:upload"), {}),
        ("imports:upload", "post", reverse("imports:upload"), {"kind": "members"}),
        ("imports:job", "get", reverse("imports:job", args=[w["job"].pk]), {}),
        ("imports:job", "post", reverse("imports:job", args=[w["job"].pk]), {"col0": "full_name"}),
        ("imports:confirm", "post", reverse("imports:confirm", args=[w["job"].pk]), {}),
        ("imports:progress", "get", reverse("imports:progress", args=[w["job"].pk]), {}),
        ("extract:page", "get", reverse("extract:page", args=[org.pk, PERIOD]), {}),
        ("extract:page", "post", reverse("extract:page", args=[org.pk, PERIOD]), {"text": "Kết nạp 5 đảng viên."}),
        ("extract:page", "post", reverse("extract:page", args=[org.pk, PERIOD]),
         {"action": "save", "rows": "1", "r0-use": "1", "r0-indicator": "TCCSD_QUAN_TRIET", "r0-value": "1"}),
    ]


def test_every_write_address_answers_403_with_the_reason(users, world):
    requests = _writes(world)
    # Every address of the site is either writing (here) or only reading.
    assert _names(get_resolver().url_patterns) == READING | {name for name, *_ in requests}
    client = client_for(users.viewer)
    audit = AuditEntry.objects.count()
    for name, method, url, data in requests:
        headers = {"HTTP_HX_REQUEST": "true"} if data.pop("htmx", False) else {}  # a row is saved by HTMX
        response = getattr(client, method)(url, data, **headers)
        assert (name, method, response.status_code) == (name, method, 403), url
        assert READ_ONLY_VI in text(response), (name, method, url)
    assert AuditEntry.objects.count() == audit


def test_the_403_page_of_a_write_form_says_why_in_the_site_layout(users, world):
    response = client_for(users.viewer).get(reverse("members:edit", args=[world["member"].pk]))
    page = text(response)
    assert response.status_code == 403
    assert "Bạn không được làm việc này" in page
    assert f"{READ_ONLY_VI} Nếu bạn nghĩ mình cần được làm việc này" in page
    assert 'class="top"' in response.content.decode() and "Về trang chủ" in page


def test_a_read_only_account_sees_no_button_to_a_write_page(tree, users, world):
    viewer, admin = client_for(users.viewer), client_for(users.bloc_admin)
    plan, org, member = world["plan"], world["org"], world["member"]
    pages = {
        reverse("orgs:detail", args=[org.pk]): [reverse("orgs:action", args=[org.pk, a])
                                                for a in ("new", "rename", "move", "merge", "dissolve")],
        reverse("members:detail", args=[member.pk]): [reverse(n, args=[member.pk]) for n in
                                                      ("members:edit", "members:status", "members:transfer")],
        reverse("dashboard:plans"): [reverse("plans:new"), reverse("plans:targets", args=[plan.code])],
        reverse("dashboard:dashboard", args=[plan.code, tree.bloc.pk]): [reverse("plans:targets", args=[plan.code])],
        reverse("plans:targets", args=[plan.code]): [
            reverse("plans:cascade", args=[plan.code, world["target"].pk]),
            reverse("plans:target_delete", args=[plan.code, world["target"].pk])],
        reverse("tasks:list", args=[plan.code, org.pk]): [
            reverse("tasks:status", args=[plan.code, world["task"].pk]), 'id="task-form"'],
        reverse("admissions:detail", args=[world["candidate"].pk]): [
            reverse(n, args=[world["candidate"].pk]) for n in
            ("admissions:edit", "admissions:step", "admissions:undo", "admissions:close")],
        reverse("admissions:list"): [reverse("admissions:new")],
    }
    for page, writes in pages.items():
        seen_by_admin, seen_by_viewer = admin.get(page).content.decode(), viewer.get(page).content.decode()
        assert [w for w in writes if w in seen_by_admin] == writes, page
        assert [w for w in writes if w in seen_by_viewer] == [], page
    # The due list's buttons read "View figures", not "Enter figures", for a read-only account.
    due = reverse("reporting:due")
    seen = text(admin.get(due))
    buttons = seen.count("Nhập số liệu") + seen.count("Xem số liệu")
    assert buttons > 0
    seen = text(viewer.get(due))
    assert (seen.count("Nhập số liệu"), seen.count("Xem số liệu")) == (0, buttons)
    # The units' own staff enter their own figures; the level above views them.
    assert "Nhập số liệu" in text(client_for(users.staff_a).get(due))
