"""A small scenario for reports: the bloc's action program for 2023 with an admission target
of 4, five members admitted in 2023 and three in 2022 (cell a1)."""

import pytest

from dangvu.plans.models import Plan
from tests.support import admit, catalog, make_plan, target


@pytest.fixture
def scenario(tree, today):
    inds = catalog()
    program = make_plan(tree.bloc, "CTR-2023", "2023", kind=Plan.Kind.ACTION_PROGRAM,
                        title="Chương trình hành động năm 2023")
    target(program, inds["KET_NAP"], 4)
    admit(tree.cell_a1, 3, 2022)
    admit(tree.cell_a1, 5, 2023, start=10)
    return {"tree": tree, "program": program, "inds": inds}
