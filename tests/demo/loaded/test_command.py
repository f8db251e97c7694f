"""`dangvu demo`: what it prints, that it loads once, and that `--reset` loads the same demo
again (every table of every register, row for row)."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvu.core.models import AuditEntry
from dangvu.members.models import Member
from dangvu.orgs.models import User
from dangvu.plans.models import Congress, Plan, Result, Return, Target, Task, Term
from tests.demo.test_demo import _fingerprint as tree_and_members


def plans() -> str:
    """Every plans row by its natural keys."""
    digest = hashlib.sha256()
    for qs, fields in (
        (Term.objects, ["code", "start", "end"]),
        (Congress.objects, ["organization__code", "term__code", "ordinal", "held_on"]),
        (Plan.objects, ["code", "kind", "organization__code", "number", "title", "issued_on", "period", "term__code",
                        "congress__ordinal"]),
        (Target.objects, ["plan__code", "indicator__code", "organization__code", "period", "value", "comparator",
                          "sort_order"]),
        (Result.objects, ["indicator__code", "organization__code", "period", "value", "state", "version",
                          "updated_at"]),
        (Return.objects, ["organization__code", "period", "state", "submitted_at", "approved_at"]),
        (Task.objects, ["plan__code", "organization__code", "title", "source", "due_on", "status", "completed_on"]),
    ):
        for row in qs.order_by(*fields).values_list(*fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m.__module__.startswith("dangvu.")}


@pytest.mark.django_db
def test_demo_command_loads_once_and_prints_the_logins(demo):
    assert "Đảng viên: 4.986, trong đó 4.869 đảng viên trong danh sách." in demo
    assert "  coso: Cán bộ nghiệp vụ, Đảng bộ Sở Tài chính\n" in demo
    assert set(User.objects.values_list("username", flat=True)) == {"admin", "xem", "coso"}
    # The README's logins: password dangvu-demo, never asked to change it.
    for user in User.objects.all():
        assert (user.check_password("dangvu-demo"), user.must_change_password) == (True, False)
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert Member.objects.count() == 4986
    assert out.getvalue().startswith("Dữ liệu đã có sẵn: không nạp thêm.\n")
    assert "  admin: Quản trị, Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Hòa Giang\n" in out.getvalue()


@pytest.mark.django_db
def test_reset_loads_the_same_demo_again(demo):
    fingerprints, counts = (tree_and_members(), plans()), row_counts()
    catalog = AuditEntry.objects.filter(action="indicator.create").count()
    assert counts["members.Member"] == 4986
    call_command("demo", "--reset", "--seed", "2024", stdout=io.StringIO())
    after = row_counts()
    # The catalog is not the demo's: it stays, and the audit rows of its creation are gone
    # with the rest of the audit.
    assert after.pop("core.AuditEntry") == counts.pop("core.AuditEntry") - catalog == 3330 - 32
    assert after == counts
    assert (tree_and_members(), plans()) == fingerprints
    assert set(User.objects.values_list("username", flat=True)) == {"admin", "xem", "coso"}
