"""Issue 9: an organization's events are dated within bounds (``core.dates``): a
dissolution typed 2099 for 2026 is refused instead of removing the unit at once."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.errors import ValidationError, codes
from dangvu.orgs import services
from dangvu.orgs.models import Organization
from tests.factories import make_org, message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date
FUTURE = ("The date 01/01/2099 is after today (20/11/2026): only what already happened can be recorded; "
          "check the year.")


@pytest.fixture(autouse=True)
def frozen(today):
    assert today == D(2026, 11, 20)


def test_dissolution_dated_2099_refused_and_nothing_changes(tree, users):
    with pytest.raises(ValidationError) as exc:
        services.organization_dissolve(actor=users.bloc_admin, organization=tree.cell_a2, on=D(2099, 1, 1))
    assert message(exc) == FUTURE
    assert codes(exc.value) == ["date_in_future"]
    tree.cell_a2.refresh_from_db()
    assert tree.cell_a2.dissolved_on is None
    assert services.organization_dissolve_refusal(actor=users.bloc_admin, organization=tree.cell_a2,
                                                  on=D(2099, 1, 1)) == FUTURE
    # the committee can still be restructured today
    services.organization_move(actor=users.bloc_admin, organization=tree.cell_a2, new_parent=tree.sub_a,
                               on=D(2026, 11, 20))


def test_move_merge_rename_create_dated_2099_refused(tree, users):
    for call in (
        lambda: services.organization_move(actor=users.bloc_admin, organization=tree.cell_a2, new_parent=tree.sub_a,
                                           on=D(2099, 1, 1)),
        lambda: services.organization_merge(actor=users.bloc_admin, source=tree.cell_a2, target=tree.cell_a1,
                                            on=D(2099, 1, 1)),
        lambda: services.organization_rename(actor=users.bloc_admin, organization=tree.cell_a2, name="Chi bộ mới",
                                             on=D(2099, 1, 1)),
        lambda: make_org(tree.committee_a, "CB-MOI", "Chi bộ mới", Organization.Kind.CELL, established_on=D(2099, 1, 1)),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert (message(exc), codes(exc.value)) == (FUTURE, ["date_in_future"])


def test_before_founding_refused(tree, users):
    with pytest.raises(ValidationError) as exc:
        make_org(None, "TU-X", "Tỉnh ủy X", Organization.Kind.PROVINCE, established_on=D(1920, 1, 1))
    assert message(exc) == "The date 01/01/1920 is before the founding of the Party (03/02/1930): check the year."


def test_restructuring_days_ahead_setting(tree, users, settings):
    settings.DANGVU_EVENT_DAYS_AHEAD = 5
    services.organization_dissolve(actor=users.bloc_admin, organization=tree.cell_a2, on=D(2026, 11, 25))
    with pytest.raises(ValidationError) as exc:
        services.organization_dissolve(actor=users.bloc_admin, organization=tree.cell_b2, on=D(2026, 11, 26))
    assert message(exc) == "The date 26/11/2026 is more than 5 days after today (20/11/2026): check the year."


def test_committee_term_bounds(tree, users):
    def create(start, end):
        return services.committee_create(actor=users.staff_a, organization=tree.committee_a, term_start=start,
                                         term_end=end)

    with pytest.raises(ValidationError) as exc:
        create(D(2020, 10, 1), D(2030, 10, 1))
    assert message(exc) == ("A committee's term lasts 1 to 5 years: starting on 01/10/2020 it ends between "
                            "01/10/2021 and 01/10/2025, not on 01/10/2030.")
    assert codes(exc.value) == ["term_length"]
    with pytest.raises(ValidationError) as exc:
        create(D(2099, 1, 1), D(2100, 1, 1))
    assert codes(exc.value) == ["date_in_future"]
    with pytest.raises(ValidationError) as exc:
        create(D(1990, 1, 1), D(1995, 1, 1))
    assert message(exc) == ("The date 01/01/1990 is before the establishment of Đảng bộ Sở Tài chính "
                            f"({tree.committee_a.established_on:%d/%m/%Y}).")
    assert create(D(2020, 10, 1), D(2025, 10, 1)).term_end == D(2025, 10, 1)
