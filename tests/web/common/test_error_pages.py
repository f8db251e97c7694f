"""Error pages (403, 404, 500) in Vietnamese, in the site's layout, with a way back home.
Tests run with DEBUG off (pytest-django), so Django answers with these templates."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.support import client_for, text


def test_404_is_vietnamese_in_the_site_layout(users):
    response = client_for(users.staff_a).get("/orgs/999999/")
    page = text(response)
    assert response.status_code == 404
    assert page.startswith("Không tìm thấy trang · dangvu Đảng vụ")
    assert ("Không tìm thấy trang Trang này không tồn tại, hoặc nội dung của nó nằm ngoài phạm vi tổ chức của "
            "bạn. Hãy kiểm tra lại địa chỉ, hoặc bắt đầu lại từ trang chủ hay ô tìm kiếm ở trên cùng. Về trang chủ"
            ) in page
    html = response.content.decode()
    assert '<header class="top">' in html and f'<a class="button" href="{reverse("home")}">Về trang chủ</a>' in html


def test_an_organization_outside_the_scope_answers_the_same_404(tree, users):
    response = client_for(users.staff_a).get(reverse("orgs:detail", args=[tree.committee_b.pk]))
    assert response.status_code == 404 and "Không tìm thấy trang" in text(response)
    assert tree.committee_b.name not in text(response)


def test_403_says_why_in_the_site_layout(tree, users):
    response = client_for(users.viewer).get(reverse("orgs:action", args=[tree.committee_a.pk, "rename"]))
    page = text(response)
    assert response.status_code == 403
    assert page.startswith("Không được phép · dangvu Đảng vụ")
    assert ("Bạn không được làm việc này Tài khoản của bạn chỉ được xem. Nếu bạn nghĩ mình cần được làm việc này, "
            "hãy đề nghị quản trị viên của tổ chức. Về trang chủ") in page
    assert '<header class="top">' in response.content.decode()


def test_500_renders_without_a_request_context(db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))  # no user, no session, no context processors
    page = text(response)
    assert response.status_code == 500
    assert page.startswith("Đã có lỗi xảy ra · dangvu Đảng vụ Đã có lỗi xảy ra Hệ thống không hoàn tất được trang này")
    assert '<a class="button" href="/">Về trang chủ</a>' in response.content.decode()
    assert "/static/web/app.css" in response.content.decode()


def test_500_of_a_broken_page_is_the_site_page(users, monkeypatch):
    def boom(request):
        raise RuntimeError("broken")

    monkeypatch.setattr("dangvu.web.common.views.member_selectors.on_roll_total", boom)
    client = Client(raise_request_exception=False)
    client.force_login(users.staff_a)
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in text(response) and "broken" not in text(response)
