"""Export → import gives back the same records: the members list and the organization tree,
as .xlsx and as .csv, downloaded from their pages with their filters."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse

from dangvu.admissions.models import Candidate
from dangvu.exchange import registers
from dangvu.members.models import Member
from dangvu.members.services import IDENTITY_FIELDS
from dangvu.orgs.models import Organization, OrganizationEvent, Placement, User
from tests.factories import make_user
from tests.support import client_for

D = datetime.date
FIELDS = [*IDENTITY_FIELDS, "organization_id", "status", "status_since", "party_age_start", "on_roll"]


def snapshot():
    return sorted(Member.objects.values_list(*FIELDS))


def download(client, name: str, args=(), **params) -> io.BytesIO:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return io.BytesIO(body)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_members_export_then_import_gives_identical_records(tree, users, make_member, fmt):
    make_member(tree.cell_a1, full_name="Nguyễn Thị Hường", gender=Member.Gender.FEMALE, birth_date=D(1984, 1, 17),
                admission_decision_date=D(2010, 3, 2), ceremony_date=D(2010, 3, 20),
                full_membership_date=D(2011, 3, 20), biography_number="012345KG", card_number="12345678",
                citizen_id="091084000123", ethnicity="Khmer", religion="Phật giáo", hometown="xã Vĩnh Hòa, tỉnh Kiên Giang",
                education="Đại học", profession="Kế toán", phone="+84 912 345 678", position="Phó Chánh Văn phòng")
    make_member(tree.cell_a2, full_name="=Trần Văn Đức", birth_date=D(1990, 2, 3), admission_decision_date=D(2020, 5, 6),
                full_membership_date=D(2021, 9, 1), full_membership_note="Quyết định số 12-QĐ/ĐU ghi ngày này")
    make_member(tree.cell_b1, full_name="Lê Văn Ngoài")  # outside the filter: not exported
    client = client_for(users.bloc_admin)
    source = download(client, f"members:export{'_csv' if fmt == 'csv' else ''}", org=tree.committee_a.pk)
    before = [r for r in snapshot() if r[FIELDS.index("organization_id")] != tree.cell_b1.pk]
    mine = Member.objects.filter(organization__in=[tree.cell_a1, tree.cell_a2])
    Candidate.objects.filter(member__in=mine).delete()
    mine.delete()
    summary = registers.run(actor=users.bloc_admin, kind="members", scope=tree.committee_a, source=source,
                            dry_run=False)
    assert (summary.created, summary.refused_count, summary.written) == (2, 0, True), [str(p) for p in summary.refused]
    after = [r for r in snapshot() if r[FIELDS.index("organization_id")] != tree.cell_b1.pk]
    assert after == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_organizations_export_then_import_gives_the_same_tree(tree, fmt):
    admin = make_user(tree.bloc, "admin_khoi", User.Role.ADMIN)
    client = client_for(admin)
    source = download(client, f"orgs:export{'_csv' if fmt == 'csv' else ''}", args=[tree.committee_a.pk])
    columns = ["code", "name", "short_name", "kind", "sector", "established_on", "depth"]

    def subtree():
        return sorted(Organization.objects.filter(path__startswith=tree.committee_a.path).values_list(*columns))

    before = subtree()
    under = list(Organization.objects.filter(path__startswith=tree.committee_a.path).order_by("-depth"))
    OrganizationEvent.objects.filter(organization__in=under).delete()
    OrganizationEvent.objects.filter(related__in=under).delete()
    Placement.objects.filter(organization__in=under).delete()
    for org in under:
        org.delete()
    summary = registers.run(actor=admin, kind="organizations", scope=tree.bloc, source=source, dry_run=False)
    assert (summary.created, summary.refused_count, summary.written) == (5, 0, True), [str(p) for p in summary.refused]
    after = sorted(Organization.objects.filter(code__in=[b[0] for b in before]).values_list(*columns))
    assert after == before
