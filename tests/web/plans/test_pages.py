"""Writing plans on the pages: a new plan, the targets of a plan (add, change, delete),
handing a target down to the units directly under the issuer, the flag when the shares no
longer hold the target, permissions, scope and query budgets. Data goes through the
services; English responses are asserted word for word, Vietnamese ones for numbers and
the catalog's sentences."""

from __future__ import annotations

import datetime
import html as html_lib
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dangvu.core.audit import history_for
from dangvu.core.models import AuditEntry
from dangvu.orgs.models import Organization
from dangvu.plans import services as plan_services
from dangvu.plans.models import Indicator, Plan, Target
from tests.factories import make_org
from tests.support import client_for, options, page_queries, plain, text, typed_catalog

BLOC = "Đảng bộ các cơ quan Đảng tỉnh"


def field_error(response, name: str) -> str:
    """The error shown beside the box named `name`: in its label, or in its table row."""
    page = response.content.decode()
    for block in re.findall(r"<label\b.*?</label>", page, flags=re.S) + re.findall(r"<tr\b.*?</tr>", page, flags=re.S):
        if f'name="{name}"' in block:
            found = re.search(r'<span class="error">(.*?)</span>', block, flags=re.S)
            return html_lib.unescape(found.group(1)) if found else ""
    raise AssertionError(f"no field {name}")


def input_value(response, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', response.content.decode())
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html_lib.unescape(value.group(1)) if value else ""


def row_text(response, target: Target) -> str:
    page = response.content.decode()
    found = re.search(rf'<tr id="target-{target.pk}"[^>]*>(.*?)</tr>', page, flags=re.S)
    assert found, target
    return plain(found.group(1))


def row_class(response, target: Target) -> str:
    found = re.search(rf'<tr id="target-{target.pk}"( class="(\w+)")?>', response.content.decode())
    return found.group(2) or ""


@pytest.fixture
def catalog(db):
    typed_catalog()
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def plan(tree, users, catalog):
    """The bloc's action program for 2023: admit at least 250 members (a summed count) and
    at least 90% of members rated good or better (a rate: each unit must reach it)."""
    actor = users.bloc_admin
    p = plan_services.plan_create(
        actor=actor, code="CTHD-2023", kind="action_program", organization=tree.bloc, number="05-CTr/ĐUK",
        title="Chương trình hành động năm 2023", issued_on=datetime.date(2023, 1, 10), period="2023")
    plan_services.target_set(actor=actor, plan=p, indicator=catalog["KET_NAP"], organization=tree.bloc,
                             period="2023", value=250, sort_order=0)
    plan_services.target_set(actor=actor, plan=p, indicator=catalog["TL_DV_HTT_TRO_LEN"], organization=tree.bloc,
                             period="2023", value=90, sort_order=1)
    return p


def bloc_target(plan, code: str) -> Target:
    return Target.objects.get(plan=plan, indicator__code=code, organization=plan.organization)


def targets_url(plan) -> str:
    return reverse("plans:targets", args=[plan.code])


def cascade_url(plan, target) -> str:
    return reverse("plans:cascade", args=[plan.code, target.pk])


def delete_url(plan, target) -> str:
    return reverse("plans:target_delete", args=[plan.code, target.pk])


# A new plan

def new_plan_data(tree, **changes) -> dict:
    data = {"kind": "action_program", "organization": str(tree.bloc.pk), "code": "CTR-135-2025",
            "number": "135-CTr/ĐUK", "title": "Chương trình hành động thực hiện Nghị quyết Đại hội",
            "issued_on": "17/01/2025", "period": "2025", "parent": ""}
    return data | changes


def test_new_plan_page_creates_the_plan_and_its_audit_row(tree, users, plan):
    client = client_for(users.bloc_admin)
    page = client.get(reverse("plans:new"))
    assert page.status_code == 200
    response = client.post(reverse("plans:new"), new_plan_data(tree, parent=str(plan.pk)))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:targets", args=["CTR-135-2025"])
    created = Plan.objects.get(code="CTR-135-2025")
    assert (created.kind, created.organization, created.number, created.title, created.issued_on, created.period,
            created.parent) == ("action_program", tree.bloc, "135-CTr/ĐUK",
                                "Chương trình hành động thực hiện Nghị quyết Đại hội", datetime.date(2025, 1, 17),
                                "2025", plan)
    [entry] = history_for(created)
    assert (entry.action, entry.actor, entry.scope_path) == ("plan.create", users.bloc_admin, tree.bloc.path)
    assert entry.changes == {
        "code": [None, "CTR-135-2025"], "kind": [None, "action_program"], "number": [None, "135-CTr/ĐUK"],
        "title": [None, "Chương trình hành động thực hiện Nghị quyết Đại hội"], "issued_on": [None, "2025-01-17"],
        "period": [None, "2025"]}
    # The targets page it leads to: the new plan, no targets yet.
    page = text(client_for(users.bloc_admin, "en").get(response["Location"]))
    assert "Action program 135-CTr/ĐUK · issued by" in page
    assert "The plan sets no targets yet." in page


def test_new_plan_errors_are_shown_on_their_fields(tree, users, plan):
    client = client_for(users.bloc_admin, "en")
    response = client.post(reverse("plans:new"), new_plan_data(tree, title="", issued_on="31/02/2025",
                                                              period="2025Q5"))
    assert response.status_code == 400
    assert field_error(response, "title") == "This field is required."
    assert field_error(response, "issued_on") == "Enter a valid date."
    assert field_error(response, "period") == ""  # the form reads it; the service says what is wrong
    # The service's errors, on the fields they name.
    response = client.post(reverse("plans:new"), new_plan_data(tree, period="2025Q5"))
    assert response.status_code == 400
    assert field_error(response, "period") == (
        "“2025Q5” is not a period: write 2023, 2023H1, 2023Q3, 2023-05 or 2020-2025.")
    response = client.post(reverse("plans:new"), new_plan_data(tree, code="CTHD-2023"))
    assert field_error(response, "code") == "The code CTHD-2023 is already used by another plan."
    response = client.post(reverse("plans:new"), new_plan_data(tree, code="135/ĐUK"))
    assert field_error(response, "code") == (
        "A plan's code is part of its web address: use letters, digits, “-”, “_” and “.” only.")
    assert input_value(response, "number") == "135-CTr/ĐUK"  # what was typed stays
    assert Plan.objects.count() == 1


def test_no_plan_code_is_taken_by_an_address(tree, users, plan):
    """A plan coded "new" has its own pages; the new-plan page stays the new-plan page."""
    client = client_for(users.bloc_admin, "en")
    response = client.post(reverse("plans:new"), new_plan_data(tree, code="new"))
    assert response.status_code == 302 and response["Location"] == "/plans/new/targets/"
    assert "Chương trình hành động thực hiện Nghị quyết Đại hội" in text(client.get("/plans/new/targets/"))
    assert client.get(reverse("dashboard:plan", args=["new"])).status_code == 302
    assert 'name="code"' in client.get("/plans/new/").content.decode()


def test_new_plan_offers_only_the_organizations_the_user_may_write_to(tree, users, plan):
    client = client_for(users.staff_a, "en")
    response = client.get(reverse("plans:new"))
    page = response.content.decode()
    select = page[page.index('name="organization"'):]
    assert options(response, "organization") == ["Đảng bộ Sở Tài chính", "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Đảng bộ bộ phận Kho bạc",
                       "Chi bộ Kho bạc 1"]
    assert f'<option value="{tree.committee_a.pk}" selected>' in select
    response = client.post(reverse("plans:new"), new_plan_data(tree, code="KH-A"))
    assert response.status_code == 400
    assert field_error(response, "organization") == (
        f"Select a valid choice. {tree.bloc.pk} is not one of the available choices.")
    response = client.post(reverse("plans:new"), new_plan_data(tree, code="KH-A", organization=str(tree.committee_a.pk),
                                                              number="12-KH/ĐU", period="2025"))
    assert response.status_code == 302
    assert Plan.objects.get(code="KH-A").organization == tree.committee_a


def test_the_plans_list_offers_a_new_plan_to_those_who_may_write(tree, users, plan):
    admin = client_for(users.bloc_admin, "en").get(reverse("dashboard:plans")).content.decode()
    assert f'href="{reverse("plans:new")}"' in admin
    assert f'href="{targets_url(plan)}"' in admin
    viewer = client_for(users.viewer, "en").get(reverse("dashboard:plans")).content.decode()
    assert reverse("plans:new") not in viewer
    assert targets_url(plan) not in viewer


# The targets of a plan

def test_targets_page_lists_the_issuers_targets_in_order(tree, users, plan, catalog):
    plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=catalog["DOANH_THU"], organization=tree.bloc,
                             period="2023", value=Decimal("1234.5"), sort_order=2)
    response = client_for(users.bloc_admin, "en").get(targets_url(plan))
    assert response.status_code == 200
    assert row_text(response, bloc_target(plan, "KET_NAP")) == (
        "Kết nạp đảng viên mới (đảng viên) Year 2023 ≥ 250 — Hand down · Change · Delete")
    assert row_text(response, bloc_target(plan, "DOANH_THU")) == (
        "Tổng doanh thu của doanh nghiệp (tỷ đồng) Year 2023 ≥ 1,234.5 — Hand down · Change · Delete")
    page = response.content.decode()
    rows = [page.index(f'id="target-{bloc_target(plan, code).pk}"')
            for code in ("KET_NAP", "TL_DV_HTT_TRO_LEN", "DOANH_THU")]
    assert rows == sorted(rows)
    vi = client_for(users.bloc_admin).get(targets_url(plan))
    assert "≥ 1.234,5" in row_text(vi, bloc_target(plan, "DOANH_THU"))
    assert "Năm 2023" in row_text(vi, bloc_target(plan, "DOANH_THU"))


def test_adding_a_target_reads_a_vietnamese_number_and_is_audited(tree, users, plan, catalog):
    client = client_for(users.bloc_admin)
    page = client.get(targets_url(plan))
    assert input_value(page, "period") == "2023"  # the plan's period by default
    response = client.post(targets_url(plan), {"indicator": str(catalog["DOANH_THU"].pk), "period": "2023",
                                               "comparator": "gte", "value": "1.234,5"})
    assert response.status_code == 302 and response["Location"] == targets_url(plan)
    added = bloc_target(plan, "DOANH_THU")
    assert (added.value, added.comparator, added.period, added.sort_order) == (Decimal("1234.5"), "gte", "2023", 2)
    [entry] = history_for(added)
    assert (entry.action, entry.changes, entry.note) == (
        "target.set", {"value": [None, "1234.5"], "comparator": [None, "gte"]}, "CTHD-2023 DOANH_THU 2023")


def test_changing_a_target_keeps_its_indicator_and_period(tree, users, plan, catalog):
    client = client_for(users.bloc_admin)
    target = bloc_target(plan, "KET_NAP")
    page = client.get(targets_url(plan) + f"?edit={target.pk}")
    assert input_value(page, "value") == "250"
    assert re.search(r'<input[^>]*name="period"[^>]*disabled', page.content.decode())
    # A disabled box is not posted: the indicator and period come from the target itself.
    response = client.post(targets_url(plan), {"edit": str(target.pk), "indicator": str(catalog["DOANH_THU"].pk),
                                               "period": "2024", "comparator": "gte", "value": "283"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.indicator.code, target.period, target.value) == ("KET_NAP", "2023", 283)
    assert Target.objects.filter(plan=plan).count() == 2
    assert [e.changes for e in history_for(target).order_by("id")][-1] == {"value": ["250", "283"]}


def test_a_bad_value_is_refused_with_a_clear_message_and_nothing_is_written(tree, users, plan, catalog):
    data = {"indicator": str(catalog["DOANH_THU"].pk), "period": "2023", "comparator": "gte", "value": "12,3,4"}
    response = client_for(users.bloc_admin).post(targets_url(plan), data)
    assert response.status_code == 400
    assert field_error(response, "value") == "“12,3,4” không phải là số: hãy viết theo dạng 1.234,5."
    assert input_value(response, "value") == "12,3,4"
    response = client_for(users.bloc_admin, "en").post(targets_url(plan), data)
    assert field_error(response, "value") == "“12,3,4” is not a number: write it as 1,234.5."
    # A count is whole; a period must be one.
    response = client_for(users.bloc_admin, "en").post(targets_url(plan), data | {
        "indicator": str(catalog["KET_NAP"].pk), "value": "2.5"})
    assert field_error(response, "value") == "A count is a whole number."
    response = client_for(users.bloc_admin, "en").post(targets_url(plan), data | {"period": "2023Q7", "value": "5"})
    assert field_error(response, "period") == (
        "“2023Q7” is not a period: write 2023, 2023H1, 2023Q3, 2023-05 or 2020-2025.")
    response = client_for(users.bloc_admin, "en").post(targets_url(plan), data | {"indicator": "", "value": "5"})
    assert field_error(response, "indicator") == "This field is required."
    assert Target.objects.filter(plan=plan).count() == 2
    assert not Target.objects.filter(indicator__code="DOANH_THU").exists()


# Handing a target down

def test_cascade_page_lists_the_units_under_the_issuer_with_the_rule(tree, users, plan):
    target = bloc_target(plan, "KET_NAP")
    plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=target.indicator,
                             organization=tree.committee_a, period="2023", value=150)
    from dangvu.orgs import services as org_services
    from dangvu.orgs.models import Organization

    make_org(tree.bloc, "CB-CU", "Chi bộ Đã giải thể", Organization.Kind.GRASSROOTS_CELL)  # dissolved below: not offered

    org_services.organization_dissolve(actor=users.bloc_admin, organization=Organization.objects.get(code="CB-CU"),
                                       on=datetime.date(2024, 1, 1))
    response = client_for(users.bloc_admin, "en").get(cascade_url(plan, target))
    assert response.status_code == 200
    page = text(response)
    assert "The shares of the units must add up to at least 250, the target of " + BLOC + "." in page
    names = re.findall(r'<label for="id_share-\d+">([^<]+)</label>', response.content.decode())
    assert names == ["Chi bộ Báo Kiên Giang", "Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế"]  # Vietnamese order
    assert input_value(response, f"share-{tree.committee_a.pk}") == "150"
    assert input_value(response, f"share-{tree.committee_b.pk}") == ""
    assert "Total of the shares ≥ 250 150 short by 100" in page
    rate = client_for(users.bloc_admin, "en").get(cascade_url(plan, bloc_target(plan, "TL_DV_HTT_TRO_LEN")))
    assert ("The indicator does not add up over units (a rate, an average): each unit's share must itself "
            "reach 90%.") in text(rate)
    assert "Total of the shares" not in text(rate)


def test_cascade_writes_every_share(tree, users, plan):
    target = bloc_target(plan, "KET_NAP")
    client = client_for(users.bloc_admin, "en")
    response = client.post(cascade_url(plan, target), {
        f"share-{tree.committee_a.pk}": "120", f"share-{tree.committee_b.pk}": "100",
        f"share-{tree.grassroots_cell.pk}": "30"})
    assert response.status_code == 302 and response["Location"] == targets_url(plan)
    shares = Target.objects.filter(plan=plan, indicator=target.indicator).exclude(organization=tree.bloc)
    assert sorted((t.organization.code, t.value, t.comparator, t.period) for t in shares) == [
        ("CB-BKG", 30, "gte", "2023"), ("DB-STC", 120, "gte", "2023"), ("DB-SYT", 100, "gte", "2023")]
    page = client.get(targets_url(plan))
    assert "The target of Kết nạp đảng viên mới was handed down to 3 units." in text(page)
    assert row_text(page, target) == (
        "Kết nạp đảng viên mới (đảng viên) Year 2023 ≥ 250 3 units ✓ The shares add up to 250. "
        "Hand down · Change · Delete")
    # A blank box leaves the unit as it is, and its share counts in the total.
    assert input_value(client.get(cascade_url(plan, target)), f"share-{tree.committee_b.pk}") == "100"
    blank_others = {f"share-{tree.committee_b.pk}": "", f"share-{tree.grassroots_cell.pk}": ""}
    response = client.post(cascade_url(plan, target), {f"share-{tree.committee_a.pk}": "100"} | blank_others)
    assert response.status_code == 400
    assert f"The shares add up to 230, short of the target 250 of {BLOC}." in text(response)
    assert "Total of the shares ≥ 250 230 short by 20" in text(response)
    response = client.post(cascade_url(plan, target), {f"share-{tree.committee_a.pk}": "150"} | blank_others)
    assert response.status_code == 302
    assert [Target.objects.get(plan=plan, organization=o).value
            for o in (tree.committee_a, tree.committee_b, tree.grassroots_cell)] == [150, 100, 30]


def test_cascade_short_of_the_target_writes_nothing_and_keeps_what_was_typed(tree, users, plan):
    target = bloc_target(plan, "KET_NAP")
    before = AuditEntry.objects.count()
    data = {f"share-{tree.committee_a.pk}": "100", f"share-{tree.committee_b.pk}": "80",
            f"share-{tree.grassroots_cell.pk}": "50"}
    response = client_for(users.bloc_admin, "en").post(cascade_url(plan, target), data)
    assert response.status_code == 400
    alert = re.search(r'<div class="notice error" role="alert">(.*?)</div>\s*</div>', response.content.decode(), re.S)
    assert html_lib.unescape(re.sub(r"<[^>]+>", "", alert.group(1))).strip() == (
        f"The shares add up to 230, short of the target 250 of {BLOC}.")
    assert [input_value(response, name) for name in data] == ["100", "80", "50"]
    assert "Total of the shares ≥ 250 230 short by 20" in text(response)
    assert Target.objects.filter(plan=plan).count() == 2
    assert AuditEntry.objects.count() == before
    # In Vietnamese, the same, as Vietnamese writes it.
    response = client_for(users.bloc_admin).post(cascade_url(plan, target), data | {
        f"share-{tree.committee_a.pk}": "1.100"})
    assert response.status_code == 302  # 1.100 is one thousand one hundred


def test_cascade_of_a_rate_names_the_share_that_falls_short(tree, users, plan):
    target = bloc_target(plan, "TL_DV_HTT_TRO_LEN")
    response = client_for(users.bloc_admin, "en").post(cascade_url(plan, target), {
        f"share-{tree.committee_a.pk}": "95", f"share-{tree.committee_b.pk}": "85.5"})
    assert response.status_code == 400
    assert "The target of Đảng bộ Sở Y tế (85.5) does not meet the target 90 it is part of." in text(response)
    response = client_for(users.bloc_admin, "en").post(cascade_url(plan, target), {
        f"share-{tree.committee_a.pk}": "abc", f"share-{tree.committee_b.pk}": ""})
    assert response.status_code == 400
    assert field_error(response, f"share-{tree.committee_a.pk}") == "“abc” is not a number: write it as 1,234.5."
    response = client_for(users.bloc_admin, "en").post(cascade_url(plan, target), {})
    assert response.status_code == 400
    assert "Type the share of at least one unit." in text(response)
    assert Target.objects.filter(plan=plan).count() == 2


def test_targets_page_flags_shares_that_no_longer_hold_the_target(tree, users, plan):
    admitted, rate = bloc_target(plan, "KET_NAP"), bloc_target(plan, "TL_DV_HTT_TRO_LEN")
    actor = users.bloc_admin
    plan_services.target_cascade(actor=actor, plan=plan, indicator=admitted.indicator, period="2023",
                                 shares={tree.committee_a: 120, tree.committee_b: 100, tree.grassroots_cell: 30})
    plan_services.target_cascade(actor=actor, plan=plan, indicator=rate.indicator, period="2023",
                                 shares={tree.committee_a: 95, tree.committee_b: 90})
    response = client_for(actor, "en").get(targets_url(plan))
    assert (row_class(response, admitted), row_class(response, rate)) == ("", "")
    assert "The shares handed down no longer hold" not in text(response)
    # Later, a share is lowered on its own.
    plan_services.target_set(actor=actor, plan=plan, indicator=admitted.indicator, organization=tree.committee_b,
                             period="2023", value=80)
    plan_services.target_set(actor=actor, plan=plan, indicator=rate.indicator, organization=tree.committee_b,
                             period="2023", value=Decimal("85.5"))
    response = client_for(actor, "en").get(targets_url(plan))
    assert row_text(response, admitted) == (
        "Kết nạp đảng viên mới (đảng viên) Year 2023 ≥ 250 3 units The shares add up to 230, short of 250. "
        "Hand down · Change · Delete")
    assert "2 units 1 share falls short of 90%: Đảng bộ Sở Y tế (85.5%)." in row_text(response, rate)
    assert (row_class(response, admitted), row_class(response, rate)) == ("broken", "broken")
    assert "The shares handed down no longer hold 2 targets: see the rows marked in red." in text(response)
    vi = client_for(actor).get(targets_url(plan))
    assert "Tổng các phần được giao là 230, chưa đủ 250." in row_text(vi, admitted)


def test_a_ceiling_is_explained_and_checked_the_other_way(tree, users, plan):
    violations = plan_services.indicator_create(actor=_root(), code="VI_PHAM", name="Đảng viên vi phạm",
                                                unit="đảng viên", direction="lower_is_better")
    ceiling = plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=violations,
                                       organization=tree.bloc, period="2023", value=10, comparator="lte")
    client = client_for(users.bloc_admin, "en")
    page = text(client.get(cascade_url(plan, ceiling)))
    assert (f"The shares of the units may add up to at most 10, the ceiling of {BLOC} (lower is better).") in page
    response = client.post(cascade_url(plan, ceiling), {f"share-{tree.committee_a.pk}": "6",
                                                        f"share-{tree.committee_b.pk}": "5"})
    assert response.status_code == 400
    assert f"The shares add up to 11, over the ceiling 10 of {BLOC}." in text(response)
    assert "Total of the shares ≤ 10 11 over the ceiling by 1" in text(response)
    assert client.post(cascade_url(plan, ceiling), {f"share-{tree.committee_a.pk}": "6",
                                                    f"share-{tree.committee_b.pk}": "4"}).status_code == 302
    plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=violations, organization=tree.committee_b,
                             period="2023", value=7, comparator="lte")
    assert "The shares add up to 13, over the ceiling 10." in row_text(client.get(targets_url(plan)), ceiling)


def _root():
    from dangvu.orgs.models import User

    return User.objects.create_superuser("root", "root@example.org", "mat-khau-rat-dai-2026")


# Deleting a target

def test_deleting_a_target_deletes_its_shares_and_is_audited(tree, users, plan):
    target = bloc_target(plan, "KET_NAP")
    plan_services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=target.indicator, period="2023",
                                 shares={tree.committee_a: 120, tree.committee_b: 100, tree.grassroots_cell: 30})
    client = client_for(users.bloc_admin, "en")
    confirm = client.get(delete_url(plan, target))
    assert confirm.status_code == 200
    page = text(confirm)
    assert "Delete the target of Kết nạp đảng viên mới?" in page
    assert ("The targets handed down to 3 units are deleted with it: Đảng bộ Sở Tài chính: ≥ 120 "
            "Đảng bộ Sở Y tế: ≥ 100 Chi bộ Báo Kiên Giang: ≥ 30") in page
    assert Target.objects.filter(plan=plan).count() == 5  # asking deletes nothing
    response = client.post(delete_url(plan, target))
    assert response.status_code == 302 and response["Location"] == targets_url(plan)
    assert list(Target.objects.filter(plan=plan).values_list("indicator__code", flat=True)) == ["TL_DV_HTT_TRO_LEN"]
    entries = list(AuditEntry.objects.filter(action="target.delete").order_by("id"))
    assert sorted(e.scope_path for e in entries) == sorted(
        o.path for o in (tree.bloc, tree.committee_a, tree.committee_b, tree.grassroots_cell))
    [parent] = [e for e in entries if e.object_id == target.pk]
    assert parent.changes == {"value": ["250", None], "comparator": ["gte", None], "shares": [3, 0]}
    assert (parent.note, parent.actor) == ("CTHD-2023 KET_NAP 2023", users.bloc_admin)
    assert sorted(e.changes["value"][0] for e in entries if e.object_id != target.pk) == ["100", "120", "30"]
    after = text(client.get(targets_url(plan)))
    assert "The target of Kết nạp đảng viên mới was deleted, with the shares of 3 units." in after


# Permissions and scope

def test_a_viewer_sees_the_targets_but_no_forms_and_is_refused_on_post(tree, users, plan):
    target = bloc_target(plan, "KET_NAP")
    client = client_for(users.viewer, "en")
    response = client.get(targets_url(plan))
    assert response.status_code == 200
    page = response.content.decode()
    assert row_text(response, target) == "Kết nạp đảng viên mới (đảng viên) Year 2023 ≥ 250 —"
    assert 'id="target-form"' not in page and 'name="value"' not in page
    assert cascade_url(plan, target) not in page and delete_url(plan, target) not in page
    data = {"indicator": str(target.indicator_id), "period": "2023", "comparator": "gte", "value": "1"}
    for url, posted in ((targets_url(plan), data), (cascade_url(plan, target), {f"share-{tree.committee_a.pk}": "250"}),
                        (delete_url(plan, target), {}), (reverse("plans:new"), new_plan_data(tree))):
        response = client.post(url, posted)
        assert response.status_code == 403, url
        assert "Your account is read-only." in text(response)
    assert client.get(reverse("plans:new")).status_code == 403
    assert client.get(cascade_url(plan, target)).status_code == 403
    assert Target.objects.filter(plan=plan).count() == 2
    assert bloc_target(plan, "KET_NAP").value == 250
    assert Plan.objects.count() == 1
    # No link to the targets page from the dashboard either.
    dash = client.get(reverse("dashboard:dashboard", args=[plan.code, tree.bloc.pk])).content.decode()
    assert targets_url(plan) not in dash
    admin_dash = client_for(users.bloc_admin).get(reverse("dashboard:dashboard", args=[plan.code, tree.bloc.pk]))
    assert f'href="{targets_url(plan)}"' in admin_dash.content.decode()
    assert f'href="{reverse("dashboard:dashboard", args=[plan.code, tree.bloc.pk])}"' in client_for(
        users.bloc_admin).get(targets_url(plan)).content.decode()


def test_plans_of_another_subtree_answer_404(tree, users, plan, catalog):
    target = bloc_target(plan, "KET_NAP")
    # Committee A sees the bloc's plan through its own share, but not the bloc's targets.
    plan_services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=target.indicator, period="2023",
                                 shares={tree.committee_a: 250})
    other = plan_services.plan_create(actor=users.bloc_admin, code="KH-SYT", kind="annual_plan",
                                      organization=tree.committee_b, title="Kế hoạch Sở Y tế",
                                      issued_on=datetime.date(2023, 2, 1), period="2023")
    other_target = plan_services.target_set(actor=users.bloc_admin, plan=other, indicator=catalog["KET_NAP"],
                                            organization=tree.committee_b, period="2023", value=5)
    client = client_for(users.staff_a)
    for url in (targets_url(plan), cascade_url(plan, target), delete_url(plan, target),
                targets_url(other), cascade_url(other, other_target), delete_url(other, other_target)):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"value": "1"}).status_code == 404, url
    # A target of another plan under this plan's address is not there either.
    assert client_for(users.bloc_admin).get(cascade_url(plan, other_target)).status_code == 404
    # The committee's own plan is its to write.
    own = plan_services.plan_create(actor=users.staff_a, code="KH-STC", kind="annual_plan",
                                    organization=tree.committee_a, title="Kế hoạch Sở Tài chính",
                                    issued_on=datetime.date(2023, 2, 1), period="2023")
    assert client.get(targets_url(own)).status_code == 200
    assert Target.objects.filter(plan=plan).count() == 3
    assert Target.objects.filter(plan=other).count() == 1


# Query budgets: the pages read the same number of rows whatever their size


def _plan_with(n: int, tree, users, catalog) -> Plan:
    """A plan of the bloc with `n` targets, each handed down to every unit under the bloc."""
    actor = users.bloc_admin
    p = plan_services.plan_create(actor=actor, code=f"KH-{n}", kind="annual_plan", organization=tree.bloc,
                                  title=f"Kế hoạch {n} chỉ tiêu", issued_on=datetime.date(2023, 1, 2), period="2023")
    codes = ["KET_NAP", "HN_CHUYEN_DE", "BUOI_THOI_SU", "HN_SO_KET", "TC_TU_KIEM_TRA", "DV_NEU_GUONG",
             "CB_CHUYEN_DE", "DV_NOI_CU_TRU", "TL_DV_HTT_TRO_LEN", "DOANH_THU"][:n]
    children = [tree.committee_a, tree.committee_b, tree.grassroots_cell]
    for order, code in enumerate(codes):
        plan_services.target_set(actor=actor, plan=p, indicator=catalog[code], organization=tree.bloc,
                                 period="2023", value=90, sort_order=order)
        plan_services.target_cascade(actor=actor, plan=p, indicator=catalog[code], period="2023",
                                     shares=dict.fromkeys(children, 30 if code != "TL_DV_HTT_TRO_LEN" else 90))
    return p


def test_query_counts_do_not_grow_with_targets_or_units(tree, users, catalog):
    client = client_for(users.bloc_admin)
    small = _plan_with(2, tree, users, catalog)
    client.get(targets_url(small))  # warm the session
    new_small = page_queries(client, reverse("plans:new"))
    large = _plan_with(10, tree, users, catalog)
    page_small, page_large = page_queries(client, targets_url(small)), page_queries(client, targets_url(large))
    # session, user, the user's organization, the plan, the catalog, the issuer (scope), the
    # targets, their shares summed, the shares falling short.
    assert page_small == page_large == 9
    target_small, target = bloc_target(small, "KET_NAP"), bloc_target(large, "KET_NAP")
    cascade_small = page_queries(client, cascade_url(small, target_small))
    delete_small = page_queries(client, delete_url(small, target_small))
    for i in range(4):
        make_org(tree.bloc, f"CB-MOI-{i}", f"Chi bộ Mới {i}", Organization.Kind.GRASSROOTS_CELL)
    # ... the plan, the target, the units under the issuer and their shares.
    assert page_queries(client, cascade_url(large, target)) == cascade_small == 9
    assert page_queries(client, delete_url(large, target)) == delete_small == 8
    assert page_queries(client, reverse("plans:new")) == new_small == 5
