"""Vietnamese text: search normalization and collation (dangvu.core.text), and member lists
coming out of the database in Vietnamese order."""

from __future__ import annotations

import datetime
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from dangvu.core.actors import SYSTEM
from dangvu.core.text import clean_text, name_sort_key, normalize, sort_key, split_name, vi_sorted
from dangvu.members import selectors

ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Văn Được", "nguyen van duoc"),
        ("ĐẮK LẮK", "dak lak"),
        ("  Hồ   Thị\tƯớc  ", "ho thi uoc"),
        ("Đảng bộ Sở Tài chính", "dang bo so tai chinh"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text(alphabet="Nguyễn ĐắkLắkƯỚCồờ\t0", max_size=40))
def test_normalize_reads_each_character_as_unidecode_reads_the_whole_text(text):
    # normalize keeps unidecode's answer for each character met (str.translate): the same
    # as unidecode over the whole text, for any text.
    assert normalize(text) == re.sub(r"\s+", " ", unidecode(clean_text(text)).lower()).strip()


def test_split_name():
    assert split_name("Nguyễn Văn Được") == ("Nguyễn", "Văn", "Được")
    assert split_name("Tôn Nữ Thị Ngọc Hân") == ("Tôn", "Nữ Thị Ngọc", "Hân")
    assert split_name("Lê  Lợi") == ("Lê", "", "Lợi")
    assert split_name("Út") == ("", "", "Út")
    assert split_name("   ") == ("", "", "")


def test_alphabet_in_vietnamese_order():
    shuffled = ALPHABET[:]
    random.Random(7).shuffle(shuffled)
    assert vi_sorted(shuffled) == ALPHABET
    # Python's own order is wrong for Vietnamese: đ, ơ, ư come after z.
    assert sorted(ALPHABET) != ALPHABET


def test_letters_with_marks_follow_their_base_letter():
    words = ["Đào", "Dung", "Ơn", "Oanh", "Ông", "Ưng", "Uyên", "Út", "Ân", "Anh", "Ăn"]
    assert vi_sorted(words) == ["Anh", "Ăn", "Ân", "Dung", "Đào", "Oanh", "Ông", "Ơn", "Út", "Uyên", "Ưng"]


def test_tones_after_letters():
    # Tones only break ties between otherwise equal words: ngang, huyền, hỏi, ngã, sắc, nặng.
    assert vi_sorted(["ạ", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert vi_sorted(["Ánh", "Anh", "Ảnh"]) == ["Anh", "Ảnh", "Ánh"]
    assert vi_sorted(["Bà", "Bàn", "Ba"]) == ["Ba", "Bà", "Bàn"]


def test_sort_key_is_bytes_in_order():
    assert isinstance(sort_key("Đ"), bytes)
    assert sort_key("D") < sort_key("Đ") < sort_key("E")
    assert sort_key("") == sort_key(None)


def test_vi_sorted_by_key():
    items = [{"n": "Ửu"}, {"n": "Ưng"}, {"n": "Út"}]
    # Ửu and Ưng both start with ư (after u); then n before u.
    assert [i["n"] for i in vi_sorted(items, key=lambda i: i["n"])] == ["Út", "Ưng", "Ửu"]


NAMES_IN_ORDER = [
    "Lê Văn An",       # An: family Lê ...
    "Nguyễn Thị An",   # ... then Nguyễn (middle Thị before Văn)
    "Nguyễn Văn An",
    "Vũ Văn An",       # An before Anh, whatever the family name
    "Bùi Thị Anh",
    "Lê Thị Ánh",      # same letters as Anh, sắc tone after
    "Đỗ Văn Dũng",     # Dũng: family Đỗ before Phạm
    "Phạm Đức Dũng",
    "Hồ Thị Dương",    # Dương before Đạt: D before Đ
    "Trần Văn Đạt",
    "Lý Văn Út",       # Út, Uyên, then Ưng
    "Mai Thị Uyên",
    "Tạ Văn Ưng",
]


def test_names_sort_by_given_then_family_then_middle():
    shuffled = NAMES_IN_ORDER[:]
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == NAMES_IN_ORDER


def test_name_sort_key_is_collation_of_given_family_middle():
    assert name_sort_key("Nguyễn Văn Được") == sort_key("Được Nguyễn Văn")
    assert name_sort_key("Lê Lợi") == sort_key("Lợi Lê")
    assert name_sort_key("Út") == sort_key("Út")


@pytest.mark.django_db
def test_member_list_comes_out_in_vietnamese_order(tree, make_member):
    shuffled = NAMES_IN_ORDER[:]
    random.Random(11).shuffle(shuffled)
    for i, name in enumerate(shuffled):
        org = tree.cell_a1 if i % 2 else tree.cell_b2
        make_member(org, full_name=name)
    names = [m.full_name for m in selectors.member_list(actor=SYSTEM, today=datetime.date(2026, 1, 1))]
    assert names == NAMES_IN_ORDER
