"""Emulation movement and title pages: the lists scoped by role (a movement launched above
the user's committee is seen, a sibling committee's is not; a title is seen under its unit),
the filters, recording a movement and conferring a title through the pages (audited), a
service's refusal shown on the form word for word, no button for a read-only account but
the reason."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangvu.awards import services
from dangvu.awards.models import EmulationTitle, Movement
from dangvu.core.actors import SYSTEM
from tests.factories import audit_rows
from tests.support import client_for, options, text

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def movements(tree):
    """"Dân vận khéo" of the bloc (2016–) with a title for committee A (2021) and a "four-good"
    title for cell B1 (2022); "Sáng kiến" of committee B (2019–2020) with a title for B."""
    bloc = services.movement_create(actor=SYSTEM, name="Dân vận khéo", organization=tree.bloc, first_year=2016,
                                    description="Phong trào thi đua trong các cơ quan Đảng")
    b = services.movement_create(actor=SYSTEM, name="Sáng kiến", organization=tree.committee_b, first_year=2019,
                                 last_year=2020)
    services.title_create(actor=SYSTEM, kind=EmulationTitle.Kind.MOVEMENT, title="Điển hình dân vận khéo", year=2021,
                          number="3-QĐ/ĐUK", decided_on=D(2022, 1, 10), deciding_body=tree.bloc,
                          organization=tree.committee_a, movement=bloc)
    services.title_create(actor=SYSTEM, kind=EmulationTitle.Kind.FOUR_GOOD, title="Chi bộ bốn tốt", year=2022,
                          number="7-QĐ/ĐU", decided_on=D(2023, 1, 5), deciding_body=tree.committee_b,
                          organization=tree.cell_b1)
    services.title_create(actor=SYSTEM, kind=EmulationTitle.Kind.MOVEMENT, title="Đơn vị sáng kiến", year=2020,
                          number="2-QĐ/ĐU", decided_on=D(2021, 1, 8), deciding_body=tree.committee_b,
                          organization=tree.committee_b, movement=b)
    return bloc, b


def test_the_movements_list_for_each_role(tree, users, movements):
    page = text(client_for(users.bloc_admin, "en").get(reverse("awards:movements")))
    assert "2 movements" in page
    assert ("Movement Launched by Years it runs Titles conferred Sáng kiến Đảng bộ Sở Y tế 2019 – 2020 1 "
            "Dân vận khéo Đảng bộ các cơ quan Đảng tỉnh 2016 – ongoing 1") in page
    assert "Record an emulation movement" in page
    # Committee A sees the bloc's movement (launched above it), with its own titles counted,
    # not committee B's movement.
    page = text(client_for(users.staff_a, "en").get(reverse("awards:movements")))
    assert "1 movement " in page
    assert "Dân vận khéo Đảng bộ các cơ quan Đảng tỉnh 2016 – ongoing 1" in page and "Sáng kiến" not in page
    # Filtered by a year the movement runs in.
    page = text(client_for(users.bloc_admin, "en").get(reverse("awards:movements"), {"year": "2017"}))
    assert "1 movement " in page and "Sáng kiến" not in page


def test_a_movements_page_lists_its_titles_in_scope(tree, users, movements):
    bloc, b = movements
    services.title_create(actor=SYSTEM, kind=EmulationTitle.Kind.MOVEMENT, title="Điển hình dân vận khéo", year=2022,
                          number="4-QĐ/ĐUK", decided_on=D(2023, 1, 10), deciding_body=tree.bloc,
                          organization=tree.committee_b, movement=bloc)
    page = text(client_for(users.bloc_admin, "en").get(reverse("awards:movement", args=[bloc.pk])))
    assert "Launched by Đảng bộ các cơ quan Đảng tỉnh Years it runs 2016 – ongoing" in page
    assert "Description Phong trào thi đua trong các cơ quan Đảng" in page
    assert "2 titles" in page
    assert ("2022 Điển hình dân vận khéo Đảng bộ Sở Y tế 4-QĐ/ĐUK 10/01/2023 Đảng bộ các cơ quan Đảng tỉnh "
            "2021 Điển hình dân vận khéo Đảng bộ Sở Tài chính 3-QĐ/ĐUK 10/01/2022 Đảng bộ các cơ quan Đảng tỉnh") in page
    staff = client_for(users.staff_a, "en")
    page = text(staff.get(reverse("awards:movement", args=[bloc.pk])))
    assert "1 title " in page and "Đảng bộ Sở Y tế" not in page
    # Another committee's movement is not there for committee A.
    assert staff.get(reverse("awards:movement", args=[b.pk])).status_code == 404


def test_the_titles_list_filters_and_scope(tree, users, movements):
    client = client_for(users.bloc_admin, "en")
    page = text(client.get(reverse("awards:titles")))
    assert "3 titles" in page
    assert ("2022 Chi bộ bốn tốt \"Four-good\" title Chi bộ Bệnh viện 7-QĐ/ĐU 05/01/2023 Đảng bộ Sở Y tế "
            "2021 Điển hình dân vận khéo Dân vận khéo Đảng bộ Sở Tài chính 3-QĐ/ĐUK 10/01/2022 "
            "Đảng bộ các cơ quan Đảng tỉnh "
            "2020 Đơn vị sáng kiến Sáng kiến Đảng bộ Sở Y tế 2-QĐ/ĐU 08/01/2021 Đảng bộ Sở Y tế") in page
    assert "1 title " in text(client.get(reverse("awards:titles"), {"kind": "four_good"}))
    assert "1 title " in text(client.get(reverse("awards:titles"), {"year": "2020"}))
    page = text(client.get(reverse("awards:titles"), {"org": tree.committee_b.pk}))
    assert "2 titles" in page and "Điển hình dân vận khéo" not in page
    staff = client_for(users.staff_a, "en")
    page = text(staff.get(reverse("awards:titles")))
    assert "1 title " in page and "Chi bộ Bệnh viện" not in page and "Đơn vị sáng kiến" not in page
    # Another committee is not among the organizations to filter by: the filter is dropped.
    assert "1 title " in text(staff.get(reverse("awards:titles"), {"org": tree.committee_b.pk}))


def test_record_a_movement_through_the_page(tree, users, movements):
    client = client_for(users.staff_a)
    data = {"name": "  Dân vận   khéo ", "organization": tree.committee_a.pk, "first_year": "2024"}
    refused = client.post(reverse("awards:movement_new"), data)
    assert refused.status_code == 400
    assert "Đã có phong trào mang tên này." in text(refused)
    refused = client.post(reverse("awards:movement_new"), {**data, "name": "Học tập và làm theo Bác",
                                                           "last_year": "2023"})
    assert refused.status_code == 400
    assert "Năm cuối phải sau năm đầu." in text(refused)
    done = client.post(reverse("awards:movement_new"), {**data, "name": "Học tập và làm theo Bác",
                                                        "last_year": "2026", "description": "Theo Chỉ thị 05"})
    assert done.status_code == 302 and done["Location"] == reverse("awards:movements")
    movement = Movement.objects.get(name="Học tập và làm theo Bác")
    assert (movement.organization, movement.first_year, movement.last_year) == (tree.committee_a, 2024, 2026)
    assert [(r.action, r.actor) for r in audit_rows(movement)] == [("movement.create", users.staff_a)]
    # Committee A may launch a movement only for itself and below it.
    assert options(client.get(reverse("awards:movement_new")), "organization") == ["Đảng bộ Sở Tài chính"]


def test_confer_a_title_through_the_page_with_the_services_refusal(tree, users, movements, make_member):
    bloc, _b = movements
    client = client_for(users.bloc_admin)
    form = client.get(reverse("awards:title_new"), {"movement": bloc.pk})
    assert options(form, "movement") == ["—", "Sáng kiến", "Dân vận khéo"]
    assert f'<option value="{bloc.pk}" selected>' in form.content.decode()
    data = {"subject": "organization", "organization": tree.cell_a1.pk, "kind": "movement", "movement": bloc.pk,
            "title": "Điển hình dân vận khéo", "year": "2015", "deciding_body": tree.committee_a.pk,
            "number": "5-QĐ/ĐU", "decided_on": "12/01/2024"}
    refused = client.post(reverse("awards:title_new"), data)
    assert refused.status_code == 400
    assert "Phong trào Dân vận khéo không diễn ra trong năm 2015." in text(refused)
    assert EmulationTitle.objects.count() == 3
    done = client.post(reverse("awards:title_new"), {**data, "year": "2023"})
    assert done.status_code == 302 and done["Location"] == reverse("awards:titles")
    title = EmulationTitle.objects.get(number="5-QĐ/ĐU")
    assert (title.organization, title.unit, title.movement, title.year) == (tree.cell_a1, tree.cell_a1, bloc, 2023)
    assert [r.action for r in audit_rows(title)] == ["emulation_title.create"]
    # A member, chosen from the user's subtree.
    member = make_member(tree.cell_a2, full_name="Trần Thị Bình")
    done = client.post(reverse("awards:title_new"), {**data, "year": "2023", "subject": "member", "member": member.pk,
                                                     "organization": "", "number": "6-QĐ/ĐU"})
    assert done.status_code == 302
    title = EmulationTitle.objects.get(number="6-QĐ/ĐU")
    assert (title.member, title.organization, title.unit) == (member, None, tree.cell_a2)
    page = text(client_for(users.bloc_admin, "en").get(reverse("awards:titles")))
    assert "2023 Điển hình dân vận khéo Dân vận khéo Trần Thị Bình · Chi bộ Thanh tra 6-QĐ/ĐU" in page
    # A "four-good" title goes to an organization only.
    refused = client.post(reverse("awards:title_new"), {**data, "year": "2023", "subject": "member",
                                                        "member": member.pk, "kind": "four_good", "movement": ""})
    assert refused.status_code == 400
    assert "Danh hiệu \"bốn tốt\" chỉ tặng cho tổ chức đảng." in text(refused)


def test_a_read_only_account_sees_the_reason_not_the_buttons(tree, users, movements):
    bloc, _b = movements
    viewer = client_for(users.viewer)
    for url, button in [(reverse("awards:movements"), reverse("awards:movement_new")),
                        (reverse("awards:titles"), reverse("awards:title_new")),
                        (reverse("awards:movement", args=[bloc.pk]), reverse("awards:title_new"))]:
        response = viewer.get(url)
        assert response.status_code == 200
        assert button not in response.content.decode(), url
        assert "Tài khoản của bạn chỉ được xem." in text(response), url
        assert button in client_for(users.bloc_admin).get(url).content.decode(), url
    assert viewer.post(reverse("awards:title_new"), {}).status_code == 403
    assert viewer.post(reverse("awards:movement_new"), {}).status_code == 403
