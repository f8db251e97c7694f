"""Forms of the plan pages: a new plan, a target of a plan, the shares a target is handed
down in. Numbers are read as the user's language writes them (`forms_reporting.NumberField`:
"1.234,5" in Vietnamese); the plans services check the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.plans.models import Indicator, Plan, Target
from dangvu.web.common.forms import DATE_WIDGET
from dangvu.web.common.widgets import OrganizationPicker
from dangvu.web.reporting.forms import NumberField, check_value, number_text

COMPARATOR_CHOICES = [
    (Target.Comparator.GTE, _("at least (≥)")),
    (Target.Comparator.LTE, _("at most (≤), a ceiling")),
    (Target.Comparator.EQ, _("exactly (=)")),
]


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Plan.Kind.choices)
    organization = forms.TypedChoiceField(label=_("Issued by"), coerce=int, widget=OrganizationPicker)
    code = CleanFormCharField(
        label=_("Code"), max_length=40,
        help_text=_("A short code of your choice, unique among plans; it appears in the plan's web address "
                    "(e.g. CTHD-135-2025)."),
    )
    number = CleanFormCharField(label=_("Number and symbol"), max_length=60, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "135-CTr/ĐUK"}))
    title = CleanFormCharField(label=_("Title"), max_length=400)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_WIDGET)
    period = CleanFormCharField(label=_("Period it covers"), max_length=20,
                             help_text=_("A year (2025) or a term (2020-2025)."),
                             widget=forms.TextInput(attrs={"placeholder": "2025"}))
    parent = forms.TypedChoiceField(label=_("Cascaded from (optional)"), coerce=int, required=False,
                                    empty_value=None)

    def __init__(self, *args, organizations: list[tuple[int, str]], plans: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations
        self.fields["parent"].choices = [("", "—"), *plans]


class TargetForm(forms.Form):
    """A target of the issuing organization: a new one, or a change of the one set for the
    same indicator and period. `target` (a change) fixes the indicator and the period."""

    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int)
    period = CleanFormCharField(label=_("Period"), max_length=20,
                             help_text=_("A year (2025), a term (2020-2025), a half (2025H1), a quarter (2025Q3) "
                                         "or a month (2025-05)."))
    comparator = forms.ChoiceField(label=_("Comparator"), choices=COMPARATOR_CHOICES, initial=Target.Comparator.GTE)
    value = NumberField(label=_("Target"), widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))

    def __init__(self, *args, indicators: list[Indicator], target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {i.pk: i for i in indicators}
        self.fields["indicator"].choices = [("", "—"), *[(i.pk, _indicator_label(i)) for i in indicators]]
        self.target = target
        if target is not None:
            for name in ("indicator", "period"):
                self.fields[name].disabled = True
            self.initial.update(indicator=target.indicator_id, period=target.period, comparator=target.comparator,
                                value=number_text(target.value))

    def clean(self):
        data = super().clean()
        indicator = self.indicators.get(data.get("indicator"))
        if data.get("indicator") is not None and indicator is None:
            self.add_error("indicator", _("Choose an indicator from the list."))
        if indicator is not None and data.get("value") is not None:
            try:
                data["value"] = check_value(data["value"], indicator)
            except forms.ValidationError as exc:
                self.add_error("value", exc)
        return data

    @property
    def chosen_indicator(self) -> Indicator | None:
        return self.indicators.get(self.cleaned_data.get("indicator"))


def _indicator_label(indicator: Indicator) -> str:
    unit = f" ({indicator.unit})" if indicator.unit else ""
    return f"{indicator.name}{unit}"


class SharesForm(forms.Form):
    """One box a unit directly under the issuer, `share-<id>`, prefilled with its share."""

    def __init__(self, *args, rows, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.indicator = indicator
        for org, share in rows:
            # data-kept: the share a blank box keeps, for the running total of the page's script.
            kept = format(share.value.normalize(), "f") if share is not None else "0"
            self.fields[self.name(org)] = NumberField(
                label=org.name, required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num share",
                                              "data-kept": kept}),
            )
            if share is not None:
                self.initial[self.name(org)] = number_text(share.value)

    @staticmethod
    def name(org) -> str:
        return f"share-{org.pk}"

    def clean(self):
        data = super().clean()
        for org, _share in self.rows:
            name = self.name(org)
            if data.get(name) is not None:
                try:
                    data[name] = check_value(data[name], self.indicator)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        if not self.errors and all(data.get(self.name(org)) is None for org, _share in self.rows):
            raise forms.ValidationError(_("Type the share of at least one unit."), code="empty")
        return data

    def shares(self) -> dict:
        """{organization: value} of the units given a share (blank boxes left out)."""
        return {org: self.cleaned_data[self.name(org)] for org, _share in self.rows
                if self.cleaned_data.get(self.name(org)) is not None}


# Key tasks of a plan (views_tasks)
