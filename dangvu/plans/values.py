"""Reading and checking a value of an indicator (a unit's figure or a target), once, for
whoever sends it: a page, the API, an import, the CLI.

`read_value(raw, indicator)` takes a Decimal, an int or text. Text is read as the active
language writes numbers: "1.234,5" or "1234,5" in Vietnamese, "1,234.5" in English; a
thousands separator must group three digits, so "1.5" is refused in Vietnamese rather than
read as 15 or 1,5. A percentage may be written "90%". Every value fits the database (at
most 4 decimals and 16 whole digits); a count is whole and not negative.

A refusal is a ``ValidationError`` with a stable code: ``not_a_number``, ``percent_sign``,
``decimals``, ``too_large``, ``count_whole``, ``count_negative``. With ``field`` (the
default ``"value"``) the error is about that field (``message_dict``); with ``field=None``
it is a plain error, as a form field's ``clean`` raises it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.errors import ValidationError, field_error

from .models import Indicator

MAX_DECIMALS = 4  # Result.value and Target.value: decimal_places=4
MAX_WHOLE_DIGITS = 16  # max_digits=20
_SPACES = str.maketrans("", "", " \u00a0\u202f\t")
_SIGNS = {"+": "", "-": "-", "\u2212": "-"}  # "−" (minus sign) as some keyboards type it


def _refuse(field: str | None, message: str, code: str) -> ValidationError:
    if field is None:
        return ValidationError(message, code=code)
    return field_error(field, message, code)


def _separators() -> tuple[str, str]:
    """(thousands, decimal point) of the active language: Vietnamese writes 1.234,5."""
    return (",", ".") if (get_language() or "vi").startswith("en") else (".", ",")


def parse_number(raw, *, percent_sign: bool = False, field: str | None = None) -> Decimal | None:
    """A number, without the rules of an indicator: a Decimal or an int as it is, text as
    the active language writes it. Empty text (or None) is None. A trailing "%" is taken
    off when `percent_sign` (a percentage), and refused otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _not_a_number(str(raw), field)
    if isinstance(raw, Decimal | int | float):
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw))
        if not value.is_finite():
            raise _not_a_number(str(raw), field)
        return value
    shown = str(raw).strip()
    text = shown.translate(_SPACES)
    if not text:
        return None
    if text.endswith("%"):
        if not percent_sign:
            raise _refuse(field, _("“%(value)s”: only a percentage is written with a percent sign.")
                          % {"value": shown}, "percent_sign")
        text = text[:-1]
    sign = ""
    if text[:1] in _SIGNS:
        sign, text = _SIGNS[text[0]], text[1:]
    group, point = _separators()
    whole, has_point, fraction = text.partition(point)
    grouped = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+"
    if not (re.fullmatch(rf"\d+|{grouped}", whole) and (not has_point or re.fullmatch(r"\d+", fraction))):
        raise _not_a_number(shown, field)
    try:
        return Decimal(sign + whole.replace(group, "") + ("." + fraction if has_point else ""))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only digits
        raise _not_a_number(shown, field) from None


def _not_a_number(shown: str, field: str | None) -> ValidationError:
    return _refuse(field, _("“%(value)s” is not a number: write it as %(example)s.")
                   % {"value": shown, "example": formatting.number(Decimal("1234.5"))}, "not_a_number")


def check_size(value: Decimal | None, *, field: str | None = None) -> Decimal | None:
    """`value` when it has at most 16 whole digits (what a value or a target can be, of any
    indicator): a number past that is refused before anything adds or shows it."""
    if value is not None and abs(value) >= Decimal(10) ** MAX_WHOLE_DIGITS:
        raise _refuse(field, _("The number is too large."), "too_large")
    return value


def check_value(value: Decimal | None, indicator: Indicator, *, field: str | None = None) -> Decimal | None:
    """`value` when the database can hold it as a value of `indicator`: at most 4 decimals
    and 16 whole digits; a count whole and not negative."""
    if value is None:
        return None
    check_size(value, field=field)
    if value.as_tuple().exponent < -MAX_DECIMALS and value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
        raise _refuse(field, _("Write at most %(n)s decimal places.") % {"n": MAX_DECIMALS}, "decimals")
    if indicator.value_type == Indicator.ValueType.COUNT:
        if value != value.to_integral_value():
            raise _refuse(field, _("A count is a whole number."), "count_whole")
        if value < 0:
            raise _refuse(field, _("A count cannot be negative."), "count_negative")
    return value


def read_value(raw, indicator: Indicator, *, field: str | None = "value") -> Decimal | None:
    """A value of `indicator` read from a Decimal, an int or text, and checked (see the
    module); None when empty. Refusals are ``ValidationError`` with a stable code."""
    percent = indicator.value_type == Indicator.ValueType.PERCENT
    return check_value(parse_number(raw, percent_sign=percent, field=field), indicator, field=field)


def number_text(value: Decimal | None) -> str:
    """How a stored value is written back into an input: "1.234,5" (no trailing zeros)."""
    return "" if value is None else formatting.decimal(value, MAX_DECIMALS)
