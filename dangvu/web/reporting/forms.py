"""Forms of the reporting pages: one row of the data-entry form, the reason to reopen."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from dangvu.core import formatting
from dangvu.core.fields import CleanFormCharField
from dangvu.plans import values
from dangvu.plans.models import Indicator
from dangvu.plans.values import read_value

MAX_DECIMALS = values.MAX_DECIMALS


def parse_number(text: str | None) -> Decimal | None:
    """A number as the user's language writes it ("1.234,5" in Vietnamese, "1,234.5" in
    English), read by `plans.values.parse_number`: the one path every typed number takes."""
    return values.parse_number(text, field=None)


def number_text(value: Decimal | None) -> str:
    """How a stored value is written back into an input: "1.234,5" (no trailing zeros)."""
    return "" if value is None else formatting.decimal(value, MAX_DECIMALS)


def check_value(value: Decimal | None, indicator: Indicator) -> Decimal | None:
    """A value (or target) of `indicator` the database can hold (`plans.values.check_value`)."""
    return values.check_value(value, indicator)


class NumberField(forms.CharField):
    """A text input read by `parse_number`; `cleaned_data` holds a Decimal or None, never
    one of more than 16 whole digits (which nothing could add up or show)."""

    def to_python(self, value):
        return values.check_size(parse_number(super().to_python(value)))

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        pass


class ResultRowForm(forms.Form):
    """One indicator's row, prefixed with the indicator's code (`TCCSD_QUAN_TRIET-value`).

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
