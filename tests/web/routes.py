"""The site's addresses, as the walking tests need them: every URL pattern of the site (from
the resolver, so that a new page is walked as soon as it has an address), which of them write,
a world with something behind every address (`build_site`), and the addresses filled from one
table of parameters: a parameter the table does not know fails the test that walks it."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dangvu.admissions import services as admission_services
from dangvu.awards import services as award_services
from dangvu.classes import services as class_services
from dangvu.classes.models import CourseKind
from dangvu.exchange import registers
from dangvu.inspections import services as inspection_services
from dangvu.inspections.models import InspectionKind
from dangvu.members import services as member_services
from dangvu.orgs import services as org_services
from dangvu.plans import services as plan_services
from dangvu.ratings import services as rating_services
from dangvu.ratings.models import Rating
from dangvu.reports import services as report_services
from dangvu.web.orgs.views import ORGANIZATION_ACTIONS
from tests.factories import make_user
from tests.support import typed_catalog

D = datetime.date
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
#: Addresses that answer no HTML page to read.
NOT_PAGES = {"logout", "healthz", "set_language", "members:pick"}
#: Addresses that only read (GET), or that are not a record's change (log in/out, language,
#: one's own password); every other address writes.
READING = {
    "home", "login", "logout", "healthz", "search", "set_language",
    "orgs:detail", "orgs:children", "orgs:export", "orgs:export_csv",
    "members:list", "members:export", "members:export_csv", "members:detail", "members:pick",
    "dashboard:plans", "dashboard:explain", "dashboard:plan", "dashboard:dashboard", "dashboard:ranking",
    "dashboard:trends",
    "tasks:export",
    "inspections:list", "inspections:detail", "inspections:programs", "inspections:disciplines",
    "inspections:discipline",
    "ratings:rounds", "ratings:round", "ratings:sheet", "ratings:check", "ratings:summary", "ratings:summary_export",
    "reporting:due", "reporting:history", "reporting:unit",
    "accounts:password",  # everyone changes their own password
    "admissions:list", "admissions:detail", "admissions:due",
    "calendar:index",
    "exchange:index", "exchange:template", "exchange:handdown_file",
    "extract:start",  # sends to the page of the user's unit
    "classes:list", "classes:detail", "classes:studies",
    "badges:list", "badges:print", "badges:export", "badges:dates", "badges:rules", "badges:work_form",
    "badges:work_form_export",
    "awards:list", "awards:detail", "awards:proposed", "awards:proposed_export",
    "awards:movements", "awards:movement", "awards:titles",
    "reports:list", "reports:detail", "reports:progress", "reports:file", "reports:conferences", "reports:conference",
}
#: A record number no record has (the largest an address takes: 18 digits).
NOWHERE = 999999999999999999


def patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """(URL name, route) of every named address of the site."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def build_site(tree, users, make_member, *, outside: bool = False) -> dict:
    """A little of everything, so that every page has something to show: a plan with targets
    handed down, reported values, members, a key task, a seat, an account, all about committee
    A. With `outside`, the same again about committee B (`site["outside"]`), for the scope
    tests: a plan issued by B, a member of B with a transfer and a seat, a task and an account
    of B."""
    codes = typed_catalog()
    admin = users.bloc_admin
    plan = plan_services.plan_create(
        actor=admin, code="CTHD-2023", kind="action_program", organization=tree.bloc, number="05-CTr/ĐUK",
        title="Chương trình hành động năm 2023", issued_on=D(2023, 1, 10), period="2023")
    for order, (code, value) in enumerate([("KET_NAP", 4), ("HN_CHUYEN_DE", 10), ("DOANH_THU", 1000)]):
        plan_services.target_set(actor=admin, plan=plan, indicator=codes[code], organization=tree.bloc,
                                 period="2023", value=value, sort_order=order)
    plan_services.target_cascade(actor=admin, plan=plan, indicator=codes["HN_CHUYEN_DE"], period="2023",
                                 shares={tree.committee_a: 6, tree.committee_b: 4})
    for org, value in [(tree.committee_a, 4), (tree.committee_b, 3)]:
        plan_services.result_save(actor=admin, indicator=codes["HN_CHUYEN_DE"], organization=org,
                                  period="2023", value=value, version=None)
    plan_services.result_save(actor=admin, indicator=codes["DOANH_THU"], organization=tree.committee_a,
                              period="2023", value=Decimal("1234.5"), version=None)
    site = _records(tree, admin, make_member, plan, tree.committee_a, tree.cell_a1, tree.cell_a2, "Nguyễn Văn Được")
    site.update(plan=plan, codes=codes, target=plan.targets.get(indicator=codes["HN_CHUYEN_DE"], organization=tree.bloc))
    cell_staff = make_user(tree.cell_a1, "staff_chibo", "staff", actor=admin, full_name="Cán bộ Chi bộ 1")
    site["account"] = cell_staff
    site["roles"] = {"admin": admin, "staff": users.staff_a, "viewer": users.viewer, "cell staff": cell_staff}
    if outside:
        plan_b = plan_services.plan_create(
            actor=admin, code="KH-SYT-2023", kind="annual_plan", organization=tree.committee_b,
            title="Kế hoạch Sở Y tế 2023", issued_on=D(2023, 1, 12), period="2023")
        target_b = plan_services.target_set(actor=admin, plan=plan_b, indicator=codes["HN_CHUYEN_DE"],
                                            organization=tree.committee_b, period="2023", value=4)
        other = _records(tree, admin, make_member, plan_b, tree.committee_b, tree.cell_b1, tree.cell_b2,
                         "Lê Văn Cường")
        other.update(plan=plan_b, target=target_b,
                     account=make_user(tree.cell_b1, "staff_bv", "staff", actor=admin, full_name="Cán bộ Bệnh viện"))
        site["outside"] = other
    return site


def _records(tree, admin, make_member, plan, committee, cell, other_cell, name: str) -> dict:
    """A member of `cell` moved to `other_cell`, a committee of `committee` with the member
    seated on it, a key task of `committee` in `plan`."""
    member = make_member(cell, full_name=name, admission_decision_date=D(2023, 2, 10))
    member = member_services.member_transfer(actor=admin, member=member, to_organization=other_cell,
                                             on=D(2024, 3, 1), decision="12-QĐ/ĐU")
    board = org_services.committee_create(actor=admin, organization=committee, term_start=D(2025, 1, 1),
                                          term_end=D(2030, 1, 1))
    seat = member_services.seat_assign(actor=admin, committee=board, member=member, role="committee_member",
                                       start=D(2025, 1, 1))
    task = plan_services.task_create(actor=admin, plan=plan, organization=committee,
                                     title="Tổ chức hội nghị quán triệt nghị quyết")
    candidate = admission_services.candidate_create(
        actor=admin, organization=cell, full_name=f"{name} (ứng viên)", gender="female", birth_date=D(2000, 6, 15),
        started_on=D(2024, 1, 5))
    for kind, on, number in [("awareness_certificate", D(2024, 1, 10), "GCN/12"), ("application", D(2024, 1, 20), ""),
                             ("biography", D(2024, 1, 30), "")]:
        admission_services.step_record(actor=admin, candidate=candidate, kind=kind, on=on, document_number=number)
    inspection = inspection_services.inspection_create(
        actor=admin, kind=InspectionKind.objects.get(code="thematic"), organization=committee,
        title="Giám sát chuyên đề công tác phát triển đảng viên", start=D(2024, 4, 1), organizations=[cell],
        members=[member])
    discipline = inspection_services.discipline_create(
        actor=admin, form="reprimand", violation_date=D(2024, 2, 1), deciding_body=committee,
        decided_on=D(2024, 5, 2), number="3-QĐ/ĐU", member=member)
    rating_round = rating_services.round_open(actor=admin, organization=committee, year=2025)[0]
    course = class_services.course_create(
        actor=admin, kind=CourseKind.objects.get(code="professional"), organizer=committee,
        name="Lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng năm 2024", start=D(2024, 6, 3), end=D(2024, 6, 7))
    attendee, _candidate = class_services.attendees_add(actor=admin, course=course, members=[member],
                                                        candidates=[candidate])
    class_services.session_add(actor=admin, course=course, on=D(2024, 6, 3), topic="Công tác tổ chức xây dựng Đảng")
    class_services.results_record(actor=admin, course=course, results=[(attendee, "passed", "Khá")])
    class_services.study_create(actor=admin, organization=cell, resolution="Nghị quyết số 57-NQ/TW",
                                on=D(2025, 2, 10), present=12, expected=14)
    commendation = award_services.commendation_create(
        actor=admin, kind="upper_certificate", year=2024, reason="Hoàn thành xuất sắc nhiệm vụ", number="9-QĐ/ĐUK",
        decided_on=D(2025, 1, 15), deciding_body=committee.parent, organization=committee)
    movement = award_services.movement_create(actor=admin, name=f"Dân vận khéo {committee.name}",
                                              organization=committee, first_year=2020)
    award_services.title_create(actor=admin, kind="movement", title="Điển hình dân vận khéo", year=2024,
                                number="10-QĐ/ĐU", decided_on=D(2025, 1, 20), deciding_body=committee,
                                organization=cell, movement=movement)
    conference = report_services.conference_create(
        actor=admin, organization=committee, name=f"Hội nghị tổng kết năm 2024 {committee.name}", period="2024",
        held_on=D(2025, 1, 15))
    report = report_services.report_create(actor=admin, organization=committee, kind="year-end", period="2024",
                                           number="15", issued_on=D(2025, 1, 10), conference=conference)
    return {"course": course, "attendee": attendee, "commendation": commendation, "member": member, "seat": seat,
            "movement": movement, "report": report, "conference": conference,
            "task": task, "org": committee, "inspection": inspection, "discipline": discipline,
            "rating_round": rating_round, "candidate": candidate,
            "rating": Rating.objects.get(round=rating_round, organization=committee),
            "job": import_job(admin, committee, cell),
            "change": member.status_changes.first(), "transfer": member.transfers.order_by("pk").last()}


def import_job(actor, organization, cell):
    """An uploaded register of `organization` waiting for its columns to be checked."""
    data = ("Họ và tên,Giới tính,Ngày sinh,Chi bộ,Ngày vào Đảng\n"
            f"Trần Văn Nhập,Nam,02/01/1980,{cell.name},17/01/2015\n").encode()
    return registers.import_job_create(actor=actor, organization=organization, kind="members", name="dang-vien.csv",
                                       chunks=[data])


def parameters(name: str, route: str, site: dict, unit, tree) -> dict[str, object]:
    """The value of each parameter of the address `name` about `unit`, from the records of
    `site` (a value that is a list: the address is visited with each). A parameter this
    table does not know fails."""
    by_name = {
        "org_pk": unit.pk,
        "period_code": "2023",
        "indicator_code": "HN_CHUYEN_DE",
        "plan_code": site["plan"].code,
        "target_pk": site["target"].pk,
        "task_pk": site["task"].pk,
        "change_pk": site["change"].pk,
        "transfer_pk": site["transfer"].pk,
        "seat_pk": site["seat"].pk,
        "job_pk": site["job"].pk,
        "fmt": "html",
    }
    special = {
        ("orgs:action", "pk"): tree.sub_a.pk if unit == tree.committee_a else unit.pk,
        ("orgs:action", "action"): sorted(ORGANIZATION_ACTIONS),
    }
    values = {}
    for _converter, param in PARAM.findall(route):
        if (name, param) in special:
            values[param] = special[(name, param)]
        elif name.startswith("orgs:") and param == "pk":
            values[param] = unit.pk
        elif name.startswith("members:") and param == "pk":
            values[param] = site["member"].pk
        elif name.startswith("admissions:") and param == "pk":
            values[param] = site["candidate"].pk
        elif name.startswith("inspections:discipline") or name == "inspections:complaint":
            values[param] = site["discipline"].pk
        elif name.startswith("inspections:") and param == "pk":
            values[param] = site["inspection"].pk
        elif name in ("ratings:round", "ratings:sheet") and param == "pk":
            values[param] = site["rating_round"].pk
        elif name.startswith("ratings:") and param == "pk":
            values[param] = site["rating"].pk
        elif name.startswith("classes:") and param == "pk":
            values[param] = site["course"].pk
        elif name.startswith("classes:") and param == "attendee":
            values[param] = site["attendee"].pk
        elif name.startswith("badges:") and param == "pk":
            values[param] = site["member"].pk
        elif name == "awards:movement" and param == "pk":
            values[param] = site["movement"].pk
        elif name == "awards:new_member" and param == "pk":
            values[param] = site["member"].pk
        elif name.startswith("awards:") and param == "pk":
            values[param] = site["commendation"].pk
        elif name.startswith("reports:conference") and param == "pk":
            values[param] = site["conference"].pk
        elif name.startswith("reports:") and param == "pk":
            values[param] = site["report"].pk
        elif name.startswith("accounts:") and param == "pk":
            values[param] = site["account"].pk
        elif param in by_name:
            values[param] = by_name[param]
        else:
            raise AssertionError(f"the page {name} has a parameter {param!r}: add a value for it to tests/web/routes.py")
    return values


def addresses(name: str, route: str, tree, site, unit) -> list[str]:
    """The addresses of the page `name` (one for each value of a parameter with several),
    about `unit`."""
    kwargs = [{}]
    for param, value in parameters(name, route, site, unit, tree).items():
        kwargs = [{**k, param: v} for k in kwargs for v in (value if isinstance(value, list) else [value])]
    return [reverse(name, kwargs=k) for k in kwargs]


def fill(route: str, values: dict) -> str:
    """The address of `route` with its parameters replaced by `values` as they are (no
    converter checks them: hostile values too)."""
    return "/" + PARAM.sub(lambda m: str(values[m.group(2)]), route)


def resolve_values(route: str, path: str) -> list[str]:
    """The values of `route`'s parameters in `path` (an address made from it)."""
    pattern = "^" + PARAM.sub(lambda m: "([^/]+)", re.escape(route).replace("\\<", "<").replace("\\>", ">")) + "$"
    return list(re.match(pattern, path).groups())
