"""Commendations: the services and their refusals, the scoped reads, the proposed lists and
streaks through a rename and a merger in 2019, the one-action decision (all or nothing),
the measures."""

from __future__ import annotations

import datetime

import pytest

from dangvu.awards import rules, selectors, services
from dangvu.awards.models import Commendation, EmulationTitle
from dangvu.core import measures
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationError, codes
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization
from dangvu.ratings import services as rating_services
from dangvu.ratings.models import Level, Rating
from tests.factories import audit_rows, make_org, message

pytestmark = pytest.mark.django_db
D = datetime.date
Kind = Commendation.Kind
TODAY = D(2026, 11, 20)


def rate(year: int, levels: dict, *, default: str = Level.GOOD) -> None:
    """Open the bloc's round of `year` and decide every organization's rating: `levels`
    {organization: level}, the others `default`."""
    from dangvu.core.actors import SYSTEM as system

    rating_services.round_open(actor=system, organization=Organization.objects.get(code="DUK"), year=year,
                               today=TODAY)
    for r in Rating.objects.filter(round__year=year, organization__isnull=False).select_related("organization"):
        r.level = levels.get(r.organization.code, default)
        r.save(update_fields=["level"])


def decide(actor=SYSTEM, **kw):
    args = {"kind": Kind.UPPER_CERTIFICATE, "year": 2021, "reason": "Hoàn thành xuất sắc nhiệm vụ",
            "number": "15-QĐ/ĐUK", "decided_on": D(2022, 1, 20)}
    return services.commendations_decide(actor=actor, **{**args, **kw})


def test_create_update_delete_with_audit(tree, users, english):
    c = services.commendation_create(
        actor=users.bloc_admin, kind=Kind.UPPER_CERTIFICATE, year=2021, reason="Xuất sắc", number="10-QĐ/ĐUK",
        decided_on=D(2022, 1, 15), deciding_body=tree.bloc, organization=tree.committee_a, streak_years=5,
        conference="Hội nghị tổng kết năm 2021", conference_on=D(2022, 1, 20))
    assert (c.unit, c.streak_text, c.subject_name) == (tree.committee_a, "2017 - 2021", "Đảng bộ Sở Tài chính")
    c = services.commendation_update(actor=users.bloc_admin, commendation=c, number="11-QĐ/ĐUK")
    assert c.number == "11-QĐ/ĐUK"
    services.commendation_delete(actor=users.bloc_admin, commendation=c)
    assert Commendation.objects.count() == 0
    assert [r.action for r in audit_rows(c)] == ["commendation.create", "commendation.update",
                                                 "commendation.delete"]


def test_refusals(tree, users, english, make_member):
    member = make_member(tree.cell_a1)
    base = {"year": 2021, "reason": "x", "number": "1", "decided_on": D(2022, 1, 15)}
    cases = [
        ({"kind": Kind.GRASSROOTS_CERTIFICATE, "deciding_body": tree.bloc, "organization": tree.cell_a1},
         "Đảng bộ các cơ quan Đảng tỉnh does not give a certificate of merit of the grassroots committee.",
         "body_kind"),
        ({"kind": Kind.FLAG, "deciding_body": tree.bloc, "organization": tree.cell_a1},
         "An emulation flag goes to a grassroots Party organization.", "flag_subject"),
        ({"kind": Kind.GRASSROOTS_CERTIFICATE, "deciding_body": tree.committee_b, "member": member},
         "Nguyễn Văn An does not stand under Đảng bộ Sở Y tế, which cannot commend it.", "subject_not_under_body"),
        ({"kind": Kind.UPPER_CERTIFICATE, "deciding_body": tree.bloc, "organization": tree.cell_a1, "year": 2023},
         "A decision of 15/01/2022 cannot reward 2023, a year not begun by then.", "year_after_decision"),
        ({"kind": Kind.UPPER_CERTIFICATE, "deciding_body": tree.bloc, "organization": tree.cell_a1,
          "streak_years": 1}, "A streak counts from 2 to 30 years in a row.", "streak_years"),
    ]
    for fields, words, code in cases:
        with pytest.raises(ValidationError) as exc:
            services.commendation_create(actor=users.bloc_admin, **{**base, **fields})
        assert (message(exc), codes(exc.value)) == (words, [code])
    services.commendation_create(actor=users.staff_a, kind=Kind.GRASSROOTS_CERTIFICATE,
                                 deciding_body=tree.committee_a, member=member, **base)
    with pytest.raises(RuleViolation) as exc:
        services.commendation_create(actor=users.staff_a, kind=Kind.GRASSROOTS_CERTIFICATE,
                                     deciding_body=tree.committee_a, member=member, **base)
    assert message(exc) == ("Nguyễn Văn An already has a certificate of merit of the grassroots committee for "
                            "2021.")
    with pytest.raises(PermissionDenied):
        services.commendation_create(actor=users.viewer, kind=Kind.UPPER_CERTIFICATE, deciding_body=tree.bloc,
                                     organization=tree.committee_a, **base)
    with pytest.raises(PermissionDenied):
        services.commendation_create(actor=users.staff_a, kind=Kind.UPPER_CERTIFICATE, deciding_body=tree.bloc,
                                     organization=tree.committee_a, **base)
    assert services.commendations_decide_refusal(actor=users.viewer, deciding_body=tree.bloc) == \
        "Your account is read-only."


def test_list_is_scoped(tree, users):
    decide(deciding_body=tree.bloc, organizations=[tree.committee_a, tree.committee_b])
    assert [c.subject_name for c in selectors.commendation_list(actor=users.staff_a)] == ["Đảng bộ Sở Tài chính"]
    assert selectors.commendation_list(actor=users.viewer).count() == 2
    other = selectors.commendation_list(actor=users.viewer).get(organization=tree.committee_b)
    with pytest.raises(NotFound):
        selectors.commendation_get(actor=users.staff_a, pk=other.pk)
    assert selectors.commendation_list(actor=users.viewer, kind=Kind.FLAG).count() == 0
    assert selectors.commendation_list(actor=users.viewer, subject="members").count() == 0


def test_decision_is_all_or_nothing(tree, users, english):
    decide(deciding_body=tree.bloc, organizations=[tree.cell_b1])
    with pytest.raises(RuleViolation) as exc:
        decide(actor=users.bloc_admin, deciding_body=tree.bloc, organizations=[tree.cell_a1, tree.cell_a2,
                                                                               tree.cell_b1])
    assert message(exc) == ("Chi bộ Bệnh viện already has a certificate of merit of the committee above grassroots "
                            "for 2021.")
    assert Commendation.objects.count() == 1
    made = decide(actor=users.bloc_admin, deciding_body=tree.bloc, organizations=[tree.cell_a1, tree.cell_a2])
    assert [c.organization for c in made] == [tree.cell_a1, tree.cell_a2]
    assert {c.number for c in made} == {"15-QĐ/ĐUK"}
    assert [r.action for r in audit_rows(made[0])] == ["commendation.decide"]
    with pytest.raises(RuleViolation) as exc:
        decide(actor=users.bloc_admin, deciding_body=tree.bloc)
    assert codes(exc.value) == ["nothing_chosen"]


def _history(tree):
    """2017–2021; on 1 March 2019 cells a1 and a2 merge into a cell founded that day, b2 merges
    into b1, and cell_sub is renamed."""
    for year in (2017, 2018):
        rate(year, {"CB-STC-VP": Level.EXCELLENT, "CB-STC-TT": Level.EXCELLENT, "CB-SYT-BV": Level.EXCELLENT,
                    "CB-KB-1": Level.EXCELLENT, "CB-SYT-TT": Level.GOOD})
    on = D(2019, 3, 1)
    merged = make_org(tree.committee_a, "CB-STC-HN", "Chi bộ Hợp nhất", Organization.Kind.CELL, established_on=on)
    org_services.organization_merge(actor=SYSTEM, source=tree.cell_a1, target=merged, on=on)
    org_services.organization_merge(actor=SYSTEM, source=tree.cell_a2, target=merged, on=on)
    org_services.organization_merge(actor=SYSTEM, source=tree.cell_b2, target=tree.cell_b1, on=on)
    org_services.organization_rename(actor=SYSTEM, organization=tree.cell_sub, name="Chi bộ Kho bạc", on=on)
    for year in (2019, 2020, 2021):
        rate(year, {"CB-STC-HN": Level.EXCELLENT, "CB-SYT-BV": Level.EXCELLENT, "CB-KB-1": Level.EXCELLENT})
    return merged


def test_a_unit_merged_in_2019_keeps_its_streak(tree, users):
    merged = _history(tree)
    rows = selectors.commendation_proposals(actor=users.viewer, organization=tree.bloc, year=2021, years=5)
    assert [(p.name, p.kinds) for p in rows] == [
        ("Chi bộ Kho bạc", [Kind.UPPER_CERTIFICATE, Kind.PROVINCE_MERIT]),  # renamed: the same row
        ("Chi bộ Hợp nhất", [Kind.UPPER_CERTIFICATE, Kind.PROVINCE_MERIT]),  # continues a1 and a2
        ("Chi bộ Bệnh viện", [Kind.UPPER_CERTIFICATE, Kind.PROVINCE_MERIT]),  # continues itself; b2 aside
    ]
    years = selectors.excellent_years(organization_ids=[merged.pk], first_year=2016, last_year=2021)
    assert years == {merged.pk: {2017, 2018, 2019, 2020, 2021}}
    assert [p.name for p in selectors.commendation_proposals(actor=users.staff_a, organization=tree.committee_a,
                                                             year=2021, years=5)] == ["Chi bộ Kho bạc",
                                                                                      "Chi bộ Hợp nhất"]


def test_a_merged_unit_loses_the_streak_when_a_predecessor_was_not_excellent(tree, users):
    rate(2017, {"CB-STC-VP": Level.EXCELLENT, "CB-STC-TT": Level.GOOD})
    rate(2018, {"CB-STC-VP": Level.EXCELLENT, "CB-STC-TT": Level.EXCELLENT})
    on = D(2019, 3, 1)
    merged = make_org(tree.committee_a, "CB-STC-HN", "Chi bộ Hợp nhất", Organization.Kind.CELL, established_on=on)
    org_services.organization_merge(actor=SYSTEM, source=tree.cell_a1, target=merged, on=on)
    org_services.organization_merge(actor=SYSTEM, source=tree.cell_a2, target=merged, on=on)
    for year in (2019, 2020, 2021):
        rate(year, {"CB-STC-HN": Level.EXCELLENT})
    years = selectors.excellent_years(organization_ids=[merged.pk], first_year=2017, last_year=2021)
    assert years == {merged.pk: {2018, 2019, 2020, 2021}}
    assert selectors.commendation_proposals(actor=users.viewer, organization=tree.bloc, year=2021, years=5) == []


def test_yearly_list_marks_those_commended(tree, users):
    rate(2021, {"DB-STC": Level.EXCELLENT, "CB-BKG": Level.EXCELLENT, "CB-STC-VP": Level.EXCELLENT})
    decide(deciding_body=tree.bloc, organizations=[tree.committee_a])
    rows = selectors.commendation_proposals(actor=users.viewer, organization=tree.bloc, year=2021)
    assert [(p.name, p.kinds, p.commended_kinds) for p in rows] == [
        ("Đảng bộ Sở Tài chính", [Kind.UPPER_CERTIFICATE], [Kind.UPPER_CERTIFICATE]),
        ("Chi bộ Văn phòng", [Kind.GRASSROOTS_CERTIFICATE], []),
        ("Chi bộ Báo Kiên Giang", [Kind.UPPER_CERTIFICATE], []),
    ]
    chosen = selectors.proposal_subjects(actor=users.viewer, organization=tree.bloc, year=2021,
                                         subject="organizations", years=1, ids=[tree.grassroots_cell.pk, 999999])
    assert chosen == [tree.grassroots_cell]


def test_measures_count_by_subject_and_kind(tree, make_member):
    member = make_member(tree.cell_a1)
    decide(deciding_body=tree.bloc, organizations=[tree.committee_a, tree.cell_b1])
    decide(deciding_body=tree.committee_a, kind=Kind.GRASSROOTS_CERTIFICATE, members=[member])
    decide(deciding_body=tree.bloc, kind=Kind.FLAG, organizations=[tree.grassroots_cell], year=2020)

    def count(key, first_year=2021):
        return measures.get(key).records(D(first_year, 1, 1), D(2021, 12, 31)).count()

    assert (count("awards.commendations_organizations"), count("awards.commendations_grassroots"),
            count("awards.commendations_members"), count("awards.commendations_members.grassroots_certificate"),
            count("awards.commendations_organizations.flag"),
            count("awards.commendations_organizations.flag", 2020)) == (2, 1, 1, 1, 0, 1)


def test_titles_under_a_movement_and_four_good(tree, users, english):
    movement = services.movement_create(actor=users.bloc_admin, name="Dân vận khéo", organization=tree.bloc,
                                        first_year=2016)
    t = services.title_create(actor=users.bloc_admin, kind=EmulationTitle.Kind.MOVEMENT, title="Điển hình dân vận khéo",
                              year=2021, number="3-QĐ", decided_on=D(2022, 1, 10), deciding_body=tree.bloc,
                              organization=tree.committee_a, movement=movement)
    assert t.unit == tree.committee_a
    with pytest.raises(ValidationError) as exc:
        services.title_create(actor=users.bloc_admin, kind=EmulationTitle.Kind.MOVEMENT, title="x", year=2015,
                              number="3", decided_on=D(2022, 1, 10), deciding_body=tree.bloc,
                              organization=tree.committee_a, movement=movement)
    assert message(exc) == "The movement Dân vận khéo did not run in 2015."
    # A committee's movement runs under it only.
    own = services.movement_create(actor=users.bloc_admin, name="Sáng kiến", organization=tree.committee_b,
                                   first_year=2019)
    with pytest.raises(ValidationError) as exc:
        services.title_create(actor=users.bloc_admin, kind=EmulationTitle.Kind.MOVEMENT, title="x", year=2021,
                              number="4", decided_on=D(2022, 1, 10), deciding_body=tree.bloc,
                              organization=tree.committee_a, movement=own)
    assert message(exc) == ("The movement Sáng kiến runs under Đảng bộ Sở Y tế, which Đảng bộ Sở Tài chính does not "
                            "stand under.")


def test_rules_by_year():
    assert rules.kinds_for(year=2025, subject="grassroots", years=5) == [Kind.FLAG]
    assert rules.rules_for(2025)[0].name == "06-HD/TW"
    assert rules.streak({2017, 2018, 2019, 2020, 2021}, year=2021, years=5)
    assert not rules.streak({2017, 2018, 2020, 2021}, year=2021, years=5)
