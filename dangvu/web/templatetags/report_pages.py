"""Filters of the review report pages."""

from django import template

from dangvu.core.periods import PeriodError, parse

register = template.Library()


@register.filter
def period_label(code: str) -> str:
    """A period as a reader says it ("Năm 2025", "6 tháng đầu năm 2025"), not its code."""
    try:
        return parse(code).label
    except PeriodError:
        return code
