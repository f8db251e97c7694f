"""`dangvu report`: the report built in-process and written to a file; clear refusals."""

import io

import docx as python_docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from dangvu.reports import services
from dangvu.reports.models import Report


def _run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_the_word_file_states_the_figures(scenario, tmp_path):
    path = tmp_path / "r.docx"
    out = _run(scenario["tree"].bloc.code, "2023", "--format", "docx", "-o", str(path), "--number", "7",
               "--date", "17/01/2024")
    assert out.startswith(f"Đã ghi {path} (")
    word = python_docx.Document(str(path))
    assert ("Năm 2023, toàn Đảng bộ kết nạp 5 đảng viên, đạt 125% so với Chương trình hành động; tăng 2 đảng viên "
            "so với năm 2022.") in [p.text for p in word.paragraphs]
    assert [p.text for p in word.tables[0].cell(1, 0).paragraphs] == ["Số 7-BC/ĐU"]
    assert Report.objects.count() == 0  # nothing written


@pytest.mark.django_db
def test_the_staffs_edits_are_in_the_file(scenario, users, tmp_path):
    report = services.report_create(actor=users.bloc_admin, organization=scenario["tree"].bloc, kind="year-end",
                                    period="2023")
    services.report_build(actor=users.bloc_admin, report=report, fmts=[])
    report.refresh_from_db()
    services.paragraph_edit(actor=users.bloc_admin, report=report, key="members.admissions",
                            text="Đoạn văn do Văn phòng viết lại.")
    path = tmp_path / "r.xlsx"
    _run(scenario["tree"].bloc.code, "2023", "--format", "xlsx", "-o", str(path))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Báo cáo"
    html = tmp_path / "r.html"
    _run(scenario["tree"].bloc.code, "2023", "--format", "html", "-o", str(html))
    assert "Đoạn văn do Văn phòng viết lại." in html.read_text()


@pytest.mark.django_db
def test_refusals_say_why(scenario, tmp_path):
    with pytest.raises(CommandError) as exc:
        _run(scenario["tree"].bloc.code, "2023H1", "-o", str(tmp_path / "x.docx"))
    assert str(exc.value) == "Báo cáo tổng kết năm được lập cho kỳ dạng 2023, không phải 2023H1."
    with pytest.raises(CommandError) as exc:
        _run("KHONG-CO", "2023", "-o", str(tmp_path / "x.docx"))
    assert str(exc.value) == "Không có tổ chức đảng nào mang mã KHONG-CO."
    with pytest.raises(CommandError) as exc:
        _run(scenario["tree"].bloc.code, "2023", "--date", "32/01/2024", "-o", str(tmp_path / "x.docx"))
    assert str(exc.value) == "“32/01/2024” không phải là ngày: hãy ghi theo dạng 17/01/2024."
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.django_db
def test_an_edited_paragraph_whose_figure_changed_is_named_in_words(scenario, users, tmp_path):
    from tests.support import admit

    report = services.report_create(actor=users.bloc_admin, organization=scenario["tree"].bloc, kind="year-end",
                                    period="2023")
    services.report_build(actor=users.bloc_admin, report=report, fmts=[])
    report.refresh_from_db()
    services.paragraph_edit(actor=users.bloc_admin, report=report, key="members.admissions",
                            text="Năm 2023 kết nạp 5 đảng viên mới.")
    admit(scenario["tree"].cell_a2, 1, 2023, start=50)
    out = _run(scenario["tree"].bloc.code, "2023", "--format", "html", "-o", str(tmp_path / "r.html"))
    assert out.splitlines()[1] == (
        "Hãy xem lại đoạn văn đã sửa trong mục “2. Công tác tổ chức, xây dựng tổ chức đảng và đảng viên”, bắt "
        "đầu bằng “Năm 2023 kết nạp 5 đảng viên mới.…”: số liệu trong đoạn đã thay đổi.")
