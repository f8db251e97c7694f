"""Exports are safe to open: a text that starts like a formula stays text, and characters a
workbook cannot hold never break an export (the register may hold them from before)."""

from __future__ import annotations

import io
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from tests.support import client_for

HOSTILE = ['=HYPERLINK("http://x.example","Bấm")', "+84 912", "-1+1", "@SUM(A1)", "Nguyễn\x01Văn\x1fAn"]


def test_the_members_export_writes_hostile_names_as_text(tree, users, make_member):
    for i, name in enumerate(HOSTILE):
        member = make_member(tree.cell_a1, full_name=f"Người {i}", card_number=f"{10000000 + i}")
        Member.objects.filter(pk=member.pk).update(full_name=name)  # as an older import left it
    Organization.objects.filter(pk=tree.cell_a1.pk).update(name="=1+1 Chi bộ")

    response = client_for(users.staff_a).get(reverse("members:export"))
    assert response.status_code == 200
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere
    ws = load_workbook(io.BytesIO(response.content)).active
    units = [ws.cell(row=r, column=5) for r in range(4, ws.max_row + 1)]
    assert [(c.value, c.data_type, c.quotePrefix) for c in units] == [("=1+1 Chi bộ", "s", True)] * 5
    names = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=2) for r in range(4, ws.max_row + 1)}
    assert set(names) == {'=HYPERLINK("http://x.example","Bấm")', "+84 912", "-1+1", "@SUM(A1)", "NguyễnVănAn"}
    for name, cell in names.items():
        assert cell.data_type == "s", name
        assert cell.quotePrefix is (name != "NguyễnVănAn"), name
