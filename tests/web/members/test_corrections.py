"""Pages adding a member, annulling a status change or a transfer, transfers out and temporary,
committee seats."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangvu.core.actors import SYSTEM
from dangvu.members import services
from dangvu.members.models import CommitteeSeat, Member, Transfer
from dangvu.orgs import services as org_services
from tests.support import client_for, text

D = datetime.date

NEW = {
    "how": "existing", "full_name": "Đỗ Thị Mai", "gender": "female", "birth_date": "03/02/1990",
    "ethnicity": "Kinh", "religion": "Không", "admission_decision_date": "01/06/2015", "ceremony_date": "15/06/2015",
    "full_member": "on", "citizen_id": "091190001234", "phone": "+84 912 345 678", "position": "Phó Giám đốc Sở",
}


def test_staff_adds_an_existing_member_and_lands_on_the_member_page(tree, users, today):
    client = client_for(users.staff_a, "en")
    assert client.get(reverse("members:new"), {"org": tree.cell_a2.pk}).status_code == 200
    response = client.post(reverse("members:new"), NEW | {"organization": tree.cell_a2.pk})
    member = Member.objects.get(full_name="Đỗ Thị Mai")
    assert response.status_code == 302 and response.url == reverse("members:detail", args=[member.pk])
    assert (member.organization, member.status, member.full_membership_date, member.citizen_id) == (
        tree.cell_a2, "full", D(2016, 6, 15), "091190001234")
    page = text(client.get(response.url))
    assert "Phó Giám đốc Sở" in page and "+84 912 345 678" in page and "091190001234" in page


def test_adding_a_member_transferred_in_records_the_letter(tree, users, today):
    client = client_for(users.staff_a, "en")
    response = client.post(reverse("members:new"), NEW | {
        "organization": tree.cell_a1.pk, "how": "transfer_in", "transferred_in_from": "Đảng bộ xã Vĩnh Hòa, An Giang",
        "joined_on": "10/03/2026", "letter_number": "125-GGT/ĐU", "letter_date": "01/03/2026",
    })
    assert response.status_code == 302
    transfer = Transfer.objects.get(member__full_name="Đỗ Thị Mai")
    assert (transfer.kind, transfer.on, transfer.external_unit, transfer.letter_number, transfer.letter_date) == (
        "in", D(2026, 3, 10), "Đảng bộ xã Vĩnh Hòa, An Giang", "125-GGT/ĐU", D(2026, 3, 1))


def test_adding_a_member_under_18_shows_the_rule(tree, users, today):
    client = client_for(users.staff_a, "en")
    response = client.post(reverse("members:new"), NEW | {"organization": tree.cell_a1.pk, "birth_date": "03/02/2000",
                                                          "admission_decision_date": "01/06/2015",
                                                          "ceremony_date": "", "full_member": ""})
    assert response.status_code == 400
    assert ("Date of birth 03/02/2000: on the admission decision date 01/06/2015 the person was only 15; "
            "a person admitted to the Party must be at least 18.") in text(response)
    assert not Member.objects.filter(full_name="Đỗ Thị Mai").exists()


def test_viewer_gets_403_with_the_reason_on_every_new_page(tree, users, make_member):
    member = make_member(tree.cell_a1)
    change = member.status_changes.get()
    client = client_for(users.viewer, "en")
    for url in (reverse("members:new"), reverse("members:status_annul", args=[member.pk, change.pk]),
                reverse("members:transfer_out", args=[member.pk]), reverse("members:temporary", args=[member.pk]),
                reverse("members:seats", args=[tree.committee_a.pk])):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Your account is read-only." in text(response)


def test_annul_a_status_change_from_its_row(tree, users, make_member):
    member = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    member = services.member_change_status(actor=SYSTEM, member=member, status="deceased", on=D(2024, 2, 1))
    change = member.status_changes.get(status="deceased")
    client = client_for(users.staff_a, "en")
    url = reverse("members:status_annul", args=[member.pk, change.pk])
    assert url in client.get(reverse("members:detail", args=[member.pk])).content.decode()
    response = client.post(url, {"reason": "Nhầm người cùng tên"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.status, member.on_roll) == ("full", True)
    page = text(client.get(reverse("members:detail", args=[member.pk])))
    assert "Deceased annulled" in page and "Reason: Nhầm người cùng tên" in page


def test_annulling_an_admission_is_refused_with_the_reason(tree, users, make_member):
    member = make_member(tree.cell_a1)
    response = client_for(users.staff_a, "en").get(
        reverse("members:status_annul", args=[member.pk, member.status_changes.get().pk]))
    assert response.status_code == 400
    assert "Only full membership, leaving, removal, expulsion or death can be annulled." in text(response)


def test_annul_a_wrong_transfer_keeps_both_rows(tree, users, make_member):
    member = make_member(tree.cell_a1)
    client = client_for(users.staff_a, "en")
    client.post(reverse("members:transfer", args=[member.pk]), {"to_organization": tree.cell_a2.pk, "on": "01/03/2024"})
    transfer = member.transfers.get()
    response = client.post(reverse("members:transfer_annul", args=[member.pk, transfer.pk]), {"reason": ""})
    assert response.status_code == 400
    response = client.post(reverse("members:transfer_annul", args=[member.pk, transfer.pk]),
                           {"reason": "Chọn nhầm chi bộ"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organization == tree.cell_a1
    page = text(client.get(reverse("members:detail", args=[member.pk])))
    assert "Within the organization annulled" in page and "Reason: Chọn nhầm chi bộ" in page
    assert "Transfer annulled" in page  # the audit row


def test_transfer_out_page_records_the_letter(tree, users, make_member):
    member = make_member(tree.cell_a1)
    client = client_for(users.staff_a, "en")
    response = client.post(reverse("members:transfer_out", args=[member.pk]), {
        "destination": "Tỉnh ủy An Giang", "on": "01/03/2024", "letter_number": "45-GGT/ĐUK", "letter_date": "05/03/2024",
    })
    assert response.status_code == 400
    assert "The letter is dated 05/03/2024, after the transfer date 01/03/2024: the letter comes first." in text(response)
    response = client.post(reverse("members:transfer_out", args=[member.pk]), {
        "destination": "Tỉnh ủy An Giang", "on": "01/03/2024", "letter_number": "45-GGT/ĐUK", "letter_date": "28/02/2024",
    })
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.on_roll, member.transfers.get().letter_number) == (False, "45-GGT/ĐUK")


def test_temporary_transfer_page(tree, users, make_member):
    member = make_member(tree.cell_a1)
    client = client_for(users.staff_a, "en")
    data = {"external_unit": "Học viện Chính trị khu vực IV", "start": "01/09/2025", "end": "01/09/2027",
            "letter_number": "12-GGT/ĐU", "letter_date": "25/08/2025"}
    response = client.post(reverse("members:temporary", args=[member.pk]), data)
    assert response.status_code == 400
    assert ("A temporary transfer lasts 3 to 12 months: starting on 01/09/2025 it ends between 01/12/2025 and "
            "01/09/2026, not on 01/09/2027.") in text(response)
    response = client.post(reverse("members:temporary", args=[member.pk]), data | {"for_study": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.on_roll, member.organization) == (True, tree.cell_a1)
    assert "01/09/2025 – 01/09/2027 Temporary transfer (for study)" in text(
        client.get(reverse("members:detail", args=[member.pk])))


@pytest.fixture
def committee(tree):
    return org_services.committee_create(actor=SYSTEM, organization=tree.committee_a, term_start=D(2025, 1, 1),
                                         term_end=D(2030, 1, 1))


def test_seats_assigned_and_ended_in_the_pages(tree, users, make_member, committee, today):
    member = make_member(tree.cell_a1)
    client = client_for(users.staff_a, "en")
    url = reverse("members:seats", args=[tree.committee_a.pk])
    response = client.post(url, {"member": member.pk, "role": "secretary", "start": "01/02/2025", "decision": "01-QĐ/ĐUK"})
    assert response.status_code == 302
    seat = CommitteeSeat.objects.get()
    assert (seat.member, seat.role, seat.start, seat.decision) == (member, "secretary", D(2025, 2, 1), "01-QĐ/ĐUK")
    response = client.post(reverse("members:seat_end", args=[seat.pk]), {"end": "01/02/2025", "reason": "Nghỉ hưu"})
    assert response.status_code == 400
    assert "A seat must end after it starts (01/02/2025)." in text(response)
    response = client.post(reverse("members:seat_end", args=[seat.pk]), {"end": "01/10/2026", "reason": "Nghỉ hưu"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.end, seat.end_reason) == (D(2026, 10, 1), "Nghỉ hưu")
    assert "Nghỉ hưu" in text(client.get(url))
