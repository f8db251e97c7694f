"""Account pages: administrators only (403 with the reason for others), scoped (404
outside the subtree), the temporary password shown once, the change of password that a
temporary password leads every page to, unlocking after failed logins; the login and
lockout pages; the organization page's restructuring buttons by role."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dangvu.orgs import accounts
from dangvu.orgs.models import User
from tests.factories import PASSWORD, audit_rows, make_user
from tests.support import client_for, options, text

ADMIN_ONLY_VI = "Chỉ người quản trị của tổ chức mới được thực hiện thao tác này."
READ_ONLY_VI = "Tài khoản của bạn chỉ được xem."
NEW_PASSWORD = "mot-mat-khau-moi-2026"


def login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize(("who", "reason"), [("staff_a", ADMIN_ONLY_VI), ("viewer", READ_ONLY_VI)])
def test_staff_and_read_only_accounts_get_403_with_the_reason(tree, users, who, reason):
    client = client_for(getattr(users, who))
    pk = users.staff_a.pk
    for url in (reverse("accounts:list"), reverse("accounts:new"), reverse("accounts:edit", args=[pk]),
                reverse("accounts:reset", args=[pk]), reverse("accounts:deactivate", args=[pk])):
        response = client.get(url)
        assert response.status_code == 403, url
        assert reason in text(response)
    response = client.post(reverse("accounts:unlock", args=[pk]))
    assert response.status_code == 403
    response = client.post(reverse("accounts:reset", args=[pk]))
    assert response.status_code == 403
    assert User.objects.get(pk=pk).check_password(PASSWORD)
    # Their menu has no "Tài khoản", but "Đổi mật khẩu".
    header = client.get(reverse("home")).content.decode().split("</header>")[0]
    assert f'<a href="{reverse("accounts:password")}">Đổi mật khẩu</a>' in header
    assert reverse("accounts:list") + '"' not in header and "Tài khoản" not in header


def test_an_admin_lists_and_opens_only_the_accounts_of_its_subtree(tree, users):
    other = make_user(tree.cell_b1, "canbo_bv", User.Role.STAFF, actor=users.bloc_admin, full_name="Cán bộ Bệnh viện")
    client = client_for(users.admin_a)
    response = client.get(reverse("accounts:list"))
    assert response.status_code == 200
    page = text(response)
    assert "Quản trị Sở Tài chính admin_stc Đảng bộ Sở Tài chính Quản trị Đang hoạt động" in page
    assert "Cán bộ Sở Tài chính staff_stc Đảng bộ Sở Tài chính Cán bộ nghiệp vụ Đang hoạt động" in page
    assert "canbo_bv" not in page and "admin_khoi" not in page
    for account in (other, users.bloc_admin, users.viewer):
        for name in ("accounts:edit", "accounts:reset", "accounts:deactivate"):
            assert client.get(reverse(name, args=[account.pk])).status_code == 404
        assert client.post(reverse("accounts:unlock", args=[account.pk])).status_code == 404
    # The organizations offered are those of its subtree, in tree order.
    assert options(client.get(reverse("accounts:new")), "organization") == [
        "Đảng bộ Sở Tài chính", "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Đảng bộ bộ phận Kho bạc", "Chi bộ Kho bạc 1"]
    assert "Tài khoản" in text(client.get(reverse("home")))


def test_an_admin_creates_an_account_and_reads_its_temporary_password_once(tree, users, monkeypatch):
    monkeypatch.setattr(accounts, "temporary_password", lambda: "abcd-efgh-jkmn")
    client = client_for(users.admin_a)
    response = client.post(reverse("accounts:new"), {
        "username": "canbo_vp", "full_name": "Lê Thị Văn", "organization": tree.cell_a1.pk, "role": "staff"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"].split(", ")
    page = text(response)
    assert "Tên đăng nhập canbo_vp Mật khẩu tạm thời abcd-efgh-jkmn" in page
    assert "Mật khẩu chỉ hiện lần này" in page
    user = User.objects.get(username="canbo_vp")
    assert (user.organization_id, user.role, user.first_name, user.must_change_password) == (
        tree.cell_a1.pk, "staff", "Lê Thị Văn", True)
    assert [r.action for r in audit_rows(user)] == ["account.create"]
    # The same username again: the form says so, nothing is created.
    response = client.post(reverse("accounts:new"), {
        "username": "CANBO_VP", "full_name": "X", "organization": tree.cell_a1.pk, "role": "staff"})
    assert response.status_code == 400
    assert "Tên đăng nhập CANBO_VP đã được sử dụng." in text(response)
    # An organization outside its subtree is not offered: the form refuses it.
    response = client.post(reverse("accounts:new"), {
        "username": "ngoai", "full_name": "X", "organization": tree.cell_b1.pk, "role": "staff"})
    assert response.status_code == 400
    assert not User.objects.filter(username="ngoai").exists()


def test_edit_deactivate_and_reset_through_the_pages(tree, users, monkeypatch):
    client = client_for(users.admin_a)
    pk = users.staff_a.pk
    response = client.post(reverse("accounts:edit", args=[pk]), {
        "full_name": "Cán bộ Văn phòng", "organization": tree.cell_a1.pk, "role": "viewer", "is_active": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:list")
    user = User.objects.get(pk=pk)
    assert (user.first_name, user.organization_id, user.role) == ("Cán bộ Văn phòng", tree.cell_a1.pk, "viewer")
    # Its own account: no deactivation, the reason shown.
    own = client.get(reverse("accounts:deactivate", args=[users.admin_a.pk]))
    assert own.status_code == 403
    assert ("Bạn không thể tự khóa tài khoản của mình: việc này do quản trị viên cấp trên thực hiện."
            in text(own))
    response = client.post(reverse("accounts:edit", args=[users.admin_a.pk]), {
        "full_name": "Quản trị", "organization": tree.committee_a.pk, "role": "staff", "is_active": "on"})
    assert response.status_code == 400
    assert "Bạn không thể tự hạ vai trò tài khoản của mình" in text(response)

    monkeypatch.setattr(accounts, "temporary_password", lambda: "pqrs-tuvw-xyz2")
    assert client.get(reverse("accounts:reset", args=[pk])).status_code == 200
    response = client.post(reverse("accounts:reset", args=[pk]))
    assert response.status_code == 200 and "pqrs-tuvw-xyz2" in text(response)
    assert User.objects.get(pk=pk).check_password("pqrs-tuvw-xyz2")
    response = client.post(reverse("accounts:deactivate", args=[pk]), {"reason": "Chuyển công tác"})
    assert response.status_code == 302
    assert User.objects.get(pk=pk).is_active is False
    assert "Đã vô hiệu hóa" in text(client.get(reverse("accounts:list")))


def test_a_temporary_password_leads_every_page_to_the_change_of_password(tree, users):
    temporary = accounts.user_password_reset(actor=users.admin_a, user=users.staff_a)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    response = login(client, "staff_stc", temporary)
    assert response.status_code == 302
    for url in (reverse("home"), reverse("members:list"), reverse("orgs:detail", args=[tree.committee_a.pk]),
                reverse("accounts:list")):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, reverse("accounts:password")), url
    response = client.get(reverse("accounts:password"))
    assert response.status_code == 200
    assert "Bạn đang dùng mật khẩu tạm thời. Hãy đặt mật khẩu của riêng mình để tiếp tục." in text(response)
    # Validators, with their messages.
    response = client.post(reverse("accounts:password"), {
        "old_password": temporary, "new_password": "kg2026", "new_password2": "kg2026"})
    assert response.status_code == 400
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in text(response)
    response = client.post(reverse("accounts:password"), {
        "old_password": temporary, "new_password": "password123", "new_password2": "password123"})
    assert "Mật khẩu này quá phổ biến." in text(response)
    response = client.post(reverse("accounts:password"), {
        "old_password": "sai", "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert "Mật khẩu hiện tại không đúng." in text(response)
    response = client.post(reverse("accounts:password"), {
        "old_password": temporary, "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert "Hai lần nhập mật khẩu mới không khớp" in text(response)
    response = client.post(reverse("accounts:password"), {
        "old_password": temporary, "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    response = client.get(reverse("home"))  # still signed in, and free to go anywhere
    assert response.status_code == 200 and "Đã đổi mật khẩu của bạn." in text(response)
    assert User.objects.get(pk=users.staff_a.pk).must_change_password is False
    # Logging out is always allowed.
    users.viewer.must_change_password = True
    users.viewer.save()
    viewer = client_for(users.viewer)
    assert viewer.post(reverse("logout"))["Location"] == reverse("login")


def test_unlock_ends_a_lockout_made_by_failed_logins(tree, users):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    for _i in range(5):
        assert login(client, "staff_stc", "sai-mat-khau").status_code in (200, 429)
    response = login(client, "staff_stc", PASSWORD)
    assert response.status_code == 429
    page = text(response)
    assert "Quản trị viên của tổ chức bạn (hoặc của cấp ủy cấp trên) có thể mở khóa ngay" in page
    admin = client_for(users.admin_a)
    assert "staff_stc Đảng bộ Sở Tài chính Cán bộ nghiệp vụ Đang bị khóa" in text(admin.get(reverse("accounts:list")))
    response = admin.post(reverse("accounts:unlock", args=[users.staff_a.pk]))
    assert response.status_code == 302
    assert "Đã mở khóa tài khoản staff_stc" in text(admin.get(response["Location"]))
    assert (login(client, "staff_stc", PASSWORD).status_code, client.get(reverse("home")).status_code) == (302, 200)
    # Not locked any more: the button is gone, and a second unlock says why.
    response = admin.post(reverse("accounts:unlock", args=[users.staff_a.pk]), follow=True)
    assert "Tài khoản staff_stc không bị khóa." in text(response)


def test_the_login_page_says_what_to_do_when_the_password_is_forgotten(db):
    page = text(Client(HTTP_ACCEPT_LANGUAGE="vi").get(reverse("login")))
    assert ("Quên mật khẩu? Hãy liên hệ quản trị viên của tổ chức mình (hoặc của cấp ủy cấp trên) để được cấp "
            "mật khẩu tạm thời; khi đăng nhập, bạn sẽ tự đặt lại mật khẩu mới.") in page


def test_a_session_lasts_a_working_day_and_ends_with_the_browser():
    assert (settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE) == (9 * 3600, True)


def test_demo_style_accounts_are_not_asked_to_change_their_password(tree, users):
    """An account created with a chosen password (the demo's, the tests') goes straight in."""
    client = Client()
    assert login(client, "viewer_khoi", PASSWORD).status_code == 302
    assert client.get(reverse("home")).status_code == 200


# --- the organization page: restructuring by role ------------------------------------------

RESTRUCTURE_OWN_VI = ("Đảng bộ Sở Tài chính là tổ chức của chính tài khoản bạn: chỉ quản trị viên cấp trên mới được "
                      "đổi tên, chuyển trực thuộc, hợp nhất hoặc giải thể tổ chức này.")


def test_the_organization_page_offers_restructuring_to_administrators_only(tree, users):
    staff = client_for(users.staff_a)
    page = text(staff.get(reverse("orgs:detail", args=[tree.cell_a1.pk])))
    assert "Đổi tên" not in page and ADMIN_ONLY_VI in page
    response = staff.get(reverse("orgs:action", args=[tree.cell_a1.pk, "rename"]))
    assert response.status_code == 403 and ADMIN_ONLY_VI in text(response)
    response = staff.post(reverse("orgs:action", args=[tree.committee_a.pk, "new"]), {
        "code": "CB-X", "name": "Chi bộ X", "kind": "cell", "established_on": "15/03/2024"})
    assert response.status_code == 403 and ADMIN_ONLY_VI in text(response)

    admin = client_for(users.admin_a)
    page = text(admin.get(reverse("orgs:detail", args=[tree.committee_a.pk])))
    assert "Thêm tổ chức trực thuộc" in page and "Đổi tên" not in page and RESTRUCTURE_OWN_VI in page
    response = admin.post(reverse("orgs:action", args=[tree.committee_a.pk, "rename"]),
                          {"name": "Tên mới", "on": "01/01/2024"})
    assert response.status_code == 403 and RESTRUCTURE_OWN_VI in text(response)
    page = text(admin.get(reverse("orgs:detail", args=[tree.cell_a1.pk])))
    assert "Đổi tên" in page and "Giải thể" in page and RESTRUCTURE_OWN_VI not in page
