"""Issue 9: text is clean when it comes in (dangvu.core.text.clean_text, dangvu.core.fields)."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from dangvu.core.fields import CleanFormCharField
from dangvu.core.text import clean_text

NFD = unicodedata.normalize("NFD", "ĐB-Đảng")


@pytest.mark.parametrize(("raw", "single", "multi"), [
    ("Nguyễn\x01 Văn An", "Nguyễn Văn An", "Nguyễn Văn An"),
    (NFD, "ĐB-Đảng", "ĐB-Đảng"),
    ("  a\r\nb\tc\x00\x7f\x9f\u200b\ufeff  ", "a b c", "a\nb\tc"),
    ("dòng 1\rdòng 2\u2028dòng 3", "dòng 1 dòng 2 dòng 3", "dòng 1\ndòng 2\ndòng 3"),
    ("", "", ""),
])
def test_clean_text(raw, single, multi):
    assert clean_text(raw) == single
    assert clean_text(raw, multiline=True) == multi
    assert unicodedata.is_normalized("NFC", clean_text(raw))


def test_clean_text_leaves_what_is_not_text():
    assert clean_text(None) is None
    assert clean_text(5) == 5


def test_form_field_shows_what_will_be_stored():
    assert CleanFormCharField().clean(" Chi\x01 bộ " + NFD) == "Chi bộ ĐB-Đảng"
    assert CleanFormCharField(multiline=True).clean("a\r\nb\x02") == "a\nb"
    with pytest.raises(ValidationError) as exc:
        CleanFormCharField().clean("\x01 \u200b")
    assert exc.value.code == "required"
