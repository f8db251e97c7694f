"""The site as a whole: login, language, numbers, the home page and the header search."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD
from tests.support import client_for, text


def test_pages_need_login(db):
    response = Client().get(reverse("members:list"))
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/members/"

def test_login_page_is_vietnamese_by_default(db):
    html = Client().get(reverse("login")).content.decode()
    assert "Tên đăng nhập" in html
    assert "Mật khẩu" in html
    assert '<html lang="vi">' in html


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(db):
    """Office computers often run an English browser: its languages are not asked."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html and "Username" in html

def test_login_locks_out_after_five_failures(users):
    client = Client()
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "staff_stc", "password": "sai"})
    assert response.status_code in (200, 429)
    # The right password no longer opens the account.
    response = client.post(reverse("login"), {"username": "staff_stc", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session

def test_login_succeeds_with_right_password(users):
    client = Client()
    response = client.post(reverse("login"), {"username": "staff_stc", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == users.staff_a.pk

def test_search_box_finds_members_and_organizations_in_scope(users, people):
    client = client_for(users.staff_a)
    html = client.get(reverse("search"), {"q": "van"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Nguyễn Văn Được" in html
    assert "Lê Văn Cường" not in html
    html = client.get(reverse("search"), {"q": "so y te"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Đảng bộ Sở Y tế" not in html
    html = client.get(reverse("search"), {"q": "so tai chinh"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Đảng bộ Sở Tài chính" in html

def test_home_shows_tree_and_counts(tree, users, people):
    html = client_for(users.bloc_admin).get(reverse("home")).content.decode()
    assert tree.bloc.name in html
    assert "Đảng bộ Sở Tài chính" in html and "Đảng bộ Sở Y tế" in html
    # Committee A holds 2 members, B holds 1: the counts beside each child.
    assert '<span class="count" title="đảng viên trong danh sách">2</span>' in html
    assert '<span class="count" title="đảng viên trong danh sách">1</span>' in html

def test_language_switch_to_english(users, people):
    client = client_for(users.bloc_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/members/"})
    html = client.get(reverse("members:list")).content.decode()
    assert "Party members" in html and "3 members" in html

def test_numbers_are_written_the_vietnamese_way():
    with translation.override("vi"):
        assert Template("{{ n }} {{ x }}").render(Context({"n": 1234567, "x": 1234.5})) == "1.234.567 1.234,5"
    with translation.override("en"):
        assert Template("{{ n }}").render(Context({"n": 1234567})) == "1,234,567"



@pytest.mark.parametrize("n", [3, 40])
def test_query_budget_home_and_tree(tree, users, grow, django_assert_max_num_queries, n):
    grow(n)
    client = client_for(users.bloc_admin)
    with django_assert_max_num_queries(8):  # 7, and the admission files due (one aggregate)
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("orgs:children", args=[tree.committee_a.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("orgs:detail", args=[tree.committee_a.pk])).status_code == 200


def test_the_search_box_reads_a_nul_character_as_nothing(users, people):
    """PostgreSQL refuses a NUL in any text it is given: the search drops control characters
    before querying (it was a server error there)."""
    response = client_for(users.staff_a).get(reverse("search"), {"q": "nguyen\x00 van duoc"})
    assert response.status_code == 200
    assert "Nguyễn Văn Được" in text(response)
