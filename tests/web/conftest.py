"""Fixtures of the page tests."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook


@pytest.fixture
def people(tree, make_member):
    """Two members in committee A (one in its sub-committee), one in committee B."""
    return {
        "an": make_member(tree.cell_a1, full_name="Nguyễn Văn Được", card_number="11112222",
                          ceremony_date=datetime.date(2015, 6, 1)),
        "binh": make_member(tree.cell_sub, full_name="Trần Thị Bình", gender="female",
                            birth_date=datetime.date(1990, 1, 17)),
        "cuong": make_member(tree.cell_b1, full_name="Lê Văn Cường", card_number="33334444"),
    }

def xlsx_names(response) -> list[str]:
    ws = load_workbook(io.BytesIO(response.content)).active
    return [row[1] for row in ws.iter_rows(min_row=4, values_only=True)]


@pytest.fixture
def grow(tree, make_member):
    """``grow(n)``: add `n` members spread over the cells of the tree (query budgets must
    not grow with the number of rows)."""
    def add(n: int) -> None:
        cells = [tree.cell_a1, tree.cell_a2, tree.cell_sub, tree.cell_b1, tree.cell_b2, tree.grassroots_cell]
        for i in range(n):
            make_member(cells[i % len(cells)], full_name=f"Phạm Văn Số {i}", card_number=f"{90000000 + i}")
    return add


@pytest.fixture
def site(tree, users, make_member):
    """Something behind every address of the site, about committee A (see
    `tests.web.routes.build_site`)."""
    from tests.web.routes import build_site

    return build_site(tree, users, make_member)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Playwright drives Debian's Chromium (``tests/web/browser.py``)."""
    from tests.web.browser import LAUNCH_ARGS

    return LAUNCH_ARGS


@pytest.fixture(scope="session")
def browser_context_args():
    """Every browser test reads the pages in Vietnamese, at 1280×900 unless its module says
    otherwise."""
    return {"locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}
