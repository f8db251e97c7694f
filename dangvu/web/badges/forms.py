"""Forms of the Party badge pages. Choices of organizations are set by the views from the
selectors (scoped)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.awards.badges import MILESTONES
from dangvu.awards.models import Badge
from dangvu.core.fields import CleanFormCharField
from dangvu.web.common.forms import DATE_WIDGET
from dangvu.web.common.widgets import OrganizationPicker


class BadgeFilterForm(forms.Form):
    """The award date and the organization of a list, from the query string; a value that
    does not fit is dropped."""

    on = forms.DateField(label=_("Award date"), required=False, widget=DATE_WIDGET)
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"on": data.get("on"), "org": data.get("org")}


class DecisionFields(forms.Form):
    decision_number = CleanFormCharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)


class BadgeAwardForm(DecisionFields):
    milestone = forms.TypedChoiceField(label=_("Years of Party age"), coerce=int,
                                       choices=[(m, m) for m in MILESTONES])
    awarded_on = forms.DateField(label=_("Award date"), widget=DATE_WIDGET)
    number = CleanFormCharField(label=_("Badge number"), max_length=30, required=False)
    early_reason = forms.ChoiceField(label=_("Awarded early"), required=False,
                                     choices=[("", _("No, the milestone is reached")), *Badge.Early.choices])
    early_note = CleanFormCharField(label=_("Reason for the early award"), max_length=300, required=False)

    field_order = ["milestone", "awarded_on", "number", "decision_number", "decision_date", "early_reason",
                   "early_note"]


class BadgeDateForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Committee"), coerce=int, widget=OrganizationPicker)
    on = forms.DateField(label=_("Award date"), widget=DATE_WIDGET)
    note = CleanFormCharField(label=_("Occasion"), max_length=200, required=False)


class WorkFormForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"start": data.get("start"), "end": data.get("end"), "org": data.get("org")}
