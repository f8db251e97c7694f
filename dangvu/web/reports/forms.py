"""Forms of the review report pages. Choices of organizations, programs and conferences are
set by the views from the selectors (scoped)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.reports.models import DocumentSettings, Report
from dangvu.reports.services import SETTINGS_FIELDS
from dangvu.web.common.forms import DATE_WIDGET
from dangvu.web.common.widgets import OrganizationPicker


class ReportFilterForm(forms.Form):
    """The filters of the list, from the query string; a value that does not fit is dropped."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind of report"), required=False, choices=[("", _("All")), *Report.Kind.choices])
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"year": data.get("year"), "kind": data.get("kind") or "", "org": data.get("org"),
                "page": data.get("page") or 1}


class ReportForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int, widget=OrganizationPicker)
    kind = forms.ChoiceField(label=_("Kind of report"), choices=Report.Kind.choices)
    period = CleanFormCharField(label=_("Period"), max_length=12,
                                help_text=_("A year (2025), a half-year (2025H1) or a term (2020-2025)."))
    plan = forms.ChoiceField(label=_("Action program"), required=False,
                             help_text=_("Only for an action program report."))
    number = CleanFormCharField(label=_("Number"), max_length=10, required=False)
    issued_on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    conference = forms.TypedChoiceField(label=_("Review conference"), required=False, coerce=int,
                                        empty_value=None)


class ParagraphForm(forms.Form):
    key = forms.CharField(max_length=120, widget=forms.HiddenInput)
    text = CleanFormCharField(label=_("Text of the paragraph"), max_length=20000, multiline=True, required=False,
                              widget=forms.Textarea(attrs={"rows": 10}))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = SETTINGS_FIELDS
        widgets = {"recipients": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "superior_body": _("The body above yours, as it is named today (first line of the heading)."),
            "issuing_body": _("Your organization's name as it heads its documents."),
            "number_symbol": _("What follows the number, e.g. BC/ĐU."),
            "place": _("The place written before the date, e.g. Hà Nội."),
            "recipients": _("One recipient a line."),
        }


class ConferenceForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int, widget=OrganizationPicker)
    name = CleanFormCharField(label=_("Name"), max_length=300)
    period = CleanFormCharField(label=_("Period"), max_length=12,
                                help_text=_("A year (2025), a half-year (2025H1) or a term (2020-2025)."))
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    place = CleanFormCharField(label=_("Place"), max_length=300, required=False)
    chair = CleanFormCharField(label=_("Chaired by"), max_length=300, required=False)
    guests = CleanFormCharField(label=_("Guests"), max_length=2000, required=False, multiline=True,
                                widget=forms.Textarea(attrs={"rows": 3}))
    documents = CleanFormCharField(label=_("Documents"), max_length=2000, required=False, multiline=True,
                                   widget=forms.Textarea(attrs={"rows": 3}))


class ConferenceEditForm(ConferenceForm):
    organization = None
