"""The measures of inspections and discipline, read through the rollup as an indicator
counted from them would read them; and the engine-level selectors for other registers."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import NotFound
from dangvu.inspections import selectors, services
from dangvu.inspections.models import Discipline, InspectionKind
from dangvu.members import services as member_services
from dangvu.orgs.models import Organization
from tests.factories import make_org
from tests.support import count_queries, indicator, value, values

D = datetime.date
F = Discipline.Form


def counted(key: str):
    return indicator(key.split(".", 1)[1].replace(".", "_").upper(), key, source="measure", measure_key=key)


def inspect(by, code, start, organizations=(), members=()):
    return services.inspection_create(actor=SYSTEM, kind=InspectionKind.objects.get(code=code), organization=by,
                                      title=f"{code} {start}", start=start, organizations=organizations,
                                      members=members)


@pytest.fixture
def bloc_2021(tree, make_member):
    """Ten organizations and fourteen members under the bloc, inspected and supervised in
    2021 as the seed article reports (40 and 56 inspected; 45 and 33 under thematic
    supervision), with records of other kinds and years beside them."""
    extra = [make_org(tree.committee_b, f"CB-SYT-{i}", f"Chi bộ Khoa {i}", Organization.Kind.CELL) for i in range(2)]
    orgs = [tree.committee_a, tree.cell_a1, tree.cell_a2, tree.sub_a, tree.cell_sub, tree.committee_b, tree.cell_b1,
            tree.cell_b2, *extra]
    members = [make_member(tree.cell_a1 if i % 2 else tree.cell_b1, full_name=f"Đảng viên {i:02d}",
                           birth_date=D(1980, 1, 1 + i)) for i in range(14)]
    for i in range(8):  # 8 × 5 = 40 organizations inspected
        inspect(tree.bloc, "program" if i % 2 else "on_signs", D(2021, 1 + i, 10), organizations=orgs[i % 2::2])
    for i in range(4):  # 4 × 14 = 56 members inspected
        inspect(tree.bloc, "finances", D(2021, 3 + i, 3), members=members)
    for i in range(9):  # 9 × 5 = 45 organizations under thematic supervision
        inspect(tree.bloc, "thematic", D(2021, 1 + i, 20), organizations=orgs[:5])
    for i in range(3):  # 3 × 11 = 33 members under thematic supervision
        inspect(tree.bloc, "thematic", D(2021, 10 + i, 1), members=members[:11])
    inspect(tree.bloc, "regular", D(2021, 6, 1), organizations=orgs, members=members)
    inspect(tree.bloc, "program", D(2022, 1, 5), organizations=orgs, members=members)
    inspect(tree.bloc, "thematic", D(2020, 12, 31), organizations=orgs, members=members)
    return orgs, members


def test_the_seed_figures_of_2021_from_records(tree, bloc_2021):
    """"kiểm tra 40 tổ chức đảng và 56 đảng viên; giám sát theo chuyên đề 45 tổ chức đảng và
    33 đảng viên"."""
    figures = {key: value(counted(key), tree.bloc, "2021") for key in (
        "inspections.organizations_inspected", "inspections.members_inspected",
        "inspections.organizations_supervised_thematic", "inspections.members_supervised_thematic",
        "inspections.organizations_supervised_regular", "inspections.members_supervised_regular",
        "inspections.organizations_inspected_on_signs")}
    assert figures == {
        "inspections.organizations_inspected": 40, "inspections.members_inspected": 56,
        "inspections.organizations_supervised_thematic": 45, "inspections.members_supervised_thematic": 33,
        "inspections.organizations_supervised_regular": 10, "inspections.members_supervised_regular": 14,
        "inspections.organizations_inspected_on_signs": 20}


def test_each_subject_counts_in_its_subtree_and_members_where_they_were(tree, bloc_2021, make_member):
    _orgs, members = bloc_2021
    # Moving a member after the inspections does not move what they were counted for.
    member_services.member_transfer(actor=SYSTEM, member=members[1], to_organization=tree.cell_b2, on=D(2022, 6, 1))
    ind = counted("inspections.members_inspected")
    got = values(ind, [tree.committee_a, tree.committee_b, tree.cell_a1, tree.grassroots_cell], "2021")
    assert got == {tree.committee_a: 28, tree.committee_b: 28, tree.cell_a1: 28, tree.grassroots_cell: 0}
    orgs_ind = counted("inspections.organizations_inspected")
    assert values(orgs_ind, [tree.committee_a, tree.committee_b], "2021") == {tree.committee_a: 20,
                                                                             tree.committee_b: 20}
    assert value(orgs_ind, tree.bloc, "2021Q1") == 15  # by the start date: January to March


def test_discipline_measures_and_the_selectors_for_ratings(tree, make_member, today):
    member = make_member(tree.cell_a1, full_member=True, full_name="Trần Văn Bình")
    other = make_member(tree.cell_b1, full_member=True, full_name="Lê Thị Hoa")
    expelled = make_member(tree.cell_b2, full_member=True, full_name="Phạm Văn Cường")

    def decide(subject, form, decided, body, number):
        key = "organization" if isinstance(subject, Organization) else "member"
        return services.discipline_create(actor=SYSTEM, form=form, violation_date=D(2023, 1, 1), deciding_body=body,
                                          decided_on=decided, number=number, **{key: subject})

    reprimand = decide(member, F.REPRIMAND, D(2024, 3, 1), tree.committee_a, "1-QĐ")
    decide(other, F.WARNING, D(2024, 9, 1), tree.committee_b, "2-QĐ")
    decide(expelled, F.EXPULSION, D(2024, 10, 1), tree.committee_b, "3-QĐ")
    decide(tree.cell_a2, F.WARNING, D(2024, 6, 1), tree.committee_a, "4-QĐ")
    wrong = decide(tree.cell_b2, F.REPRIMAND, D(2024, 6, 1), tree.committee_b, "5-QĐ")
    services.discipline_annul(actor=SYSTEM, discipline=wrong, reason="Nhầm")

    assert value(counted("inspections.members_disciplined"), tree.bloc, "2024") == 3
    assert value(counted("inspections.organizations_disciplined"), tree.bloc, "2024") == 1
    by_form = counted("inspections.members_disciplined.expulsion")
    assert values(by_form, [tree.committee_a, tree.committee_b], "2024") == {tree.committee_a: 0, tree.committee_b: 1}
    lapsed = counted("inspections.decisions_lapsed")
    assert value(lapsed, tree.bloc, "2025") == 3  # the reprimand, both warnings; never the expulsion
    assert value(lapsed, tree.committee_a, "2025Q1") == 1

    in_effect = selectors.disciplines_in_effect(on=D(2025, 2, 28))
    assert sorted(d.number for d in in_effect) == ["1-QĐ", "2-QĐ", "3-QĐ", "4-QĐ"]
    assert sorted(d.number for d in selectors.disciplines_in_effect(on=D(2025, 3, 1))) == ["2-QĐ", "3-QĐ", "4-QĐ"]
    year = selectors.disciplined_in_year(2024)
    assert year.members == {member.pk: ["reprimand"], other.pk: ["warning"], expelled.pk: ["expulsion"]}
    assert year.organizations == {tree.cell_a2.pk: ["warning"]}
    assert year.by_form("warning") == {"members": {other.pk}, "organizations": {tree.cell_a2.pk}}
    assert selectors.disciplined_in_year(2025).members == {}
    assert count_queries(lambda: selectors.disciplined_in_year(2024)) == 1
    assert reprimand.lapses_on == D(2025, 3, 1)


def test_page_selectors_are_scoped(tree, users, make_member):
    inspect(tree.committee_a, "program", D(2021, 4, 5), organizations=[tree.cell_a1])
    theirs = inspect(tree.committee_b, "thematic", D(2022, 4, 5), organizations=[tree.cell_b1])
    ours_bloc = inspect(tree.bloc, "regular", D(2022, 4, 5), organizations=[tree.cell_a1, tree.cell_b1])
    staff = users.staff_a
    assert [i.organization for i in selectors.inspection_list(actor=staff)] == [tree.committee_a]
    assert selectors.inspection_list(actor=users.bloc_admin).count() == 3
    assert [i.pk for i in selectors.inspection_list(actor=users.viewer, year=2022, supervision=True)] == [
        ours_bloc.pk, theirs.pk]
    row = selectors.inspection_list(actor=users.viewer, kind=InspectionKind.objects.get(code="regular")).get()
    assert (row.organization_count, row.member_count) == (2, 0)
    with pytest.raises(NotFound):
        selectors.inspection_get(actor=staff, pk=theirs.pk)
    with pytest.raises(NotFound):
        selectors.inspection_list(actor=staff, organization=tree.committee_b)
    member = make_member(tree.cell_b1, full_member=True)
    decision = services.discipline_create(actor=SYSTEM, form=F.REPRIMAND, violation_date=D(2023, 1, 1),
                                          deciding_body=tree.committee_b, decided_on=D(2024, 1, 1), number="9-QĐ",
                                          member=member)
    assert list(selectors.discipline_list(actor=staff)) == []
    assert list(selectors.discipline_list(actor=users.viewer, year=2024, form="reprimand")) == [decision]
    with pytest.raises(NotFound):
        selectors.discipline_get(actor=staff, pk=decision.pk)
    assert count_queries(lambda: list(selectors.inspection_list(actor=users.viewer))) == 1
