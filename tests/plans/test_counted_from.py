"""A register taking over a figure the units typed (``Indicator.counted_from``): the quarters
before keep their typed values, the periods after are counted, a year across the day adds
the two, nothing is counted twice; the entry page and the explanation follow."""

from __future__ import annotations

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import ValidationError
from dangvu.core.periods import parse
from dangvu.members import services as member_services
from dangvu.members.models import Member
from dangvu.plans import selectors, services
from dangvu.plans.models import Indicator
from tests.factories import audit_rows, message
from tests.support import D, enter, indicator, value

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def deaths(tree, make_member):
    """A typed count of deaths, entered by the cells for 2024Q1–Q3, then taken over by the
    member register from 1 October 2024; deaths recorded in the register in 2024 (one in
    Q2, which must not count twice, and two in Q4) and in 2025."""
    ind = indicator("TU_TRAN_NHAP", "Đảng viên từ trần (nhập)")
    for code, a1, b1 in (("2024Q1", 1, 2), ("2024Q2", 0, 1), ("2024Q3", 3, 0)):
        enter(ind, tree.cell_a1, code, a1)
        enter(ind, tree.cell_b1, code, b1)
    for cell, on, name in ((tree.cell_a1, D(2024, 5, 2), "Quý hai"), (tree.cell_a1, D(2024, 10, 9), "Quý tư A"),
                           (tree.cell_b1, D(2024, 12, 30), "Quý tư B"), (tree.cell_b1, D(2025, 2, 1), "Năm sau")):
        member = make_member(cell, full_name=name, citizen_id="")
        member_services.member_change_status(actor=SYSTEM, member=member, status=Member.Status.DECEASED, on=on)
    return services.indicator_count_from(actor=SYSTEM, indicator=ind, measure_key="members.deceased",
                                         counted_from=D(2024, 10, 1))


def test_typed_before_counted_after_and_added_across_the_day(tree, deaths):
    assert value(deaths, tree.bloc, "2024Q1") == 3
    assert value(deaths, tree.bloc, "2024Q2") == 1  # typed: the register's May death is not counted again
    assert value(deaths, tree.bloc, "2024Q4") == 2
    assert value(deaths, tree.bloc, "2024H1") == 4
    assert value(deaths, tree.bloc, "2024") == 7 + 2
    assert value(deaths, tree.committee_a, "2024") == 4 + 1
    assert value(deaths, tree.bloc, "2025") == 1
    assert value(deaths, tree.bloc, "2024-2025") == 7 + 2 + 1
    assert value(deaths, tree.bloc, "2023") is None  # nothing typed, before the register
    assert (deaths.source, deaths.measure_key, deaths.counted_from) == ("measure", "members.deceased", D(2024, 10, 1))
    assert audit_rows(deaths)[-1].changes["counted_from"] == [None, "2024-10-01"]


def test_typed_quarters_can_still_be_corrected_but_counted_ones_cannot_be_typed(tree, deaths):
    enter(deaths, tree.cell_a1, "2024Q3", "2")
    assert value(deaths, tree.bloc, "2024") == 6 + 2
    with pytest.raises(ValidationError) as exc:
        enter(deaths, tree.cell_a1, "2024Q4", "1")
    assert message(exc) == "Đảng viên từ trần (nhập) is computed from records and cannot be entered."
    assert deaths.entered_in(parse("2024Q3")) and not deaths.entered_in(parse("2024Q4"))
    assert not deaths.entered_in(parse("2024"))


def test_the_explanation_shows_how_the_two_meet(tree, users, deaths):
    exp = selectors.explain(actor=users.bloc_admin, indicator=deaths, organization=tree.bloc, period=parse("2024"))
    assert exp.value == 9
    assert exp.typed_until == D(2024, 9, 30)
    assert [(p.label, p.value) for p in exp.typed_parts] == [("Chi bộ Bệnh viện", 3), ("Chi bộ Văn phòng", 4)]
    assert [p.label for p in exp.parts] == ["Quý tư A (15/03/1985)", "Quý tư B (15/03/1985)"]
    q2 = selectors.explain(actor=users.bloc_admin, indicator=deaths, organization=tree.bloc, period=parse("2024Q2"))
    assert (q2.value, q2.typed_until, q2.parts) == (1, D(2024, 6, 30), [])
    assert [(p.label, p.value) for p in q2.typed_parts] == [("Chi bộ Bệnh viện", 1), ("Chi bộ Văn phòng", 0)]


def test_a_figure_counted_at_a_moment_is_read_on_the_side_its_end_falls(tree, make_member):
    on_roll = indicator("DV_NHAP", "Đảng viên (nhập)", aggregation=Indicator.Aggregation.AVERAGE_SUM)
    enter(on_roll, tree.cell_a1, "2024Q2", 40)
    make_member(tree.cell_a1, citizen_id="")
    on_roll = services.indicator_count_from(actor=SYSTEM, indicator=on_roll, measure_key="members.on_roll",
                                  counted_from=D(2024, 7, 1))
    assert value(on_roll, tree.cell_a1, "2024Q2") == 40
    assert value(on_roll, tree.cell_a1, "2024") == 1


def test_a_register_takes_over_on_the_first_day_of_a_quarter(tree):
    ind = indicator("X_NHAP", "Chỉ tiêu nhập")
    with pytest.raises(ValidationError) as exc:
        services.indicator_count_from(actor=SYSTEM, indicator=ind, measure_key="members.deceased",
                                      counted_from=D(2024, 8, 1))
    assert message(exc) == "A register takes over a figure from the first day of a quarter, not from 01/08/2024."
    with pytest.raises(ValidationError) as exc:
        services.indicator_count_from(actor=SYSTEM, indicator=ind, measure_key="khong.co", counted_from=None)
    assert message(exc) == "Unknown measure: khong.co."
