"""Admission files for the page tests (built through the services, see
``tests/admissions/conftest.py``)."""

from __future__ import annotations

import datetime

import pytest

from dangvu.admissions.models import Step
from tests.admissions.conftest import full_members, make_candidate, walk  # noqa: F401  (a fixture)

K = Step.Kind
D = datetime.date


@pytest.fixture
def files(tree, full_members, today):  # noqa: F811
    """Files of committee A on 20/11/2026: Hoa (cell resolution 10/03/2024: the decision
    long overdue), Nam (cell resolution 01/09/2026: the decision due within 30 days), Khôi
    (decision of 2024: the ceremony overdue), Mai (application only, cell a2); Tư in
    committee B."""
    return {
        "hoa": walk(make_candidate(tree.cell_a1, full_name="Võ Thị Hoa"), until=K.CELL_RESOLUTION,
                    introducers=full_members),
        "nam": walk(make_candidate(tree.cell_a1, full_name="Đặng Văn Nam", gender="male"), until=K.CELL_RESOLUTION,
                    introducers=full_members, dates={K.CELL_RESOLUTION: D(2026, 9, 1)}),
        "khoi": walk(make_candidate(tree.cell_a1, full_name="Trần Minh Khôi", gender="male"), until=K.DECISION,
                     introducers=full_members),
        "mai": walk(make_candidate(tree.cell_a2, full_name="Lý Thị Mai"), until=K.APPLICATION),
        "tu": make_candidate(tree.cell_b1, full_name="Hồ Văn Tư", gender="male"),
    }
