"""How a writer of Party reports puts figures into words: "Năm 2023", "đạt 113,2% so với
Nghị quyết", "tăng 12 đảng viên so với năm 2022", "60,8 tỷ đồng". Pure functions of the
figures; every phrase goes through the translation catalog."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dangvu.core import formatting
from dangvu.core.periods import HALF, TERM, YEAR, Period


def period_phrase(period: Period) -> str:
    """The period as a sentence opens with it: "Năm 2023", "6 tháng đầu năm 2023",
    "Nhiệm kỳ 2020 - 2025"."""
    if period.kind == YEAR:
        return _("In %(year)s") % {"year": period.year}
    if period.kind == HALF:
        if period.start.month == 1:
            return _("In the first half of %(year)s") % {"year": period.year}
        return _("In the second half of %(year)s") % {"year": period.year}
    if period.kind == TERM:
        return _("Since the start of the %(first)s - %(last)s term") % {"first": period.start.year,
                                                                       "last": period.end.year}
    return period.label


def period_name(period: Period) -> str:
    """The period as a comparison names it: "năm 2022", "6 tháng đầu năm 2022"."""
    if period.kind == YEAR:
        return _("the year %(year)s") % {"year": period.year}
    if period.kind == HALF:
        if period.start.month == 1:
            return _("the first half of %(year)s") % {"year": period.year}
        return _("the second half of %(year)s") % {"year": period.year}
    if period.kind == TERM:
        return _("the %(first)s - %(last)s term") % {"first": period.start.year, "last": period.end.year}
    return period.label


def plan_reference(kind: str) -> str:
    """What achievement is held against: "Nghị quyết", "Chương trình hành động", "kế hoạch"."""
    return {
        "resolution": pgettext("held against", "the Resolution"),
        "action_program": pgettext("held against", "the Action Program"),
        "annual_plan": pgettext("held against", "the plan"),
    }.get(kind, pgettext("held against", "the plan"))


def count(value, unit: str = "") -> str:
    """"283 đảng viên", "1.966 nhiệm vụ"."""
    text = formatting.number(int(value or 0))
    return f"{text} {unit}".strip()


def amount(value: Decimal | None, unit: str) -> str:
    """Money as reports write it, in the larger unit once it reaches a thousand: 60,8 tỷ
    đồng; 2.020.000 tỷ đồng -> "2,02 triệu tỷ đồng"; 45.600 triệu đồng -> "45,6 tỷ đồng"."""
    if value is None:
        return ""
    value = Decimal(value)
    if unit == "triệu đồng" and abs(value) >= 1000:
        value, unit = value / 1000, "tỷ đồng"
    if unit == "tỷ đồng" and abs(value) >= 1_000_000:
        value, unit = value / 1_000_000, "triệu tỷ đồng"
    return f"{formatting.decimal(value, 2)} {unit}".strip()


def value_text(value, unit: str, value_type: str, decimals: int = 0) -> str:
    """A figure of an indicator with its unit: counts whole, money in tỷ/triệu đồng,
    percentages "85,77%"."""
    if value is None:
        return ""
    if unit == "%" or value_type == "percent":
        return formatting.percent_sign(value, 2)
    if value_type == "amount" or unit.endswith("đồng"):
        return amount(value, unit)
    if value_type == "count":
        return count(value, unit)
    return f"{formatting.decimal(value, max(decimals, 2))} {unit}".strip()


def change(now, before, unit: str, before_period: Period) -> str:
    """"tăng 12 đảng viên so với năm 2022", "giảm 3 ...", "bằng năm 2022"; nothing against a
    period with none (a register that started since counts nothing before it)."""
    if now is None or not before:
        return ""
    diff = Decimal(now) - Decimal(before)
    name = period_name(before_period)
    if diff == 0:
        return _("the same as in %(period)s") % {"period": name}
    words = _("up %(n)s on %(period)s") if diff > 0 else _("down %(n)s on %(period)s")
    return words % {"n": count(abs(diff), unit), "period": name}


def share(part, whole) -> str:
    """"(97,5%)" of a whole, or "" when the whole is nothing."""
    pct = formatting.share(part, whole)
    return f" ({formatting.percent_sign(pct, 2)})" if pct is not None else ""
