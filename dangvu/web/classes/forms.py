"""Forms of the classes and study pages. Choices of organizations, kinds, members and
candidates are set by the views from the selectors (scoped)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.classes.models import Attendee
from dangvu.core.fields import CleanFormCharField
from dangvu.web.common.forms import DATE_WIDGET, YearKindOrganizationFilter
from dangvu.web.common.widgets import OrganizationPicker

SEVERAL = _("Hold Ctrl (or ⌘) to choose several.")


class CourseForm(forms.Form):
    kind = forms.TypedChoiceField(label=_("Kind"), coerce=int)
    organizer = forms.TypedChoiceField(label=_("Organized by"), coerce=int, widget=OrganizationPicker)
    name = CleanFormCharField(label=_("Name of the class"), max_length=300)
    start = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("End date"), widget=DATE_WIDGET)
    place = CleanFormCharField(label=_("Place"), max_length=200, required=False)
    note = CleanFormCharField(label=_("Note"), max_length=1000, required=False, multiline=True,
                              widget=forms.Textarea(attrs={"rows": 3}))


class SessionForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    topic = CleanFormCharField(label=_("Topic"), max_length=300)


class AttendeesForm(forms.Form):
    members = forms.TypedMultipleChoiceField(label=_("Members"), coerce=int, required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 12}), help_text=SEVERAL)
    candidates = forms.TypedMultipleChoiceField(label=_("Admission candidates"), coerce=int, required=False,
                                                widget=forms.SelectMultiple(attrs={"size": 8}), help_text=SEVERAL)


class ConfirmForm(forms.Form):
    """A form with nothing to fill: the button confirms."""


class ResultsForm(forms.Form):
    """One result and one grade per attendee."""

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        for a in attendees:
            self.fields[f"result_{a.pk}"] = forms.ChoiceField(
                label=a.person_name, choices=Attendee.Result.choices, initial=a.result,
                widget=forms.Select(attrs={"aria-label": f"{_('Result')}: {a.person_name}"}))
            self.fields[f"grade_{a.pk}"] = CleanFormCharField(
                label=_("Grade"), max_length=40, required=False, initial=a.grade,
                widget=forms.TextInput(attrs={"aria-label": f"{_('Grade')}: {a.person_name}", "size": 8}))

    def rows(self):
        return [(a, self[f"result_{a.pk}"], self[f"grade_{a.pk}"]) for a in self.attendees]

    def results(self) -> list:
        return [(a, self.cleaned_data[f"result_{a.pk}"], self.cleaned_data[f"grade_{a.pk}"]) for a in self.attendees]


class CertificatesForm(forms.Form):
    """The date and a number per attendee who may receive a certificate (blank: not now)."""

    on = forms.DateField(label=_("Certificate date"), widget=DATE_WIDGET)

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        for a in attendees:
            self.fields[f"number_{a.pk}"] = CleanFormCharField(
                label=_("Certificate number"), max_length=60, required=False,
                widget=forms.TextInput(attrs={"aria-label": f"{_('Certificate number')}: {a.person_name}"}))

    def rows(self):
        return [(a, self[f"number_{a.pk}"]) for a in self.attendees]

    def numbers(self) -> list:
        return [(a, self.cleaned_data[f"number_{a.pk}"]) for a in self.attendees
                if self.cleaned_data[f"number_{a.pk}"]]


class KindForm(forms.Form):
    name = CleanFormCharField(label=_("Name of the kind"), max_length=200)


class StudyFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"year": data.get("year"), "org": data.get("org"), "page": data.get("page") or 1}


class StudyForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int, widget=OrganizationPicker)
    resolution = CleanFormCharField(label=_("Resolution studied"), max_length=300)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    present = forms.IntegerField(label=_("Members present"), min_value=0)
    expected = forms.IntegerField(label=_("Members expected"), min_value=0)
    note = CleanFormCharField(label=_("Note"), max_length=1000, required=False, multiline=True,
                              widget=forms.Textarea(attrs={"rows": 2}))


CourseFilterForm = YearKindOrganizationFilter
