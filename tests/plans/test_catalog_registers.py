"""The catalog's inspection, supervision and rating figures count from the inspections and
ratings registers (nothing typed), the rates of those rated good or above are over those
rated, and the data migration switches an existing database's typed figures, keeping what
the units typed (``plans.switches``)."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from dangvu.core.actors import SYSTEM
from dangvu.inspections import services as inspection_services
from dangvu.inspections.models import InspectionKind
from dangvu.plans.catalog import QUARTERLY_FORM
from dangvu.plans.models import Indicator, ReportingForm
from dangvu.plans.switches import count_from_register, quarter_start
from dangvu.ratings import services as rating_services
from dangvu.ratings.models import Level, Rating
from tests.ratings.helpers import members
from tests.support import D, catalog, enter, value, values

SWITCHED = {
    "KT_TO_CHUC": "inspections.organizations_inspected",
    "KT_DANG_VIEN": "inspections.members_inspected",
    "GS_TO_CHUC": "inspections.organizations_supervised_thematic",
    "GS_DANG_VIEN": "inspections.members_supervised_thematic",
    "DV_HTT_TRO_LEN": "ratings.members_good_or_above",
    "DV_DUOC_XEP_LOAI": "ratings.members_rated",
    "TCCSD_HTT_TRO_LEN": "ratings.grassroots_good_or_above",
    "TCCSD_DUOC_XEP_LOAI": "ratings.grassroots_rated",
}


def inspect(by, code, start, organizations=(), people=()):
    return inspection_services.inspection_create(
        actor=SYSTEM, kind=InspectionKind.objects.get(code=code), organization=by, title=f"{code} {start}",
        start=start, organizations=organizations, members=people)


def decide(rating, level):
    rating = rating_services.rating_propose(actor=SYSTEM, rating=rating, level=level)
    return rating_services.rating_decide(actor=SYSTEM, rating=rating, level=level)


@pytest.fixture
def records(tree):
    """2024 in the registers: 3 organizations and 3 members inspected (2 and 1 in Q1, 1 and 2
    in Q2), 3 organizations and 2 members under thematic supervision, a regular supervision
    beside them; members A1 good, A2 completed, B1 and B2 good, B3 not decided; committee A
    good, committee B completed, the grassroots cell not decided."""
    a1, a2 = members(tree.cell_a1, 2, prefix="Văn phòng")
    b1, b2, b3 = members(tree.cell_b1, 3, prefix="Bệnh viện")
    inspect(tree.bloc, "program", D(2024, 3, 5), organizations=[tree.committee_a, tree.cell_a1], people=[a1])
    inspect(tree.bloc, "on_signs", D(2024, 5, 10), organizations=[tree.committee_b], people=[b1, b2])
    inspect(tree.bloc, "thematic", D(2024, 6, 1), organizations=[tree.committee_a, tree.committee_b,
                                                                  tree.grassroots_cell], people=[a1, b3])
    inspect(tree.bloc, "regular", D(2024, 7, 1), organizations=[tree.committee_a], people=[a2])
    rating_services.round_open(actor=SYSTEM, organization=tree.bloc, year=2024, today=D(2026, 11, 20))
    for subject, level in ((a1, Level.GOOD), (a2, Level.ADEQUATE), (b1, Level.GOOD), (b2, Level.GOOD)):
        decide(Rating.objects.get(round__year=2024, member=subject), level)
    for org, level in ((tree.committee_a, Level.GOOD), (tree.committee_b, Level.ADEQUATE)):
        decide(Rating.objects.get(round__year=2024, organization=org), level)
    return catalog()


def test_the_catalog_counts_inspections_supervisions_and_ratings_from_the_registers(tree, records):
    assert {code: (records[code].source, records[code].measure_key, records[code].counted_from)
            for code in SWITCHED} == {code: ("measure", key, None) for code, key in SWITCHED.items()}
    got = {code: value(records[code], tree.bloc, "2024") for code in SWITCHED}
    assert got == {"KT_TO_CHUC": 3, "KT_DANG_VIEN": 3, "GS_TO_CHUC": 3, "GS_DANG_VIEN": 2,
                   "DV_HTT_TRO_LEN": 3, "DV_DUOC_XEP_LOAI": 4, "TCCSD_HTT_TRO_LEN": 1, "TCCSD_DUOC_XEP_LOAI": 2}
    assert [value(records["KT_TO_CHUC"], tree.bloc, q) for q in ("2024Q1", "2024Q2", "2024Q3")] == [2, 1, 0]
    assert [value(records["KT_DANG_VIEN"], tree.bloc, q) for q in ("2024Q1", "2024Q2", "2024Q3")] == [1, 2, 0]
    # Each in its subtree: the members where they were on the rolls, the ratings by unit.
    assert values(records["KT_TO_CHUC"], [tree.committee_a, tree.committee_b, tree.grassroots_cell], "2024") == {
        tree.committee_a: 2, tree.committee_b: 1, tree.grassroots_cell: 0}
    assert values(records["GS_DANG_VIEN"], [tree.committee_a, tree.committee_b], "2024") == {
        tree.committee_a: 1, tree.committee_b: 1}
    assert values(records["DV_HTT_TRO_LEN"], [tree.committee_a, tree.committee_b], "2024") == {
        tree.committee_a: 1, tree.committee_b: 2}
    # A rating counts in the periods holding the last day of its year.
    assert value(records["DV_HTT_TRO_LEN"], tree.bloc, "2024Q4") == 3
    assert value(records["DV_HTT_TRO_LEN"], tree.bloc, "2024Q3") == 0
    # The units no longer type any of them.
    form = ReportingForm.objects.get(code=QUARTERLY_FORM[0])
    assert list(form.indicators.values_list("code", flat=True)) == ["TCCSD_QUAN_TRIET"]


def test_the_rates_are_over_those_rated(tree, records):
    members_rate, grassroots_rate = records["TL_DV_HTT_TRO_LEN"], records["TL_TCCSD_HTT_TRO_LEN"]
    assert (members_rate.numerator.code, members_rate.denominator.code) == ("DV_HTT_TRO_LEN", "DV_DUOC_XEP_LOAI")
    assert (grassroots_rate.numerator.code, grassroots_rate.denominator.code) == (
        "TCCSD_HTT_TRO_LEN", "TCCSD_DUOC_XEP_LOAI")
    assert records["DV_DUOC_XEP_LOAI"].name == "Đảng viên được đánh giá, xếp loại"
    assert records["TCCSD_DUOC_XEP_LOAI"].name == "Tổ chức cơ sở đảng được đánh giá, xếp loại"
    # 3 good or above of the 4 rated (not of the 5 on the rolls: B3 is not decided yet).
    assert value(members_rate, tree.bloc, "2024") == Decimal(75)
    # Committee B alone: 2 of 2; committee A: 1 of 2. Aggregated numerator over aggregated
    # denominator, not an average of the units' rates.
    assert values(members_rate, [tree.committee_a, tree.committee_b], "2024") == {
        tree.committee_a: Decimal(50), tree.committee_b: Decimal(100)}
    # 1 good of the 2 grassroots organizations rated (not of the 3 there are).
    assert value(grassroots_rate, tree.bloc, "2024") == Decimal(50)
    assert value(grassroots_rate, tree.bloc, "2023") is None  # nobody rated: no rate


# --- the data migration ------------------------------------------------------------------------

def _as_before(inds):
    """The catalog as a database loaded it before the registers: the figures typed and on the
    quarterly form, the rates over all members and all grassroots organizations."""
    Indicator.objects.filter(code__in=[c for c in SWITCHED if "DUOC" not in c]).update(source="entered",
                                                                                       measure_key="")
    Indicator.objects.filter(code="TL_DV_HTT_TRO_LEN").update(denominator=inds["DANG_VIEN"])
    Indicator.objects.filter(code="TL_TCCSD_HTT_TRO_LEN").update(denominator=inds["TCCSD"])
    Indicator.objects.filter(code__in=["DV_DUOC_XEP_LOAI", "TCCSD_DUOC_XEP_LOAI"]).delete()
    form = ReportingForm.objects.get(code=QUARTERLY_FORM[0])
    form.indicators.add(*Indicator.objects.filter(code__in=["KT_TO_CHUC", "KT_DANG_VIEN", "GS_TO_CHUC",
                                                             "GS_DANG_VIEN"]))
    return {i.code: i for i in Indicator.objects.all()}


def test_the_migration_keeps_what_was_typed_and_counts_the_rest_from_the_start(tree, records, today):
    old = _as_before(records)
    enter(old["KT_TO_CHUC"], tree.committee_a, "2024Q1", 7)
    enter(old["DV_HTT_TRO_LEN"], tree.committee_b, "2024", 40)
    migration = importlib.import_module("dangvu.plans.migrations.0009_inspections_and_ratings_count_from_the_registers")
    migration.forward(apps, None)
    now = {i.code: i for i in Indicator.objects.select_related("denominator")}
    assert {code: (now[code].source, now[code].measure_key, now[code].counted_from) for code in SWITCHED} == {
        "KT_TO_CHUC": ("measure", SWITCHED["KT_TO_CHUC"], D(2026, 10, 1)),  # typed: from the current quarter
        "KT_DANG_VIEN": ("measure", SWITCHED["KT_DANG_VIEN"], None),  # never typed: counted for every period
        "GS_TO_CHUC": ("measure", SWITCHED["GS_TO_CHUC"], None),
        "GS_DANG_VIEN": ("measure", SWITCHED["GS_DANG_VIEN"], None),
        "DV_HTT_TRO_LEN": ("measure", SWITCHED["DV_HTT_TRO_LEN"], D(2026, 10, 1)),
        "DV_DUOC_XEP_LOAI": ("measure", SWITCHED["DV_DUOC_XEP_LOAI"], None),
        "TCCSD_HTT_TRO_LEN": ("measure", SWITCHED["TCCSD_HTT_TRO_LEN"], None),
        "TCCSD_DUOC_XEP_LOAI": ("measure", SWITCHED["TCCSD_DUOC_XEP_LOAI"], None),
    }
    assert (now["TL_DV_HTT_TRO_LEN"].denominator.code, now["TL_TCCSD_HTT_TRO_LEN"].denominator.code) == (
        "DV_DUOC_XEP_LOAI", "TCCSD_DUOC_XEP_LOAI")
    assert now["DV_DUOC_XEP_LOAI"].sort_order == now["DV_HTT_TRO_LEN"].sort_order + 5
    assert list(ReportingForm.objects.get(code=QUARTERLY_FORM[0]).indicators.values_list("code", flat=True)) == [
        "TCCSD_QUAN_TRIET"]
    # Before the day, the typed values count (the register's 2024 records are not added to
    # them); the figures never typed are counted from the register for 2024 as well.
    assert value(now["KT_TO_CHUC"], tree.bloc, "2024") == 7
    assert value(now["DV_HTT_TRO_LEN"], tree.bloc, "2024") == 40
    assert value(now["KT_DANG_VIEN"], tree.bloc, "2024") == 3
    # Run again (or on a database without the catalog): nothing to do.
    assert count_from_register(apps, "KT_TO_CHUC", SWITCHED["KT_TO_CHUC"]) is False
    migration.forward(apps, None)
    assert Indicator.objects.get(code="KT_TO_CHUC").counted_from == D(2026, 10, 1)


def test_the_class_figures_switch_to_the_classes_register_with_the_same_function(tree, db, today):
    inds = catalog()
    codes = ["LOP_NHAN_THUC", "LOP_DANG_VIEN_MOI", "LOP_NGHIEP_VU"]
    Indicator.objects.filter(code__in=codes).update(source="entered", measure_key="")  # as loaded before
    form = ReportingForm.objects.get(code=QUARTERLY_FORM[0])
    form.indicators.add(*Indicator.objects.filter(code__in=codes))
    enter(Indicator.objects.get(code="LOP_NHAN_THUC"), tree.committee_a, "2025Q3", 2)
    migration = importlib.import_module("dangvu.plans.migrations.0010_classes_count_from_the_register")
    migration.forward(apps, None)
    now = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    assert {code: (now[code].source, now[code].measure_key, now[code].counted_from) for code in codes} == {
        "LOP_NHAN_THUC": ("measure", "classes.awareness_held", D(2026, 10, 1)),  # typed: from the current quarter
        "LOP_DANG_VIEN_MOI": ("measure", "classes.new_member_held", None),
        "LOP_NGHIEP_VU": ("measure", "classes.professional_held", None),
    }
    assert value(now["LOP_NHAN_THUC"], tree.bloc, "2025Q3") == 2  # the typed past still counts
    assert list(form.indicators.values_list("code", flat=True)) == ["TCCSD_QUAN_TRIET"]
    assert count_from_register(apps, "LOP_NHAN_THUC", "classes.awareness_held") is False  # already switched
    assert inds["LOP_NHAN_THUC"].pk == now["LOP_NHAN_THUC"].pk
    assert [quarter_start(D(2026, m, 28)) for m in (1, 3, 4, 6, 9, 12)] == [
        D(2026, 1, 1), D(2026, 1, 1), D(2026, 4, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1)]
