"""Reports through their services: creation refused with the rule and the numbers, the
staff's edits kept at every build, a figure changed under an edit flagged until reviewed,
and the audit rows."""

import datetime

import pytest

from dangvu.core.errors import PermissionDenied, RuleViolation, ValidationError
from dangvu.reports import services
from dangvu.reports.models import Edit, Report
from tests.factories import audit_rows, message
from tests.support import admit


def _report(scenario, users):
    return services.report_create(actor=users.bloc_admin, organization=scenario["tree"].bloc, kind="year-end",
                                  period="2023", number="12", issued_on=datetime.date(2024, 1, 17))


@pytest.mark.django_db
def test_a_report_is_created_once_for_a_kind_and_period(scenario, users):
    report = _report(scenario, users)
    assert (report.kind, report.period, report.state) == ("year-end", "2023", Report.State.DRAFT)
    with pytest.raises(ValidationError) as exc:
        _report(scenario, users)
    assert message(exc) == ("Đảng bộ các cơ quan Đảng tỉnh đã có báo cáo tổng kết năm kỳ 2023: hãy mở báo cáo "
                            "đó từ danh sách.")
    assert [r.action for r in audit_rows(report)] == ["report.create"]


@pytest.mark.django_db
def test_the_period_must_suit_the_kind(scenario, users):
    with pytest.raises(ValidationError) as exc:
        services.report_create(actor=users.bloc_admin, organization=scenario["tree"].bloc, kind="half-year",
                               period="2023")
    assert message(exc) == "Báo cáo sơ kết 6 tháng được lập cho kỳ dạng 2023H1, không phải 2023."
    assert exc.value.error_dict["period"][0].code == "report_period_kind"


@pytest.mark.django_db
def test_only_writers_of_the_organization_create_reports(scenario, users):
    with pytest.raises(PermissionDenied):
        services.report_create(actor=users.viewer, organization=scenario["tree"].bloc, kind="year-end", period="2023")
    with pytest.raises(PermissionDenied):
        services.report_create(actor=users.staff_a, organization=scenario["tree"].bloc, kind="year-end", period="2023")


@pytest.mark.django_db
def test_an_edited_paragraph_survives_a_refresh_and_is_flagged_when_its_figure_changes(scenario, users):
    report = _report(scenario, users)
    services.report_build(actor=users.bloc_admin, report=report, fmts=[])
    report.refresh_from_db()
    generated = report.paragraph("members.admissions")
    assert generated["figures"] == {"admissions": "5", "admissions.pct": "125"}
    assert generated["labels"] == {"admissions": "Đảng viên được kết nạp",
                                   "admissions.pct": "Tỷ lệ kết nạp so với chỉ tiêu (%)"}
    assert report.paragraph("members.changes")["labels"]["members.deceased"] == "Đảng viên từ trần"
    mine = "Năm 2023, toàn Đảng bộ kết nạp 5 đảng viên mới, vượt chỉ tiêu Chương trình đề ra."
    services.paragraph_edit(actor=users.bloc_admin, report=report, key="members.admissions", text=mine)

    # A refresh with the same figures: the text stays, nothing is flagged.
    document, _generated, changes = services.report_document(actor=users.bloc_admin, report=report)
    paragraph = next(p for p in document.paragraphs() if p.key == "members.admissions")
    assert (paragraph.text, paragraph.edited, paragraph.flagged, changes) == (mine, True, False, {})

    # One more admission in 2023: the untouched paragraphs refresh, the edited one keeps its
    # text and is flagged with the figures that changed.
    admit(scenario["tree"].cell_a2, 1, 2023, start=50)
    services.report_build(actor=users.bloc_admin, report=report, fmts=[])
    report.refresh_from_db()
    edit = Edit.objects.get(report=report, key="members.admissions")
    assert (edit.text, edit.flagged, edit.changed) == (mine, True, {"admissions": ["5", "6"],
                                                                     "admissions.pct": ["125", "150"]})
    assert report.paragraph("members.total")["text"].startswith(
        "Đến cuối kỳ, Đảng bộ có 3 tổ chức cơ sở đảng với 9 đảng viên")
    document, _generated, _changes = services.report_document(actor=users.bloc_admin, report=report)
    paragraph = next(p for p in document.paragraphs() if p.key == "members.admissions")
    assert (paragraph.text, paragraph.flagged) == (mine, True)

    # Reviewed: the flag goes, the text stays, and the next build finds nothing changed.
    services.paragraph_review(actor=users.bloc_admin, report=report, key="members.admissions")
    services.report_build(actor=users.bloc_admin, report=report, fmts=[])
    edit.refresh_from_db()
    assert (edit.text, edit.flagged, edit.changed, edit.figures) == (
        mine, False, {}, {"admissions": "6", "admissions.pct": "150"})
    assert [r.action for r in audit_rows(report)] == [
        "report.create", "report.build", "report.edit", "report.build", "report.review", "report.build"]

    # Restored: the generated text again.
    services.paragraph_restore(actor=users.bloc_admin, report=report, key="members.admissions")
    document, _generated, _changes = services.report_document(actor=users.bloc_admin, report=report)
    paragraph = next(p for p in document.paragraphs() if p.key == "members.admissions")
    assert paragraph.text == ("Năm 2023, toàn Đảng bộ kết nạp 6 đảng viên, đạt 150% so với Chương trình hành "
                              "động; tăng 3 đảng viên so với năm 2022.")


@pytest.mark.django_db
def test_edits_are_refused_with_a_reason(scenario, users):
    report = _report(scenario, users)
    with pytest.raises(RuleViolation) as exc:
        services.paragraph_edit(actor=users.bloc_admin, report=report, key="members.admissions", text="x")
    assert (message(exc), exc.value.code) == ("Báo cáo không có đoạn văn này: hãy lập lại báo cáo rồi sửa.",
                                                "report_paragraph_unknown")
    services.report_build(actor=users.bloc_admin, report=report, fmts=[])
    report.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.paragraph_edit(actor=users.bloc_admin, report=report, key="members.admissions", text="  ")
    assert message(exc) == "Hãy viết nội dung đoạn văn, hoặc khôi phục nội dung do hệ thống lập."
    with pytest.raises(RuleViolation) as exc:
        services.paragraph_review(actor=users.bloc_admin, report=report, key="members.admissions")
    assert exc.value.code == "report_paragraph_not_flagged"
    with pytest.raises(PermissionDenied):
        services.paragraph_edit(actor=users.viewer, report=report, key="members.admissions", text="x")


@pytest.mark.django_db
def test_a_conference_and_a_reports_heading_are_audited_with_their_dates(scenario, users):
    report = _report(scenario, users)
    conference = services.conference_create(actor=users.bloc_admin, organization=scenario["tree"].bloc,
                                            name="Hội nghị tổng kết năm 2023", period="2023",
                                            held_on=datetime.date(2024, 1, 20))
    services.report_update(actor=users.bloc_admin, report=report, number="12", issued_on=datetime.date(2024, 1, 18),
                           conference=conference)
    assert audit_rows(conference)[0].changes["held_on"] == [None, "2024-01-20"]
    assert audit_rows(report)[-1].changes == {"issued_on": ["2024-01-17", "2024-01-18"],
                                              "conference": [None, {"id": conference.pk, "repr": "Hội nghị tổng kết năm 2023"}]}


@pytest.mark.django_db
def test_the_paragraphs_keep_the_documents_order(scenario, users):
    """On PostgreSQL a JSON object keeps no key order: the paragraphs are a list."""
    report = _report(scenario, users)
    services.report_build(actor=users.bloc_admin, report=report, fmts=[])
    report.refresh_from_db()
    document, _generated, _changes = services.report_document(actor=users.bloc_admin, report=report)
    assert [p["key"] for p in report.paragraphs] == [p.key for p in document.paragraphs()]
    keys = [p["key"] for p in report.paragraphs]
    assert keys.index("members.total") < keys.index("members.admissions") < keys.index("members.changes")
