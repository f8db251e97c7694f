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
    return format_decimal(value, format=pattern, locale=_locale())


def date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
