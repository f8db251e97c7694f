"""Issue 9: a member's text is clean when it comes in: one "\\x01" in a name no longer makes
every Excel export of the bloc fail."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.members import services
from dangvu.members.models import Member
from tests.support import client_for

pytestmark = pytest.mark.django_db


def test_control_characters_removed_at_the_service_and_the_export_works(tree, users, make_member):
    member = make_member(tree.cell_a1, full_name="Nguyễn\x01 Văn\x0b An", hometown="Rạch\x1f Giá\r\nKiên Giang")
    member.refresh_from_db()
    assert (member.full_name, member.hometown) == ("Nguyễn Văn An", "Rạch Giá Kiên Giang")
    services.member_update(actor=users.bloc_admin, member=member, profession="Kế\x07 toán")
    assert Member.objects.get(pk=member.pk).profession == "Kế toán"
    response = client_for(users.bloc_admin).get(reverse("members:export"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in ws.iter_rows(min_row=4, values_only=True)] == ["Nguyễn Văn An"]
