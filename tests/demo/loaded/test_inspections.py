"""The demo inspection records (dangvu.demo.inspections): the bloc's 2021 records give the
seed figures, through the rollup as a counted indicator reads them; every year has its
programs and about as many inspections and supervisions as the bloc reports; the
expulsion went through the members service; every record is audited."""

from __future__ import annotations

import pytest

from dangvu.core import integrity
from dangvu.inspections.models import Discipline, Inspection, InspectionProgram
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from tests.support import indicator, value

# Regression values of the deterministic demo (seed 2024): 265 inspections, 295 supervisions.
INSPECTIONS = 560


@pytest.mark.django_db
def test_demo_inspections_give_the_seed_figures_of_2021(demo):
    bloc = Organization.objects.get(kind=Organization.Kind.BLOC, code__endswith="-KHOI")
    figures = {}
    for key in ("organizations_inspected", "members_inspected", "organizations_supervised_thematic",
                "members_supervised_thematic"):
        ind = indicator(key.upper(), key, source="measure", measure_key=f"inspections.{key}")
        figures[key] = value(ind, bloc, "2021")
    assert figures == {"organizations_inspected": 40, "members_inspected": 56,
                       "organizations_supervised_thematic": 45, "members_supervised_thematic": 33}
    assert InspectionProgram.objects.filter(year=2021).count() == 2
    assert Inspection.objects.filter(start__year=2021, kind__is_supervision=False).count() == 45
    assert Inspection.objects.filter(start__year=2021, kind__is_supervision=True).count() == 50
    assert Inspection.objects.count() == INSPECTIONS
    expulsion = Discipline.objects.get(form="expulsion")
    assert expulsion.member.status == Member.Status.EXPELLED
    assert expulsion.status_change.on == expulsion.decided_on
    assert integrity.unaudited() == []
