"""The import pages: upload → columns (pre-filled) → check (counts, first problems with row
and column) → confirm → progress → summary; a large file goes to a background task whose
progress the page polls."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangvu.exchange.models import ColumnMapping, ImportJob
from dangvu.exchange.selectors import progress_path
from dangvu.members.models import Member
from tests.support import client_for, text

CSV = ("Họ và tên,Giới tính,Ngày sinh,Chi bộ,Ngày vào Đảng,Ghi chú\n"
       "Trần Văn Nhập,Nam,02/01/1980,Chi bộ Văn phòng,17/01/2015,x\n"
       "Lê Thị Hai,Nữ,03/04/1985,Chi bộ Thanh tra,17/01/2016,y\n").encode()


def upload(client, tree, data=CSV, name="dang-vien.csv", kind="members", org=None):
    return client.post(reverse("imports:upload"), {
        "kind": kind, "org": (org or tree.committee_a).pk, "file": SimpleUploadedFile(name, data)})


def test_upload_map_check_confirm_and_the_summary(tree, users):
    client = client_for(users.staff_a)
    response = upload(client, tree)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    page = client.get(response.url)
    assert page.status_code == 200
    # The columns are pre-filled from their headers; the note is left out.
    assert job.mapping == {"0": "full_name", "1": "gender", "2": "birth_date", "3": "organization",
                           "4": "admission_decision_date"}
    mapping = {f"col{i}": f for i, f in job.mapping.items()}
    response = client.post(reverse("imports:job", args=[job.pk]), mapping)
    assert response.status_code == 302
    page = text(client.get(response.url))
    assert "Kết quả kiểm tra" in page and "2 dòng đã đọc" in page and "2 bản ghi sẽ được tạo" in page
    assert Member.objects.count() == 0
    assert ColumnMapping.objects.get(organization=tree.committee_a).headers["ghi chu"] == ""
    response = client.post(reverse("imports:confirm", args=[job.pk]))
    assert response.status_code == 302
    page = text(client.get(response.url))
    assert "Đã nhập" in page and "2 bản ghi đã được tạo" in page
    assert sorted(Member.objects.values_list("full_name", flat=True)) == ["Lê Thị Hai", "Trần Văn Nhập"]


def test_a_file_with_problems_shows_them_and_cannot_be_confirmed(tree, users):
    client = client_for(users.staff_a)
    data = CSV.replace(b"03/04/1985", b"31/02/1985")
    job_url = upload(client, tree, data).url
    job = ImportJob.objects.get()
    client.post(job_url, {f"col{i}": f for i, f in job.mapping.items()})
    page = text(client.get(job_url))
    assert "“31/02/1985” không phải là một ngày có trong lịch." in page
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 302
    assert Member.objects.count() == 0
    assert ImportJob.objects.get().state == ImportJob.State.FAILED


def test_an_unreadable_file_is_refused_on_upload(tree, users):
    response = upload(client_for(users.staff_a), tree, data=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
                      name="anh.csv")
    assert response.status_code == 400
    assert "Không đọc được các ký tự của tệp" in text(response)
    assert ImportJob.objects.count() == 0


def test_a_large_file_is_checked_by_a_background_task(tree, users, settings):
    settings.DANGVU_IMPORT_BACKGROUND_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_for(users.staff_a)
    job_url = upload(client, tree).url
    job = ImportJob.objects.get()
    assert job.rows_total == 3  # the lines of the file: the estimate the bar is drawn against
    client.post(job_url, {f"col{i}": f for i, f in job.mapping.items()})
    job.refresh_from_db()
    assert (job.state, job.rows_done) == (ImportJob.State.CHECKED, 2)
    assert "Kết quả kiểm tra" in text(client.get(reverse("imports:progress", args=[job.pk])))


def test_the_progress_is_polled_while_the_file_is_read(tree, users):
    client = client_for(users.staff_a)
    upload(client, tree)
    ImportJob.objects.update(state=ImportJob.State.WRITING, rows_done=1, rows_total=4)
    job = ImportJob.objects.get()
    html = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and '<progress max="100" value="25">' in html


def test_the_progress_of_an_import_under_way_is_read_beside_its_file(tree, users):
    # An import writes in one transaction: the job's row would not move until its end.
    client = client_for(users.staff_a)
    upload(client, tree)
    ImportJob.objects.update(state=ImportJob.State.WRITING, rows_done=1, rows_total=4)
    job = ImportJob.objects.get()
    progress_path(job).write_text("3")
    try:
        html = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    finally:
        progress_path(job).unlink()
    assert '<progress max="100" value="75">' in html


def test_staff_cannot_import_organizations(tree, users):
    client = client_for(users.staff_a)
    data = "Mã,Tên tổ chức,Loại,Ngày thành lập\nCB-X,Chi bộ X,Chi bộ,01/01/2015\n".encode()
    response = upload(client, tree, data=data, kind="organizations")
    assert response.status_code == 400
    assert "Chỉ người quản trị của tổ chức mới được thực hiện thao tác này." in text(response)


@pytest.mark.parametrize("name", ["members:export_csv"])
def test_the_members_list_exports_as_csv_with_its_filters(tree, users, make_member, name):
    make_member(tree.cell_a1, full_name="Nguyễn Văn An")
    make_member(tree.cell_a2, full_name="Lê Thị Bình")
    response = client_for(users.staff_a).get(reverse(name), {"org": tree.cell_a2.pk})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffSTT,Họ và tên,Giới tính,Ngày sinh,")
    assert "Lê Thị Bình" in body and "Nguyễn Văn An" not in body
    assert io.StringIO(body).read().count("\n") == 2
