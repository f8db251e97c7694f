"""`dangvu backup`, `restore` and `verify`: a round trip gives identical data, and verify
names what is wrong (exit status 1) in a register that disagrees with itself."""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from dangvu.admissions.models import Candidate
from dangvu.core.models import AuditEntry
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from tests.support import on_postgresql

PROJECT = ("core", "orgs", "members", "plans")


def table_hashes() -> dict[str, str]:
    """Every row of every table of the project's apps, by table (ids included)."""
    out = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT:
            continue
        q = connection.ops.quote_name
        columns = ", ".join(q(f.column) for f in model._meta.concrete_fields)
        digest = hashlib.sha256()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {q(model._meta.db_table)} ORDER BY {q(model._meta.pk.column)}")
            for row in cursor.fetchall():
                digest.update(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]).encode())
        out[model._meta.db_table] = digest.hexdigest()
    return out


def verify() -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify", stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


@pytest.fixture
def register(tree, users, make_member):
    an = make_member(tree.cell_a1, full_name="Nguyễn Văn An")
    make_member(tree.cell_b1, full_name="Trần Thị Bình")
    return an


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip_gives_identical_data(tmp_path, english, register):
    if on_postgresql() and not __import__("shutil").which("pg_dump"):
        pytest.fail("PostgreSQL's client tools (pg_dump) are missing")
    before = table_hashes()
    file = tmp_path / "dangvu.backup"
    call_command("backup", str(file))
    assert file.stat().st_size > 0

    Candidate.objects.filter(member=register).delete()
    Member.objects.filter(pk=register.pk).delete()
    Organization.objects.filter(code=Organization.objects.order_by("pk").last().code).update(name="Đã đổi tên")
    assert table_hashes() != before

    with pytest.raises(CommandError, match="run again with --yes to confirm"):
        call_command("restore", str(file))
    call_command("restore", str(file), "--yes")
    assert table_hashes() == before
    status, output = verify()
    assert status == 0
    assert output.splitlines()[:-1] == ["Organization tree: sound.", "Placements in the tree: sound.",
                                        "Members' derived fields: sound.", "Members' affiliations: sound.",
                                        "Admission files of admitted members: sound.", "Audit trail: sound."]
    assert output.splitlines()[-1].startswith("Everything is sound (")


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(tmp_path, english, register):
    file = tmp_path / "old.backup"
    file.write_bytes(b"not a database")
    with pytest.raises(CommandError, match="already exists: choose a new file name"):
        call_command("backup", str(file))
    with pytest.raises(CommandError, match="is not a backup of an? (SQLite|PostgreSQL) database"):
        call_command("restore", str(file), "--yes")


def test_verify_names_what_disagrees(english, tree, register):
    assert verify()[0] == 0
    Organization.objects.filter(pk=tree.cell_a2.pk).update(path=tree.committee_b.path + "00000999.")
    Member.objects.filter(pk=register.pk).update(status=Member.Status.DECEASED)
    AuditEntry.objects.filter(object_id=tree.cell_b2.pk, content_type__model="organization").delete()

    status, output = verify()
    assert status == 1
    lines = output.splitlines()
    assert lines[0] == "Organization tree: 1 problem."
    assert f"  - Organization {tree.cell_a2.code}: its path does not follow from its parents." in lines
    assert f"  - Member Nguyễn Văn An (no. {register.pk}): status, unit or Party age differ from the history." in lines
    assert f"  - Party organizations without an audit row: {tree.cell_b2.pk}" in lines
    assert "Placements in the tree: 1 problem." in lines
    assert lines[-1].startswith("4 problems found in ")
