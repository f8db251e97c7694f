"""Plan dashboards: exact figures and statuses, tallies, explanations, charts, drill-down,
scope and query budgets. Data goes through the services (members.services.member_create,
plans.services); the indicator catalog is the default one.

The Vietnamese catalog for these pages is filled later: English responses are asserted
word for word, Vietnamese ones only for data (names, "1.234,5", dates)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dangvu.plans import services as plan_services
from dangvu.plans.models import Indicator
from tests.support import client_for, options, page_queries, text, typed_catalog

# The admissions of 2023, by cell: (name, birth date, cell attribute of the tree, decision date).
ADMITTED = [
    ("Nguyễn Văn Được", datetime.date(1995, 4, 30), "cell_a1", datetime.date(2023, 2, 10)),
    ("Trần Thị Bình", datetime.date(1998, 1, 17), "cell_a1", datetime.date(2023, 5, 10)),
    ("Lê Hoàng Ân", datetime.date(2000, 9, 2), "cell_sub", datetime.date(2023, 8, 10)),
    ("Phạm Thu Hà", datetime.date(1993, 12, 1), "cell_b1", datetime.date(2023, 11, 2)),
    ("Võ Minh Tâm", datetime.date(1997, 6, 15), "grassroots_cell", datetime.date(2023, 3, 15)),
]


def section(response, element_id: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    return html[start:]


@pytest.fixture
def catalog(db):
    typed_catalog()
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def admitted(tree, make_member):
    """Five members admitted in 2023 (and one in 2022, who does not count)."""
    make_member(tree.cell_a2, full_name="Đỗ Văn Cũ", admission_decision_date=datetime.date(2022, 12, 30))
    return [make_member(getattr(tree, cell), full_name=name, birth_date=born, admission_decision_date=on)
            for name, born, cell, on in ADMITTED]


@pytest.fixture
def plan(tree, users, catalog):
    """The bloc's action program for 2023: admit at least 4 members; at least 10 awareness
    classes and 10 inspected organizations; revenue of at least 1.000 billion đồng."""
    actor = users.bloc_admin
    p = plan_services.plan_create(
        actor=actor, code="CTHD-2023", kind="action_program", organization=tree.bloc, number="05-CTr/ĐUK",
        title="Chương trình hành động năm 2023", issued_on=datetime.date(2023, 1, 10), period="2023")
    for order, (code, value) in enumerate([("KET_NAP", 4), ("HN_CHUYEN_DE", 10), ("TC_TU_KIEM_TRA", 10),
                                           ("DOANH_THU", 1000)]):
        plan_services.target_set(actor=actor, plan=p, indicator=catalog[code], organization=tree.bloc,
                                 period="2023", value=value, sort_order=order)
    for code, org, value in [("HN_CHUYEN_DE", tree.committee_a, 4), ("HN_CHUYEN_DE", tree.committee_b, 3),
                             ("TC_TU_KIEM_TRA", tree.committee_a, 8), ("DOANH_THU", tree.committee_a, Decimal("1234.5"))]:
        plan_services.result_save(actor=actor, indicator=catalog[code], organization=org, period="2023",
                                  value=value, version=None)
    return p


@pytest.fixture
def cascaded(plan, tree, users, catalog):
    """The admission target handed down: committee A 2, committee B 2, the grassroots cell 1."""
    plan_services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=catalog["KET_NAP"], period="2023",
                                 shares={tree.committee_a: 2, tree.committee_b: 2, tree.grassroots_cell: 1})
    return plan


def dashboard(plan, org, **query) -> str:
    url = reverse("dashboard:dashboard", args=[plan.code, org.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def target_row(response, indicator_name: str) -> str:
    """The text of the targets table row of `indicator_name`."""
    html = response.content.decode()
    table = html[html.index('class="list targets"'):]
    table = table[:table.index("</table>")]
    for row in re.findall(r"<tr\b.*?</tr>", table, flags=re.S):
        if indicator_name in row:
            return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
    raise AssertionError(f"no row for {indicator_name}")


# The dashboard: figures, statuses, tallies

def test_dashboard_shows_actual_target_achievement_and_status(users, tree, plan, admitted):
    response = client_for(users.bloc_admin, "en").get(dashboard(plan, tree.bloc, period="2023"))
    assert response.status_code == 200
    # 5 admitted in 2023 (the 2022 one does not count) against at least 4: 125%, exceeded.
    assert target_row(response, "Kết nạp đảng viên mới") == "Kết nạp đảng viên mới (đảng viên) ≥ 4 5 125% Exceeded"
    # 4 + 3 classes against 10: 70%, not met.
    assert target_row(response, "Hội nghị chuyên đề") == (
        "Hội nghị chuyên đề (hội nghị) ≥ 10 7 70% Not met")
    assert target_row(response, "Tổ chức đảng tự kiểm tra") == "Tổ chức đảng tự kiểm tra (tổ chức) ≥ 10 8 80% Not met"
    assert target_row(response, "Tổng doanh thu") == (
        "Tổng doanh thu của doanh nghiệp (tỷ đồng) ≥ 1,000 1,234.5 123.5% Exceeded")  # one decimal, as reports
    html = response.content.decode()
    assert 'class="status good">Exceeded' in html
    assert 'class="status bad">Not met' in html


def test_dashboard_in_vietnamese_writes_numbers_and_dates_the_vietnamese_way(users, tree, plan, admitted):
    response = client_for(users.bloc_admin).get(dashboard(plan, tree.bloc))  # default period: the plan's, 2023
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    page = text(response)
    assert "1.234,5" in target_row(response, "Tổng doanh thu")
    assert "≥ 1.000" in target_row(response, "Tổng doanh thu")
    assert "123,5%" in target_row(response, "Tổng doanh thu")
    assert "125%" in target_row(response, "Kết nạp đảng viên mới")
    assert "10/01/2023" in page  # issued on
    assert "Chương trình hành động năm 2023" in page


def test_tally_sentences_in_english(users, tree, plan, admitted):
    response = client_for(users.bloc_admin, "en").get(dashboard(plan, tree.bloc, period="2023"))
    page = text(response)
    assert "2/4 targets reached 100% or more, 2 targets reached over 60%" in page
    assert "Completed 2/4 targets." in page
    assert "Exceeded: 2" in page
    assert "Not met: 2" in page


def test_key_task_counts_show_when_the_plan_has_tasks(users, tree, plan):
    client = client_for(users.bloc_admin, "en")
    assert "Key tasks" not in text(client.get(dashboard(plan, tree.bloc)))
    done = plan_services.task_create(actor=users.bloc_admin, plan=plan, organization=tree.committee_a,
                                     title="Quán triệt nghị quyết", due_on=datetime.date(2023, 6, 30))
    plan_services.task_set_status(actor=users.bloc_admin, task=done, status="done", on=datetime.date(2023, 6, 1))
    plan_services.task_create(actor=users.bloc_admin, plan=plan, organization=tree.committee_b,
                              title="Báo cáo ngành", source="vertical")
    page = text(client.get(dashboard(plan, tree.bloc)))
    assert "2 key tasks: 1 from the program, 1 assigned by the vertical line." in page
    assert "1 completed, 1 of them on time." in page


def test_quarter_holds_the_year_target_against_the_year_to_date_with_a_projection(users, tree, plan, admitted):
    # By the end of March 2 members were admitted (10/02, 15/03): 2 of 4 is 50%, and at
    # that pace (90 of 365 days) 8 by December: in progress, never "not met" while only
    # part of the year is counted. The classes (entered for the year only) have no
    # quarterly data.
    response = client_for(users.bloc_admin, "en").get(dashboard(plan, tree.bloc, period="2023Q1"))
    assert response.status_code == 200
    page = text(response)
    assert "Result since 1 January" in page
    assert "Expected at the end of the period" in page
    assert target_row(response, "Kết nạp đảng viên mới") == (
        "Kết nạp đảng viên mới (đảng viên) ≥ 4 2 50% In progress 8")
    assert 'class="status bad"' not in response.content.decode()  # no target is "not met" yet
    # A year target of 40 would not be reached at that pace: at risk.
    plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=Indicator.objects.get(code="KET_NAP"),
                             organization=tree.bloc, period="2023", value=40)
    response = client_for(users.bloc_admin, "en").get(dashboard(plan, tree.bloc, period="2023Q1"))
    assert target_row(response, "Kết nạp đảng viên mới") == (
        "Kết nạp đảng viên mới (đảng viên) ≥ 40 2 5% At risk of not being met 8")
    assert "4 targets in progress, of which 1 at risk of not being met" in text(response)
    assert "completed" not in text(response)  # no target's period is over: nothing is tallied as met


def test_a_period_that_is_not_one_falls_back_to_the_plans_period(users, tree, plan):
    response = client_for(users.bloc_admin, "en").get(dashboard(plan, tree.bloc, period="2023Q5"))
    assert response.status_code == 200
    page = text(response)
    assert "is not a period" in page
    assert "Year 2023" in page


def test_period_picker_offers_the_year_its_halves_and_quarters(users, tree, plan):
    html = client_for(users.bloc_admin, "en").get(dashboard(plan, tree.bloc)).content.decode()
    picker = html[html.index('class="periods"'):]
    picker = picker[:picker.index("</nav>")]
    assert re.findall(r'href="\?period=([^"]+)"', picker) == ["2023", "2023H1", "2023H2", "2023Q1", "2023Q2",
                                                               "2023Q3", "2023Q4"]
    assert 'class="current" aria-current="page">Whole year' in picker


def test_term_plan_picks_its_years(users, tree, catalog, admitted):
    actor = users.bloc_admin
    term = plan_services.term_create(actor=_superuser(), code="2020-2025")
    resolution = plan_services.plan_create(
        actor=actor, code="NQ-DH-VII", kind="resolution", organization=tree.bloc, number="01-NQ/ĐUK",
        title="Nghị quyết Đại hội VII", issued_on=datetime.date(2020, 9, 20), period="2020-2025", term=term)
    plan_services.target_set(actor=actor, plan=resolution, indicator=catalog["KET_NAP"], organization=tree.bloc,
                             period="2020-2025", value=10)
    plan_services.target_set(actor=actor, plan=resolution, indicator=catalog["KET_NAP"], organization=tree.bloc,
                             period="2023", value=5)
    client = client_for(actor, "en")
    response = client.get(dashboard(resolution, tree.bloc))
    html = response.content.decode()
    picker = html[html.index('class="periods"'):html.index("</nav>", html.index('class="periods"'))]
    assert re.findall(r'href="\?period=([^"]+)"', picker) == ["2020-2025", "2020", "2021", "2022", "2023", "2024",
                                                               "2025"]
    assert target_row(response, "Kết nạp đảng viên mới") == "Kết nạp đảng viên mới (đảng viên) ≥ 10 6 60% Not met"  # 2022 too
    # The year asked for: the year's own target.
    response = client.get(dashboard(resolution, tree.bloc, period="2023"))
    assert target_row(response, "Kết nạp đảng viên mới") == "Kết nạp đảng viên mới (đảng viên) ≥ 5 5 100% Met"


def _superuser():
    from dangvu.orgs.models import User

    return User.objects.create_superuser("root", "root@example.org", "mat-khau-rat-dai-2026")


# Every number explains itself

def test_explain_panel_lists_exactly_the_admitted_members(users, tree, plan, admitted):
    url = reverse("dashboard:explain", args=["KET_NAP", tree.bloc.pk, "2023"])
    dash = client_for(users.bloc_admin).get(dashboard(plan, tree.bloc)).content.decode()
    assert f'hx-get="{url}" hx-target="#explain"' in dash  # the actual value opens the side panel
    response = client_for(users.bloc_admin).get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment for the side panel
    records = re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', html[html.index('class="records"'):html.index("</ol>")])
    # Every admission decision, in Vietnamese order of the names, with its date, each linking
    # to the member's page.
    by_name = {m.full_name: m for m in admitted}
    assert records == [(reverse("members:detail", args=[by_name[name].pk]), f"{name} ({born:%d/%m/%Y}), {on:%d/%m/%Y}")
                       for name, born, _c, on in sorted(ADMITTED)]
    assert [name for _u, name in records][:2] == ["Lê Hoàng Ân (02/09/2000), 10/08/2023",
                                                  "Nguyễn Văn Được (30/04/1995), 10/02/2023"]
    assert "Đỗ Văn Cũ" not in html  # admitted in 2022
    # The plain page says the same, inside the site's frame.
    page = client_for(users.bloc_admin, "en").get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    page_text = text(page)
    assert "Counted from the records: Admission decisions" in page_text
    assert "Nguyễn Văn Được (30/04/1995)" in page_text
    assert "05-CTr/ĐUK : ≥ 4 · 125% Exceeded" in page_text  # the target it is held against


def test_explain_lists_every_record_and_says_how_many(users, tree, plan, admitted):
    response = client_for(users.bloc_admin, "en").get(reverse("dashboard:explain", args=["KET_NAP", tree.bloc.pk, "2023"]))
    assert "5 records, in alphabetical order." in text(response)
    assert response.content.decode().count('<li><a href="/members/') == 5


def test_explain_entered_figure_lists_the_units_values(users, tree, plan):
    response = client_for(users.bloc_admin).get(reverse("dashboard:explain", args=["DOANH_THU", tree.bloc.pk, "2023"]))
    html = response.content.decode()
    units = html[html.index('class="list units"'):]
    assert re.findall(r"<td>(.*?)</td><td class=\"num\">(.*?)</td>", units) == [
        (f'<a href="{reverse("orgs:detail", args=[tree.committee_a.pk])}">Đảng bộ Sở Tài chính</a>', "1.234,5")]


def test_explain_formula_gives_numerator_and_denominator(users, tree, catalog, make_member):
    actor = users.bloc_admin
    p = plan_services.plan_create(actor=actor, code="KH-2023", kind="annual_plan", organization=tree.bloc,
                                  title="Kế hoạch 2023", issued_on=datetime.date(2023, 1, 5), period="2023")
    plan_services.target_set(actor=actor, plan=p, indicator=catalog["TL_TCCSD_QUAN_TRIET"], organization=tree.bloc,
                             period="2023", value=90)
    for org in (tree.committee_a, tree.committee_b):
        plan_services.result_save(actor=actor, indicator=catalog["TCCSD_QUAN_TRIET"], organization=org,
                                  period="2023", value=1, version=None)
    response = client_for(actor, "en").get(reverse("dashboard:explain", args=["TL_TCCSD_QUAN_TRIET", tree.bloc.pk, "2023"]))
    page = text(response)
    assert "66.7%" in page  # 2 of the 3 grassroots organizations
    assert "≥ 90% · 74.1% Not met" in page  # a percent target carries "%", the achievement one decimal
    assert "Numerator: Tổ chức cơ sở đảng quán triệt nghị quyết đầy đủ, kịp thời 2" in page
    assert "Denominator: Tổ chức cơ sở đảng 3" in page
    assert "Result = numerator ÷ denominator × 100." in page
    assert reverse("dashboard:explain", args=["TCCSD", tree.bloc.pk, "2023"]) in response.content.decode()


def test_explain_of_a_year_to_date_value_says_what_it_covers(users, tree, plan, admitted):
    client = client_for(users.bloc_admin, "en")
    # Q2: 1 January to 30 June is the first half: explained exactly.
    html = client.get(dashboard(plan, tree.bloc, period="2023Q2")).content.decode()
    assert reverse("dashboard:explain", args=["KET_NAP", tree.bloc.pk, "2023H1"]) + '"' in html
    # Q3: no period code names 1 January to 30 September: the quarter, with a note.
    html = client.get(dashboard(plan, tree.bloc, period="2023Q3")).content.decode()
    url = reverse("dashboard:explain", args=["KET_NAP", tree.bloc.pk, "2023Q3"]) + "?ytd=1"
    assert url in html
    assert "this explanation covers Quarter III/2023 only" in text(client.get(url))


# Charts

def test_trend_charts_are_inline_svg_drawn_on_the_server(users, tree, plan, admitted):
    client = client_for(users.bloc_admin)
    dash = client.get(dashboard(plan, tree.bloc)).content.decode()
    trends = reverse("dashboard:trends", args=[plan.code, tree.bloc.pk]) + "?period=2023"
    assert f'hx-get="{trends}" hx-trigger="revealed"' in dash
    response = client.get(trends, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.count('<svg class="chart" role="img"') == 4  # one per target
    assert "<img" not in html and "<?xml" not in html
    assert 'aria-label="Kết nạp đảng viên mới:' in html
    # The cumulative admissions, quarter by quarter (the last point is the year), and the
    # target written on its line, as Vietnamese writes numbers.
    first = html[:html.index("</svg>")]
    labels = re.findall(r">([^<>]+)</text>", first)
    assert [t.strip() for t in labels if t.strip().isdigit()] == ["2", "3", "4", "5"]
    assert "1.000" in html  # the revenue target, "Target 1.000"
    assert client.get(trends, HTTP_HX_REQUEST="true").content == response.content  # deterministic
    # Without HTMX, a page of its own.
    page = client.get(trends)
    assert "<html" in page.content.decode() and '<svg class="chart"' in page.content.decode()


def test_chart_module_draws_png_for_reports():
    from decimal import Decimal

    from dangvu.core import charts

    trend = charts.Trend(points=[("Quý I", Decimal(3)), ("Quý II", None)], target=Decimal(4), decimals=0)
    assert charts.draw_png(trend).startswith(b"\x89PNG")
    assert charts.draw_svg(trend) == charts.draw_svg(trend)


# Who is behind: drill down

def test_children_ranked_worst_highlighted_each_linking_to_its_dashboard(users, tree, cascaded, admitted):
    response = client_for(users.bloc_admin, "en").get(dashboard(cascaded, tree.bloc, indicator="KET_NAP"))
    ranking = section(response, "ranking")
    ranking = ranking[:ranking.index("</table>")]
    rows = re.findall(r"<tr(?: class=\"(\w+)\")?>(.*?)</tr>", ranking, flags=re.S)[1:]
    names = [re.search(r'<a href="[^"]+">([^<]+)</a>', row).group(1) for _cls, row in rows]
    # Those behind first, then by achievement ascending: B: 1 of 2 (50%, not met), the
    # grassroots cell: 1 of 1 (100%), A: 3 of 2 (150%).
    assert names == ["Đảng bộ Sở Y tế", "Chi bộ Báo Kiên Giang", "Đảng bộ Sở Tài chính"]
    assert [cls for cls, _row in rows] == ["worst", "", ""]
    assert "Furthest behind" in rows[0][1]
    assert "50%" in rows[0][1] and "100%" in rows[1][1] and "150%" in rows[2][1]
    # Each unit links to its own dashboard for the same period and indicator.
    link = dashboard(cascaded, tree.committee_b, period="2023", indicator="KET_NAP")
    assert f'href="{link.replace("&", "&amp;")}"' in rows[0][1]
    child = client_for(users.bloc_admin, "en").get(link)
    assert target_row(child, "Kết nạp đảng viên mới") == "Kết nạp đảng viên mới (đảng viên) ≥ 2 1 50% Not met"


def test_ranking_for_another_indicator_is_an_htmx_fragment(users, tree, plan):
    url = reverse("dashboard:ranking", args=[plan.code, tree.bloc.pk]) + "?period=2023&indicator=HN_CHUYEN_DE"
    client = client_for(users.bloc_admin, "en")
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith('<div id="ranking">')
    body = html[html.index("<tbody>"):]
    names = re.findall(r'<td><a href="[^"]+">([^<]+)</a>', body)
    assert names[:2] == ["Đảng bộ Sở Y tế", "Đảng bộ Sở Tài chính"]  # no targets: the weakest first, 3 classes, then 4
    assert "they are ranked by their results" in html  # no targets handed down for classes
    # Without HTMX: the dashboard with that indicator chosen.
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == dashboard(plan, tree.bloc, period="2023", indicator="HN_CHUYEN_DE")


def test_unit_without_targets_of_its_own_shows_its_values(users, tree, plan, admitted):
    response = client_for(users.bloc_admin, "en").get(dashboard(plan, tree.committee_a))
    page = text(response)
    assert "The plan sets no targets of its own for" in page
    assert target_row(response, "Kết nạp đảng viên mới") == "Kết nạp đảng viên mới (đảng viên) 3"


# Scope

def test_another_committees_dashboard_and_explanations_answer_404(users, tree, cascaded, admitted):
    client = client_for(users.staff_a)
    assert client.get(dashboard(cascaded, tree.committee_a)).status_code == 200
    assert client.get(dashboard(cascaded, tree.committee_b)).status_code == 404
    assert client.get(dashboard(cascaded, tree.bloc)).status_code == 404
    assert client.get(reverse("dashboard:explain", args=["KET_NAP", tree.committee_a.pk, "2023"])).status_code == 200
    assert client.get(reverse("dashboard:explain", args=["KET_NAP", tree.committee_b.pk, "2023"])).status_code == 404
    assert client.get(reverse("dashboard:trends", args=[cascaded.code, tree.committee_b.pk])).status_code == 404
    assert client.get(reverse("dashboard:ranking", args=[cascaded.code, tree.committee_b.pk]),
                      HTTP_HX_REQUEST="true").status_code == 404
    assert client.get(reverse("dashboard:explain", args=["KHONG_CO", tree.committee_a.pk, "2023"])).status_code == 404
    assert client.get(reverse("dashboard:explain", args=["KET_NAP", tree.committee_a.pk, "2023Q9"])).status_code == 404


def test_explain_of_own_unit_lists_only_its_members(users, tree, cascaded, admitted):
    html = client_for(users.staff_a).get(reverse("dashboard:explain", args=["KET_NAP", tree.committee_a.pk, "2023"])).content.decode()
    records = re.findall(r'<li><a href="[^"]+">(.*?) \(', html[html.index('class="records"'):html.index("</ol>")])
    assert records == ["Lê Hoàng Ân", "Nguyễn Văn Được", "Trần Thị Bình"]


def test_a_committees_plan_is_hidden_from_another_committee(users, tree, plan, catalog):
    own = plan_services.plan_create(actor=users.bloc_admin, code="KH-SYT", kind="annual_plan",
                                    organization=tree.committee_b, title="Kế hoạch Sở Y tế",
                                    issued_on=datetime.date(2023, 2, 1), period="2023")
    client = client_for(users.staff_a)
    assert client.get(reverse("dashboard:plan", args=[own.code])).status_code == 404
    assert client.get(dashboard(own, tree.committee_a)).status_code == 404
    assert "Kế hoạch Sở Y tế" not in client.get(reverse("dashboard:plans")).content.decode()


# The list of plans

def test_plan_list_groups_by_kind_and_filters_by_year(users, tree, plan, catalog):
    actor = users.bloc_admin
    plan_services.plan_create(actor=actor, code="NQ-2020", kind="resolution", organization=tree.bloc,
                              number="01-NQ/ĐUK", title="Nghị quyết Đại hội", issued_on=datetime.date(2020, 9, 20),
                              period="2020-2025")
    plan_services.plan_create(actor=actor, code="CTHD-2024", kind="action_program", organization=tree.bloc,
                              title="Chương trình năm 2024", issued_on=datetime.date(2024, 1, 8), period="2024")
    client = client_for(actor, "en")
    response = client.get(reverse("dashboard:plans"))
    page = text(response)
    assert page.index("Resolution") < page.index("Nghị quyết Đại hội") < page.index("Action program")
    assert page.index("Chương trình năm 2024") < page.index("Chương trình hành động năm 2023")  # newest first
    assert "Term 2020-2025" in page and "Year 2023" in page
    assert "Issued on 10/01/2023" in page
    assert f'href="{reverse("dashboard:dashboard", args=[plan.code, tree.bloc.pk])}"' in response.content.decode()
    page_2023 = text(client.get(reverse("dashboard:plans") + "?year=2023"))
    assert "Chương trình hành động năm 2023" in page_2023 and "Nghị quyết Đại hội" in page_2023
    assert "Chương trình năm 2024" not in page_2023


def test_plan_list_links_a_committee_to_its_own_dashboard(users, tree, cascaded):
    html = client_for(users.staff_a).get(reverse("dashboard:plans")).content.decode()
    assert f'href="{reverse("dashboard:dashboard", args=[cascaded.code, tree.committee_a.pk])}"' in html
    response = client_for(users.staff_a).get(reverse("dashboard:plan", args=[cascaded.code]))
    assert response["Location"] == reverse("dashboard:dashboard", args=[cascaded.code, tree.committee_a.pk])


# Query budgets: set-based, whatever the number of targets

ENTERED = ["HN_CHUYEN_DE", "BUOI_THOI_SU", "HN_SO_KET", "TC_TU_KIEM_TRA", "DV_NEU_GUONG", "CB_CHUYEN_DE",
           "DV_NOI_CU_TRU", "TCCSD_QUAN_TRIET", "DOANH_THU", "NOP_NGAN_SACH", "NOP_BHXH"]


@pytest.fixture
def entered(tree, users, catalog):
    """A first-quarter value of every entered figure of ENTERED from both committees."""
    for order, code in enumerate(ENTERED, start=1):
        for org in (tree.committee_a, tree.committee_b):
            plan_services.result_save(actor=users.bloc_admin, indicator=catalog[code], organization=org,
                                      period="2023Q1", value=order, version=None)


def _plan_with(n: int, tree, users, catalog):
    """A plan with `n` targets for the bloc (admissions and n-1 entered figures), the
    admissions handed down to the committees."""
    actor = users.bloc_admin
    p = plan_services.plan_create(actor=actor, code=f"KH-{n}", kind="annual_plan", organization=tree.bloc,
                                  title=f"Kế hoạch {n} chỉ tiêu", issued_on=datetime.date(2023, 1, 2), period="2023")
    codes = ["KET_NAP", *ENTERED[:n - 1]]
    for order, code in enumerate(codes):
        plan_services.target_set(actor=actor, plan=p, indicator=catalog[code], organization=tree.bloc,
                                 period="2023", value=10, sort_order=order)
    plan_services.target_cascade(actor=actor, plan=p, indicator=catalog["KET_NAP"], period="2023",
                                 shares={tree.committee_a: 5, tree.committee_b: 5})
    return p



def test_dashboard_query_count_does_not_grow_with_targets_or_units(users, tree, catalog, admitted, entered):
    small, large = _plan_with(3, tree, users, catalog), _plan_with(12, tree, users, catalog)
    client = client_for(users.bloc_admin)
    client.get(dashboard(small, tree.bloc))  # warm the session
    counts = {}
    for name, p in (("small", small), ("large", large)):
        counts[name] = (
            page_queries(client, dashboard(p, tree.bloc, indicator="KET_NAP")),
            page_queries(client, dashboard(p, tree.bloc, period="2023Q2")),
            page_queries(client, reverse("dashboard:trends", args=[p.code, tree.bloc.pk]), HTTP_HX_REQUEST="true"),
        )
    assert counts["small"] == counts["large"]
    dash, quarter, trends = counts["large"]
    assert dash <= 22  # + one placement read per rollup holding counted figures (0, not missing)
    assert quarter <= 22
    assert trends <= 28


def test_plan_list_query_count_does_not_grow_with_plans(users, tree, catalog, entered):
    client = client_for(users.bloc_admin)
    _plan_with(3, tree, users, catalog)
    one = page_queries(client, reverse("dashboard:plans"))
    _plan_with(12, tree, users, catalog)
    assert page_queries(client, reverse("dashboard:plans")) == one


# Pages say what they mean: names, not codes; "%" on percentages; the indicator kept

def _percent_target(plan, users, catalog, tree):
    plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=catalog["TL_DV_HTT_TRO_LEN"],
                             organization=tree.bloc, period="2023", value=90, sort_order=9)


def test_no_indicator_code_on_any_page_a_reader_sees(users, tree, cascaded, admitted, catalog):
    _percent_target(cascaded, users, catalog, tree)
    codes = sorted(catalog)
    client = client_for(users.bloc_admin, "en")
    urls = [reverse("dashboard:plans"), dashboard(cascaded, tree.bloc), dashboard(cascaded, tree.bloc, period="2023Q2"),
            dashboard(cascaded, tree.committee_b, indicator="KET_NAP"),
            reverse("dashboard:trends", args=[cascaded.code, tree.bloc.pk]),
            reverse("plans:targets", args=[cascaded.code]), reverse("tasks:list", args=[cascaded.code, tree.bloc.pk])]
    for code in ("KET_NAP", "HN_CHUYEN_DE", "TC_TU_KIEM_TRA", "DOANH_THU", "TL_DV_HTT_TRO_LEN"):
        urls.append(reverse("dashboard:explain", args=[code, tree.bloc.pk, "2023"]))
        urls.append(reverse("dashboard:ranking", args=[cascaded.code, tree.bloc.pk]) + f"?period=2023&indicator={code}")
    for target in cascaded.targets.filter(organization=tree.bloc):
        urls.append(reverse("plans:cascade", args=[cascaded.code, target.pk]))
    for url in urls:
        response = client.get(url, HTTP_HX_REQUEST="true") if "/ranking" in url else client.get(url)
        assert response.status_code == 200, url
        page = text(response)
        shown = [code for code in codes if re.search(rf"(?<![\w-]){code}(?![\w-])", page)]
        assert shown == [], (url, shown)
    # The dropdowns show names with their units.
    targets = client.get(reverse("plans:targets", args=[cascaded.code]))
    assert "Kết nạp đảng viên mới (đảng viên)" in options(targets, "indicator")
    assert "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên (%)" in options(targets, "indicator")
    ranking = client.get(dashboard(cascaded, tree.bloc))
    assert options(ranking, "indicator", within="ranking")[:2] == ["Kết nạp đảng viên mới (đảng viên)",
                                                                    "Hội nghị chuyên đề (hội nghị)"]


def test_percentages_carry_the_sign_on_the_pages(users, tree, plan, catalog):
    plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=catalog["TL_TCCSD_QUAN_TRIET"],
                             organization=tree.bloc, period="2023", value=90, sort_order=9)
    for org in (tree.committee_a, tree.committee_b):
        plan_services.result_save(actor=users.bloc_admin, indicator=catalog["TCCSD_QUAN_TRIET"], organization=org,
                                  period="2023", value=1, version=None)
    client = client_for(users.bloc_admin)
    # 2 of 3 grassroots organizations: 66,7% against at least 90%: 74,1% of the target (66,67 ÷ 90).
    row = target_row(client.get(dashboard(plan, tree.bloc)), "Tỷ lệ tổ chức cơ sở đảng quán triệt")
    assert row == "Tỷ lệ tổ chức cơ sở đảng quán triệt nghị quyết ≥ 90% 66,7% 74,1% Không đạt"
    targets = text(client.get(reverse("plans:targets", args=[plan.code])))
    assert "Tỷ lệ tổ chức cơ sở đảng quán triệt nghị quyết Năm 2023 ≥ 90%" in targets


def test_drilling_down_keeps_the_indicator(users, tree, cascaded, admitted):
    client = client_for(users.bloc_admin, "en")
    page = client.get(dashboard(cascaded, tree.committee_b, period="2023", indicator="HN_CHUYEN_DE"))
    html = page.content.decode()
    # The breadcrumbs back up the tree keep it too.
    up = dashboard(cascaded, tree.bloc, period="2023", indicator="HN_CHUYEN_DE").replace("&", "&amp;")
    assert f'href="{up}"' in html
    # And the ranking under the bloc, opened on an indicator, links each unit on the same one.
    ranking = section(client.get(dashboard(cascaded, tree.bloc, period="2023", indicator="TC_TU_KIEM_TRA")), "ranking")
    link = dashboard(cascaded, tree.committee_a, period="2023", indicator="TC_TU_KIEM_TRA").replace("&", "&amp;")
    assert f'href="{link}"' in ranking
    assert '<option value="TC_TU_KIEM_TRA" selected>' in ranking


def test_help_on_the_dashboard_and_the_plan_list(users, tree, plan):
    client = client_for(users.bloc_admin)
    for url in (dashboard(plan, tree.bloc), reverse("dashboard:plans"), reverse("plans:targets", args=[plan.code])):
        html = client.get(url).content.decode()
        assert '<details class="help"><summary>Hướng dẫn</summary>' in html, url
    page = text(client.get(dashboard(plan, tree.bloc)))
    assert "Có nguy cơ không đạt: kỳ chưa kết thúc" in page
    assert "Số viết như 1.234,5: dấu chấm ngăn cách hàng nghìn" in page
