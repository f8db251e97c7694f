"""Review report pages: the list and the report page for a writer and a reader, a report
created (and refused with the rule on its field), built through the task and its files
downloaded, the paragraphs edited, reviewed and restored through the page, the document
settings, the conferences, and the scope (another committee's report is not there)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from dangvu.awards import services as award_services
from dangvu.reports import formats, services
from dangvu.reports.models import DocumentSettings, Edit, File, Report
from tests.support import admit, catalog, client_for, text

pytestmark = pytest.mark.django_db
D = datetime.date
KEY = "members.admissions"


@pytest.fixture
def report(tree, users):
    catalog()
    admit(tree.cell_a1, 3, 2022)
    admit(tree.cell_a1, 5, 2023, start=10)
    return services.report_create(actor=users.staff_a, organization=tree.committee_a, kind="year-end", period="2023",
                                  number="12", issued_on=D(2024, 1, 17))


@pytest.fixture
def fake_files(monkeypatch):
    """The writers are someone else's (and tested there): fixed bytes for each format; no PDF."""
    monkeypatch.setattr(formats, "render", lambda document, fmt, docx_bytes=None: f"<{fmt}>".encode())
    monkeypatch.setattr(formats, "pdf_available", lambda: False)


def _built(report, users, **kw):
    services.report_build(actor=users.staff_a, report=report, fmts=kw.get("fmts", []))
    report.refresh_from_db()
    return report


def _flagged(tree, report, users):
    """Built, one paragraph edited, then one more admission: the edit is flagged."""
    _built(report, users)
    services.paragraph_edit(actor=users.staff_a, report=report, key=KEY, text="Năm 2023 kết nạp 5 đảng viên mới.")
    admit(tree.cell_a2, 1, 2023, start=50)
    return _built(report, users)


def test_the_list_for_a_writer_and_a_reader(tree, users, report):
    services.report_create(actor=users.bloc_admin, organization=tree.committee_b, kind="year-end", period="2023")
    page = text(client_for(users.staff_a).get(reverse("reports:list")))
    assert "1 báo cáo" in page
    assert ("Đảng bộ Sở Tài chính Báo cáo tổng kết năm Năm 2023 12 Chưa lập Mở báo cáo" in page)
    assert "Lập báo cáo" in page and "Thiết lập văn bản" in page
    assert "Đảng bộ Sở Y tế" not in page.split("Loại báo cáo")[-1]
    page = text(client_for(users.viewer).get(reverse("reports:list")))
    assert "2 báo cáo" in page
    assert "Lập báo cáo" not in page and "Thiết lập văn bản" not in page
    filtered = text(client_for(users.viewer).get(reverse("reports:list"), {"org": tree.committee_b.pk}))
    assert "1 báo cáo" in filtered


def test_the_menu_leads_to_the_reports(users):
    html = client_for(users.viewer).get(reverse("home")).content.decode()
    assert f'<a href="{reverse("reports:list")}">Báo cáo tổng kết</a>' in html


def test_a_report_is_created_from_the_form(tree, users):
    client = client_for(users.staff_a)
    assert client.get(reverse("reports:new")).status_code == 200
    response = client.post(reverse("reports:new"), {"organization": tree.committee_a.pk, "kind": "year-end",
                                                     "period": "2024", "number": "7", "issued_on": "15/01/2025"})
    created = Report.objects.get()
    assert response.url == reverse("reports:detail", args=[created.pk])
    assert (created.organization, created.kind, created.period, created.number, created.issued_on) == (
        tree.committee_a, "year-end", "2024", "7", D(2025, 1, 15))


def test_a_period_that_does_not_suit_the_kind_is_refused_on_its_field(tree, users):
    response = client_for(users.staff_a).post(reverse("reports:new"), {
        "organization": tree.committee_a.pk, "kind": "half-year", "period": "2023"})
    assert response.status_code == 400
    html = response.content.decode()
    field = html[html.index('name="period"'):]
    assert field[:field.index("</label>")].count(
        "Báo cáo sơ kết 6 tháng được lập cho kỳ dạng 2023H1, không phải 2023.") == 1
    assert Report.objects.count() == 0


def test_the_report_page_for_a_writer_and_a_reader(users, report, monkeypatch):
    monkeypatch.setattr("dangvu.reports.formats.pdf_available", lambda: False)  # a server without LibreOffice
    page = text(client_for(users.staff_a).get(reverse("reports:detail", args=[report.pk])))
    assert ("Tổ chức đảng Đảng bộ Sở Tài chính Loại báo cáo Báo cáo tổng kết năm Kỳ báo cáo Năm 2023 Số 12 "
            "Ngày 17/01/2024 Hội nghị tổng kết —") in page
    assert "Tình trạng: Chưa lập" in page
    assert "Lập báo cáo" in page and "Chưa có tệp nào: hãy lập báo cáo." in page
    assert "Chưa xuất được PDF: cài LibreOffice (gói libreoffice-writer-nogui) trên máy chủ để xuất PDF." in page
    reader = text(client_for(users.viewer).get(reverse("reports:detail", args=[report.pk])))
    assert "Tình trạng: Chưa lập" in reader
    assert "Lập báo cáo" not in reader and "Thiết lập văn bản" not in reader


def test_queued_the_report_is_built_and_its_files_listed(users, report, fake_files, settings,
                                                        django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_for(users.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:build", args=[report.pk]))
    assert response.url == reverse("reports:detail", args=[report.pk])
    report.refresh_from_db()
    assert (report.state, report.progress) == (Report.State.READY, 100)
    assert sorted(File.objects.filter(report=report).values_list("format", flat=True)) == ["docx", "html", "xlsx"]
    response = client.get(reverse("reports:detail", args=[report.pk]))
    page = text(response)
    assert "Báo cáo đang được lập: trang này sẽ tự cập nhật tiến độ." in page
    assert "Tình trạng: Đã lập" in page and "Lập lại" in page
    html = response.content.decode()
    for fmt in ("docx", "xlsx"):
        assert f'href="{reverse("reports:file", args=[report.pk, fmt])}" download' in html
    assert f'href="{reverse("reports:file", args=[report.pk, "html"])}" target="_blank" rel="noopener">Xem trước' in html
    assert "Năm 2023, toàn Đảng bộ kết nạp 5 đảng viên" in page  # the paragraphs of the build


def test_the_progress_is_polled_while_the_report_is_built(users, report):
    Report.objects.filter(pk=report.pk).update(state=Report.State.BUILDING, progress=40,
                                               progress_text="Đang đọc số liệu")
    url = reverse("reports:progress", args=[report.pk])
    client = client_for(users.viewer)
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s"' in html and '<progress max="100" value="40">' in html
    assert "Đang đọc số liệu" in html
    page = text(client.get(reverse("reports:detail", args=[report.pk])))
    assert "Tình trạng: Đang lập 40%" in page
    Report.objects.filter(pk=report.pk).update(state=Report.State.READY, progress=100)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true" and "hx-get" not in response.content.decode()


def test_a_failed_build_shows_its_error(users, report):
    Report.objects.filter(pk=report.pk).update(state=Report.State.FAILED, error="Chưa có số liệu năm 2023.")
    page = text(client_for(users.staff_a).get(reverse("reports:detail", args=[report.pk])))
    assert "Tình trạng: Không lập được Chưa có số liệu năm 2023." in page


def test_a_file_is_downloaded_and_the_html_opens_inline(users, report):
    now = datetime.datetime(2024, 1, 17, 8, tzinfo=datetime.UTC)
    File.objects.create(report=report, format="docx", content=b"PK-word", size=7, built_at=now)
    File.objects.create(report=report, format="html", content=b"<html>bao cao</html>", size=20, built_at=now)
    client = client_for(users.viewer)
    response = client.get(reverse("reports:file", args=[report.pk, "docx"]))
    assert response["Content-Type"] == formats.CONTENT_TYPES["docx"]
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-DB-STC-2023.docx"'
    assert response.content == b"PK-word"
    response = client.get(reverse("reports:file", args=[report.pk, "html"]))
    assert (response["Content-Type"], response["Content-Disposition"], response.content) == (
        "text/html; charset=utf-8", 'inline; filename="bao-cao-DB-STC-2023.html"', b"<html>bao cao</html>")
    assert client.get(reverse("reports:file", args=[report.pk, "xlsx"])).status_code == 404
    assert client.get(reverse("reports:file", args=[report.pk, "exe"])).status_code == 404


def test_a_paragraph_is_edited_through_its_form(users, report):
    _built(report, users)
    client = client_for(users.staff_a)
    url = reverse("reports:paragraph_edit", args=[report.pk])
    form = client.get(url, {"key": KEY})
    assert "Năm 2023, toàn Đảng bộ kết nạp 5 đảng viên" in form.content.decode()
    response = client.post(url, {"key": KEY, "text": "   "})
    assert response.status_code == 400
    assert "Hãy viết nội dung đoạn văn, hoặc khôi phục nội dung do hệ thống lập." in text(response)
    response = client.post(url, {"key": KEY, "text": "Năm 2023 kết nạp 5 đảng viên mới."})
    assert response.url == reverse("reports:detail", args=[report.pk]) + f"#p-{KEY}"
    assert Edit.objects.get(report=report, key=KEY).text == "Năm 2023 kết nạp 5 đảng viên mới."
    page = text(client.get(reverse("reports:detail", args=[report.pk])))
    assert "Năm 2023 kết nạp 5 đảng viên mới. Đã sửa do Cán bộ Sở Tài chính sửa ngày" in page
    assert "Khôi phục" in page and "Đã xem lại" not in page
    assert client.get(url, {"key": "no.such"}).status_code == 404


def test_a_flagged_paragraph_shows_the_figures_then_now_and_is_reviewed(tree, users, report):
    _flagged(tree, report, users)
    client = client_for(users.staff_a)
    response = client.get(reverse("reports:detail", args=[report.pk]))
    page = text(response)
    assert "Tình trạng: Đã lập · lập lúc " in page and "1 đoạn văn đã sửa có số liệu thay đổi: hãy xem lại (các đoạn tô màu bên dưới). Lập lại" in page
    assert ("Số liệu đã thay đổi từ khi sửa: Đảng viên được kết nạp: 5 → 6 Số liệu trong đoạn (bấm để xem số liệu được "
            "tính từ đâu) Đảng viên được kết nạp : 6 Sửa Đã xem lại Khôi phục") in page
    assert "admissions" not in page  # the figures' keys are the system's own
    assert re.search(r'class="paragraph flagged" id="p-members\.admissions"', response.content.decode())
    response = client.post(reverse("reports:paragraph_review", args=[report.pk]), {"key": KEY})
    assert response.url.endswith(f"#p-{KEY}")
    edit = Edit.objects.get(report=report, key=KEY)
    assert (edit.flagged, edit.changed) == (False, {})
    page = text(client.get(reverse("reports:detail", args=[report.pk])))
    assert "Đã đánh dấu là đã xem lại." in page and "có số liệu thay đổi" not in page
    # Reviewed twice: the rule's words, nothing written.
    client.post(reverse("reports:paragraph_review", args=[report.pk]), {"key": KEY})
    assert "Đoạn văn này không có số liệu thay đổi cần xem lại." in text(client.get(reverse("reports:detail", args=[report.pk])))


def test_an_edited_paragraph_is_restored(tree, users, report):
    _flagged(tree, report, users)
    client = client_for(users.staff_a)
    client.post(reverse("reports:paragraph_restore", args=[report.pk]), {"key": KEY})
    assert not Edit.objects.filter(report=report).exists()
    page = text(client.get(reverse("reports:detail", args=[report.pk])))
    assert "Đã khôi phục nội dung do hệ thống lập." in page and "Đã sửa" not in page


def test_a_reader_sees_the_paragraphs_without_the_buttons(tree, users, report):
    _flagged(tree, report, users)
    page = text(client_for(users.viewer).get(reverse("reports:detail", args=[report.pk])))
    assert ("Số liệu đã thay đổi từ khi sửa: Đảng viên được kết nạp: 5 → 6 Số liệu trong đoạn (bấm để xem số liệu được "
            "tính từ đâu) Đảng viên được kết nạp : 6 Công nhận đảng viên chính thức") in page
    for button in ("Sửa Đã xem lại", "Khôi phục", "Lập lại"):
        assert button not in page
    assert client_for(users.viewer).post(reverse("reports:paragraph_review", args=[report.pk]),
                                         {"key": KEY}).status_code == 403
    assert Edit.objects.get(report=report, key=KEY).flagged


def test_the_document_settings_are_saved(tree, users):
    client = client_for(users.staff_a)
    url = reverse("reports:settings", args=[tree.committee_a.pk])
    page = text(client.get(url))
    assert "Các dòng này dùng cho phần đầu và phần ký của mọi văn bản của tổ chức." in page
    response = client.post(url, {"superior_body": "ĐẢNG BỘ CÁC CƠ QUAN ĐẢNG TỈNH", "issuing_body": "ĐẢNG ỦY SỞ TÀI CHÍNH",
                                 "number_symbol": "BC/ĐU", "place": "Rạch Giá", "signature_mode": "T/M",
                                 "signing_body": "BAN THƯỜNG VỤ", "position": "BÍ THƯ", "signer": "Nguyễn Văn A",
                                 "recipients": "Ban Tổ chức\nLưu VP", "margin_top": "20", "margin_bottom": "20",
                                 "margin_left": "30", "margin_right": "15"})
    assert response.url == url
    saved = DocumentSettings.objects.get(organization=tree.committee_a)
    assert (saved.issuing_body, saved.place, saved.recipients) == ("ĐẢNG ỦY SỞ TÀI CHÍNH", "Rạch Giá",
                                                                   "Ban Tổ chức\nLưu VP")
    assert 'value="Rạch Giá"' in client.get(url).content.decode()
    assert client_for(users.viewer).get(url).status_code == 403


def test_a_conference_with_its_commendations_and_reports(tree, users, report):
    client = client_for(users.staff_a)
    response = client.post(reverse("reports:conference_new"), {
        "organization": tree.committee_a.pk, "name": "Hội nghị tổng kết năm 2023", "period": "2023",
        "held_on": "20/01/2024", "place": "Hội trường Sở", "chair": "Đồng chí Bí thư"})
    conference = report.organization and services.Conference.objects.get()
    assert response.url == reverse("reports:conference", args=[conference.pk])
    services.report_update(actor=users.staff_a, report=report, number="12", issued_on=report.issued_on,
                           conference=conference)
    commendation = award_services.commendation_create(
        actor=users.bloc_admin, kind="upper_certificate", year=2023, reason="Hoàn thành xuất sắc nhiệm vụ",
        number="9-QĐ/ĐUK", decided_on=D(2024, 1, 15), deciding_body=tree.bloc, organization=tree.cell_a1,
        conference="Hội nghị tổng kết năm 2023", conference_on=D(2024, 1, 20))
    response = client.get(reverse("reports:conference", args=[conference.pk]))
    page = text(response)
    assert "Hội nghị tổng kết năm 2023 Tổ chức đảng Đảng bộ Sở Tài chính Kỳ báo cáo Năm 2023 Ngày 20/01/2024" in page
    assert f'href="{reverse("awards:detail", args=[commendation.pk])}"' in response.content.decode()
    assert f'href="{reverse("reports:detail", args=[report.pk])}">Báo cáo tổng kết năm — Năm 2023' in (
        response.content.decode())
    assert "1 hội nghị" in text(client_for(users.viewer).get(reverse("reports:conferences")))
    response = client.post(reverse("reports:conference_edit", args=[conference.pk]), {
        "name": "Hội nghị tổng kết công tác năm 2023", "period": "2023", "held_on": "20/01/2024"})
    conference.refresh_from_db()
    assert conference.name == "Hội nghị tổng kết công tác năm 2023"
    assert "Sửa" not in text(client_for(users.viewer).get(reverse("reports:conference", args=[conference.pk])))


def test_another_committees_report_is_not_there(tree, users, report):
    other = services.report_create(actor=users.bloc_admin, organization=tree.committee_b, kind="year-end",
                                   period="2023")
    client = client_for(users.staff_a)
    for name in ("reports:detail", "reports:progress", "reports:paragraph_edit"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404, name
    assert client.get(reverse("reports:file", args=[other.pk, "docx"])).status_code == 404
    assert client.post(reverse("reports:build", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:settings", args=[tree.committee_b.pk])).status_code == 404


def test_every_figure_of_a_paragraph_leads_to_what_it_is_made_of(tree, users, report):
    _built(report, users)
    response = client_for(users.staff_a).get(reverse("reports:detail", args=[report.pk]))
    html = response.content.decode()
    explain = reverse("dashboard:explain", args=["KET_NAP", tree.committee_a.pk, "2023"])
    assert f'<li><a href="{explain}">Đảng viên được kết nạp</a>: 5</li>' in html
    # A count no indicator names is listed in words, without a link.
    assert "<li>Buổi học tập, quán triệt nghị quyết đã tổ chức: 0</li>" in html
    page = text(client_for(users.staff_a).get(explain))
    assert "Kết nạp đảng viên mới" in page
