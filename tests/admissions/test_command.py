"""`dangvu admissions due [ORG_CODE] [--days N]`: the due list in Vietnamese."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from dangvu.admissions.models import Step
from dangvu.core import workdays
from tests.admissions.conftest import make_candidate, walk

K = Step.Kind
D = datetime.date


def run(*args) -> list[str]:
    out = io.StringIO()
    with translation.override("vi"):
        call_command("admissions", "due", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def files(tree, full_members, today):
    late = walk(make_candidate(tree.cell_a1, full_name="Võ Thị Hoa"), until=K.DECISION, introducers=full_members)
    soon = walk(make_candidate(tree.cell_a1, full_name="Đặng Văn Nam", gender="male"), until=K.CELL_RESOLUTION,
                introducers=full_members, dates={K.CELL_RESOLUTION: D(2026, 9, 1)})
    walk(make_candidate(tree.cell_a2, full_name="Lý Thị Mai"), until=K.APPLICATION)
    return late, soon


def test_the_due_list_of_a_committee(tree, files, today):
    late, soon = files
    late_days = -workdays.working_days_between(today, late.due_on)
    soon_days = workdays.working_days_between(today, soon.due_on)
    lines = run("DB-STC")
    assert lines[0] == "Đảng bộ Sở Tài chính: các thời hạn kết nạp đã quá hạn và đến hạn trong 30 ngày"
    assert lines[1].split() == ["Họ", "và", "tên", "Chi", "bộ", "Việc", "đến", "hạn", "Hạn", "Ngày", "làm", "việc"]
    assert [" ".join(line.split()) for line in lines[2:]] == [
        f"Võ Thị Hoa Chi bộ Văn phòng Lễ kết nạp {late.due_on:%d/%m/%Y} quá hạn {late_days} ngày làm việc",
        f"Đặng Văn Nam Chi bộ Văn phòng Quyết định kết nạp đảng viên {soon.due_on:%d/%m/%Y} còn {soon_days} ngày làm "
        "việc",
        "2 hồ sơ, 1 hồ sơ quá hạn.",
    ]


def test_the_root_by_default_and_the_days(tree, files, today):
    assert run()[0] == "Tỉnh ủy Kiên Giang: các thời hạn kết nạp đã quá hạn và đến hạn trong 30 ngày"
    assert len(run()) == 5
    lines = run("DB-STC", "--days", "1")
    assert [line.split()[:3] for line in lines[2:-1]] == [["Võ", "Thị", "Hoa"]]
    assert run("DB-SYT") == ["Đảng bộ Sở Y tế: các thời hạn kết nạp đã quá hạn và đến hạn trong 30 ngày",
                             "Không có hồ sơ nào quá hạn hoặc đến hạn trong khoảng thời gian này."]


def test_an_unknown_code_is_a_clear_message_and_exit_code_1(tree):
    with pytest.raises(CommandError) as excinfo:
        run("KHONG-CO")
    assert str(excinfo.value) == "Không có tổ chức đảng nào mang mã KHONG-CO."
    assert excinfo.value.returncode == 1
