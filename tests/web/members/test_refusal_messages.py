"""Issue 9: a uniqueness refusal on the member page says, in Vietnamese, that the number is
already in the register, without saying whose it is nor where."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangvu.members.models import Member
from dangvu.web.members.forms import MemberEditForm
from tests.support import client_for

pytestmark = pytest.mark.django_db


def edit_data(member: Member, **changes) -> dict:
    data = {}
    for name, value in MemberEditForm(instance=member).initial.items():
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        data[name] = "" if value is None else value
    return {**data, **changes}


def test_duplicate_card_number_on_the_member_page(users, people):
    binh = people["binh"]
    response = client_for(users.staff_a).post(reverse("members:edit", args=[binh.pk]),
                                              edit_data(binh, card_number="33334444"))
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Số thẻ đảng này đã có trong hồ sơ đảng viên." in html
    assert "Constraint" not in html and "unique_card_number" not in html
    assert "Lê Văn Cường" not in html and "Bệnh viện" not in html
    assert Member.objects.get(pk=binh.pk).card_number == ""
