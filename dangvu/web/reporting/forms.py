"""Forms of the reporting pages: one row of the data-entry form, the reason to reopen."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.fields import CleanFormCharField
from dangvu.plans.models import Indicator
from dangvu.plans.values import read_value

MAX_DECIMALS = 4  # Result.value: decimal_places=4
MAX_WHOLE_DIGITS = 16  # Result.value: max_digits=20


def _separators() -> tuple[str, str]:
    """(thousands, decimal point) of the active language: Vietnamese writes 1.234,5."""
    return (",", ".") if (get_language() or "vi").startswith("en") else (".", ",")


def parse_number(text: str | None) -> Decimal | None:
    """A number as the user's language writes it: "1.234,5" (or "1234,5") in Vietnamese,
    "1,234.5" in English. Empty is None. A thousands separator must group three digits,
    so "1.5" in Vietnamese is refused rather than read as 15 or 1.5."""
    raw = (text or "").strip()
    cleaned = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not cleaned:
        return None
    group, point = _separators()
    sign = ""
    if cleaned[0] in "+-−":
        sign, cleaned = ("-" if cleaned[0] != "+" else ""), cleaned[1:]
    whole, has_point, fraction = cleaned.partition(point)
    grouped = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+"
    if not (re.fullmatch(rf"\d+|{grouped}", whole) and (not has_point or re.fullmatch(r"\d+", fraction))):
        raise ValidationError(
            _("“%(value)s” is not a number: write it as %(example)s.")
            % {"value": raw, "example": formatting.number(Decimal("1234.5"))},
            code="invalid",
        )
    try:
        return Decimal(sign + whole.replace(group, "") + ("." + fraction if has_point else ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only digits
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": raw}, code="invalid") from exc


def number_text(value: Decimal | None) -> str:
    """How a stored value is written back into an input: "1.234,5" (no trailing zeros)."""
    return "" if value is None else formatting.decimal(value, MAX_DECIMALS)


def check_value(value: Decimal | None, indicator: Indicator) -> Decimal | None:
    """A value (or target) of `indicator` the database can hold: at most 4 decimals and 16
    whole digits; a count whole and not negative."""
    if value is None:
        return value
    if value.as_tuple().exponent < -MAX_DECIMALS and value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
        raise ValidationError(_("Write at most %(n)s decimal places.") % {"n": MAX_DECIMALS}, code="decimals")
    if abs(value) >= Decimal(10) ** MAX_WHOLE_DIGITS:
        raise ValidationError(_("The number is too large."), code="too_large")
    if indicator.value_type == Indicator.ValueType.COUNT:
        if value != value.to_integral_value():
            raise ValidationError(_("A count is a whole number."), code="whole")
        if value < 0:
            raise ValidationError(_("A count cannot be negative."), code="negative")
    return value


class NumberField(forms.CharField):
    """A text input read by `parse_number`; `cleaned_data` holds a Decimal or None."""

    def to_python(self, value):
        return parse_number(super().to_python(value))

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        pass


class ResultRowForm(forms.Form):
    """One indicator's row, prefixed with the indicator's code (`KT_TO_CHUC-value`).

    `version` is the version of the value the user saw (optimistic locking); `was` and
    `was_comment` are what the page showed, so that an untouched row is not saved (and does
    not clash with someone who changed it in the meantime)."""

    value = CleanFormCharField(label=gettext_lazy("Value"), required=False)
    comment = CleanFormCharField(label=gettext_lazy("Comment"), max_length=500, required=False)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    was = CleanFormCharField(required=False, widget=forms.HiddenInput)
    was_comment = CleanFormCharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        kwargs.setdefault("prefix", indicator.code)
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_value(self):
        """The value as `plans.values.read_value` reads it (a percentage may be written 90%)."""
        return read_value(self.cleaned_data["value"], self.indicator, field=None)

    @property
    def typed(self) -> str:
        """The value as the user typed it (kept visible after an error or a conflict)."""
        return self.data.get(self.add_prefix("value"), "")

    @property
    def typed_comment(self) -> str:
        return self.data.get(self.add_prefix("comment"), "")

    def touched(self) -> bool:
        """Whether the user changed the value or the comment from what the page showed."""
        data = self.cleaned_data
        if (data.get("comment") or "") != (data.get("was_comment") or "").strip():
            return True
        try:
            was = read_value(data.get("was"), self.indicator, field=None)
        except ValidationError:
            return True
        return was != data.get("value")

    @property
    def error_text(self) -> str:
        return " ".join(str(m) for errors in self.errors.values() for m in errors)


class ReopenForm(forms.Form):
    # Not required here: the service says why a reason is needed, in its own words.
    reason = CleanFormCharField(multiline=True, label=gettext_lazy("Reason for reopening"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
