"""Numbers and dates as Vietnamese writes them, for text outside templates (CLI, exports)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from babel.numbers import format_decimal
from django.utils import translation


def _locale() -> str:
    return "en" if (translation.get_language() or "vi").startswith("en") else "vi"


def number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """1234.5 -> "1.234,5" (in English "1,234.5"). `decimals` fixes the decimal places."""
    if decimals is None:
        return format_decimal(value, locale=_locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    # Half up, as people and spreadsheets round (Babel would round half to even: 1.200,5 -> 1.200).
    return format_decimal(_quantize(Decimal(str(value)), decimals), format=pattern, locale=_locale())


def share(part, whole) -> Decimal | None:
    """`part` as a percentage of `whole` (85.77 for 85,77%), None when the whole is nothing:
    the "%" of every "this period against last year" column and of every share."""
    return None if not whole else Decimal(part) * 100 / Decimal(whole)


def date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _quantize(value: Decimal, decimals: int) -> Decimal:
    from decimal import ROUND_HALF_UP

    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimal(value, max_decimals: int = 2) -> str:
    """Up to `max_decimals` decimals, trailing zeros dropped: 113.20 -> "113,2", 106 -> "106"."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals else "")
    return format_decimal(_quantize(Decimal(str(value)), max_decimals), format=pattern, locale=_locale())


def percent(value, whole: bool = False) -> str:
    """An achievement rate as reports write it: "113,2", "101,25"; `whole` for "135"."""
    return decimal(value, 0 if whole else 2)


def approximately(value) -> str:
    """How a writer rounds: 5,96 -> "gần 6" (nearly), 6,2 -> "trên 6" (over), 6 -> "6"."""
    from django.utils.translation import gettext as _

    exact = Decimal(str(value))
    whole = _quantize(exact, 0)
    text = decimal(whole, 0)
    if whole > exact:
        return _("nearly %(n)s") % {"n": text}
    if whole < exact:
        return _("over %(n)s") % {"n": text}
    return text


def percent_sign(value, decimals: int = 1) -> str:
    """A percentage as every page shows it: "113,2%" (one decimal, trailing zero dropped:
    "100%"); "" for no value. English: "113.2%"."""
    if value is None:
        return ""
    return decimal(value, decimals) + "%"
