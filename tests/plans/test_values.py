"""Reading and checking a value of an indicator (`plans.values`): numbers as Vietnamese and
English write them, a percentage with its sign, the database's limits, counts whole and
not negative; every refusal with its message and its stable code."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from dangvu.core.errors import ValidationError, codes
from dangvu.plans.models import Indicator
from dangvu.plans.values import number_text, parse_number, read_value

COUNT = Indicator(code="C", name="Số lượng", value_type=Indicator.ValueType.COUNT)
AMOUNT = Indicator(code="A", name="Số tiền", value_type=Indicator.ValueType.AMOUNT)
PERCENT = Indicator(code="P", name="Tỷ lệ", value_type=Indicator.ValueType.PERCENT)
RATIO = Indicator(code="R", name="Tỷ số", value_type=Indicator.ValueType.RATIO)


def refusal(raw, indicator=AMOUNT, language="en", **kwargs) -> tuple[dict, list[str]]:
    with translation.override(language), pytest.raises(ValidationError) as exc:
        read_value(raw, indicator, **kwargs)
    return exc.value.message_dict, codes(exc.value)


@pytest.mark.parametrize(("raw", "expected"), [
    ("9.500", Decimal("9500")),
    ("1.234,5", Decimal("1234.5")),
    ("1234,5", Decimal("1234.5")),
    ("10,6", Decimal("10.6")),
    ("1234", Decimal("1234")),
    ("-1.000", Decimal("-1000")),
    ("−2,5", Decimal("-2.5")),  # the minus sign
    ("+7", Decimal("7")),
    (" 1 234 567,25 ", Decimal("1234567.25")),
    ("1\u00a0234,5", Decimal("1234.5")),
    ("1.234.567", Decimal("1234567")),
    ("0,0001", Decimal("0.0001")),
    ("", None),
    ("   ", None),
    (None, None),
    (12, Decimal("12")),
    (Decimal("12.50"), Decimal("12.50")),
])
def test_vietnamese_numbers(raw, expected):
    with translation.override("vi"):
        assert read_value(raw, AMOUNT) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("1,234.5", Decimal("1234.5")),
    ("1234.5", Decimal("1234.5")),
    ("9,500", Decimal("9500")),
    ("1.5", Decimal("1.5")),
    ("-1,000", Decimal("-1000")),
    ("1,234,567.25", Decimal("1234567.25")),
    (12, Decimal("12")),
])
def test_english_numbers(raw, expected):
    with translation.override("en"):
        assert read_value(raw, AMOUNT) == expected


@pytest.mark.parametrize(("raw", "language"), [
    ("1.5", "vi"),  # a thousands separator groups three digits: neither 15 nor 1,5
    ("10.60", "vi"),
    ("1,2,3", "vi"),
    ("1.23,4", "vi"),
    ("1234.5", "vi"),
    (",5", "vi"),
    ("5,", "vi"),
    ("1,5", "en"),
    ("1.234,5", "en"),
    ("abc", "en"),
    ("nhiều", "vi"),
    ("1e5", "en"),
    ("--1", "en"),
    ("NaN", "en"),
])
def test_what_is_not_a_number(raw, language):
    with translation.override(language), pytest.raises(ValidationError) as exc:
        read_value(raw, AMOUNT)
    assert codes(exc.value) == ["not_a_number"]
    assert list(exc.value.message_dict) == ["value"]


def test_not_a_number_says_how_to_write_it():
    assert refusal("nhiều", language="en") == (
        {"value": ["“nhiều” is not a number: write it as 1,234.5."]}, ["not_a_number"])
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        read_value(" 1.5 ", AMOUNT)
    assert exc.value.messages == ["“1.5” không phải là số: hãy viết theo dạng 1.234,5."]
    assert refusal(Decimal("NaN")) == ({"value": ["“NaN” is not a number: write it as 1,234.5."]}, ["not_a_number"])
    assert refusal(True) == ({"value": ["“True” is not a number: write it as 1,234.5."]}, ["not_a_number"])


def test_a_percentage_may_carry_its_sign_other_values_not():
    with translation.override("vi"):
        assert read_value("90%", PERCENT) == Decimal("90")
        assert read_value("97,5 %", PERCENT) == Decimal("97.5")
        assert read_value("90", PERCENT) == Decimal("90")
    for indicator in (AMOUNT, COUNT, RATIO):
        assert refusal("90%", indicator) == (
            {"value": ["“90%”: only a percentage is written with a percent sign."]}, ["percent_sign"])
    assert refusal("%", PERCENT)[1] == ["not_a_number"]


def test_counts_are_whole_and_not_negative():
    with translation.override("vi"):
        assert read_value("1.200", COUNT) == Decimal("1200")
        assert read_value(Decimal("3.000"), COUNT) == Decimal("3.000")
    assert refusal(-1, COUNT) == ({"value": ["A count cannot be negative."]}, ["count_negative"])
    assert refusal("2.5", COUNT) == ({"value": ["A count is a whole number."]}, ["count_whole"])
    assert read_value(-1, AMOUNT) == Decimal("-1")  # an amount may be negative (a loss)


def test_the_database_limits(english):
    assert read_value("1.2345", AMOUNT) == Decimal("1.2345")
    assert read_value(Decimal("1.23450000"), AMOUNT) == Decimal("1.23450000")  # zeros beyond the 4th: fine
    assert refusal("1.23456") == ({"value": ["Write at most 4 decimal places."]}, ["decimals"])
    assert read_value("9" * 16, AMOUNT) == Decimal("9" * 16)
    assert read_value("-" + "9" * 16, AMOUNT) == Decimal("-" + "9" * 16)
    assert refusal("1" + "0" * 16) == ({"value": ["The number is too large."]}, ["too_large"])
    assert refusal("1" * 30 + ".123456") == ({"value": ["The number is too large."]}, ["too_large"])
    assert refusal(Decimal("1E+30"), COUNT) == ({"value": ["The number is too large."]}, ["too_large"])


def test_the_field_an_error_is_about():
    assert refusal(-1, COUNT, field="share-7") == ({"share-7": ["A count cannot be negative."]}, ["count_negative"])
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        read_value(-1, COUNT, field=None)  # as a form field's clean raises it
    assert not hasattr(exc.value, "error_dict")
    assert (exc.value.messages, exc.value.code) == (["A count cannot be negative."], "count_negative")


def test_parse_number_without_an_indicator():
    with translation.override("vi"):
        assert parse_number("1.234,5") == Decimal("1234.5")
        assert parse_number("50%", percent_sign=True) == Decimal("50")
        with pytest.raises(ValidationError) as exc:
            parse_number("50%")
    assert exc.value.code == "percent_sign"


def test_number_text_writes_a_stored_value_back():
    with translation.override("vi"):
        assert [number_text(v) for v in (None, Decimal("1234.5000"), Decimal("9500"), Decimal("0.1234"))] == [
            "", "1.234,5", "9.500", "0,1234"]
    with translation.override("en"):
        assert number_text(Decimal("1234.5000")) == "1,234.5"
    with translation.override("vi"):  # what is written back reads back the same
        assert read_value(number_text(Decimal("1234567.125")), AMOUNT) == Decimal("1234567.125")
