"""Forms of the commendation pages. Choices of organizations and deciding bodies are set by
the views from the selectors (scoped)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.awards.models import Commendation, EmulationTitle
from dangvu.core.fields import CleanFormCharField
from dangvu.web.common.forms import DATE_WIDGET, OneSubjectForm, YearKindOrganizationFilter
from dangvu.web.common.widgets import OrganizationPicker

SUBJECT_CHOICES = [("organizations", _("Party organizations")), ("members", _("Party members"))]


class CommendationFilterForm(forms.Form):
    """The filters of the list, from the query string; a value that does not fit is dropped."""

    year = forms.IntegerField(label=_("Year rewarded"), required=False, min_value=1930, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Commendation.Kind.choices])
    subject = forms.ChoiceField(label=_("Commended"), required=False, choices=[("", _("All")), *SUBJECT_CHOICES])
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"year": data.get("year"), "kind": data.get("kind") or "", "subject": data.get("subject") or "",
                "org": data.get("org"), "page": data.get("page") or 1}


class ProposedFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    subject = forms.ChoiceField(label=_("Subjects"), choices=SUBJECT_CHOICES)
    years = forms.IntegerField(label=_("Excellent years in a row"), min_value=1, max_value=30,
                               help_text=_("1: rated excellent in the year; 5: five years in a row ending that "
                                           "year."))
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)

    def filters(self, default_year: int) -> dict:
        if not self.is_bound:
            return {"year": default_year, "subject": "organizations", "years": 1, "org": None}
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"year": data.get("year") or default_year, "subject": data.get("subject") or "organizations",
                "years": data.get("years") or 1, "org": data.get("org")}


class DecisionForm(forms.Form):
    """The decision taken from a list (the subjects are the ticked boxes)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Commendation.Kind.choices)
    deciding_body = forms.TypedChoiceField(label=_("Deciding body"), coerce=int, widget=OrganizationPicker)
    number = CleanFormCharField(label=_("Decision number"), max_length=60)
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    reason = CleanFormCharField(label=_("Reason"), max_length=1000, multiline=True,
                                widget=forms.Textarea(attrs={"rows": 2}))
    conference = CleanFormCharField(label=_("Announced at (conference)"), max_length=300, required=False)
    conference_on = forms.DateField(label=_("Conference date"), required=False, widget=DATE_WIDGET)


class CommendationForm(DecisionForm):
    organization = forms.TypedChoiceField(label=_("Organization commended"), coerce=int, widget=OrganizationPicker)
    year = forms.IntegerField(label=_("Year rewarded"), min_value=1930, max_value=2100)
    streak_years = forms.IntegerField(label=_("Years in a row"), required=False, min_value=2, max_value=30,
                                      help_text=_("For a streak, e.g. 5 for \"2017 - 2021\"; empty otherwise."))

    field_order = ["organization", "kind", "year", "streak_years", "reason", "deciding_body", "number", "decided_on",
                   "conference", "conference_on"]


class CommendationMemberForm(CommendationForm):
    organization = None


class CommendationEditForm(CommendationMemberForm):
    deciding_body = None


# Emulation movements and titles

class MovementFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Running in"), required=False, min_value=1930, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"year": data.get("year"), "page": data.get("page") or 1}


class MovementForm(forms.Form):
    name = CleanFormCharField(label=_("Name of the movement"), max_length=200)
    organization = forms.TypedChoiceField(label=_("Launched by"), coerce=int, widget=OrganizationPicker)
    first_year = forms.IntegerField(label=_("First year"), min_value=1930, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), required=False, min_value=1930, max_value=2100,
                                   help_text=_("Empty while the movement goes on."))
    description = CleanFormCharField(label=_("Description"), max_length=2000, required=False, multiline=True,
                                     widget=forms.Textarea(attrs={"rows": 3}))


class TitleFilterForm(YearKindOrganizationFilter):
    year = forms.IntegerField(label=_("Year rewarded"), required=False, min_value=1930, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *EmulationTitle.Kind.choices])


class TitleForm(OneSubjectForm):
    """A title conferred on an organization or a member of the user's subtree (the choices
    are set by the view)."""

    SUBJECTS = [("organization", _("A Party organization")), ("member", _("A member"))]
    field_order = ["subject", "organization", "member"]

    subject = forms.ChoiceField(label=_("Conferred on"), choices=SUBJECTS, widget=forms.RadioSelect,
                                initial="organization")
    kind = forms.ChoiceField(label=_("Kind"), choices=EmulationTitle.Kind.choices)
    movement = forms.TypedChoiceField(label=_("Emulation movement"), coerce=int, required=False, empty_value=None,
                                      help_text=_("For a title of a movement; empty for a \"four-good\" title."))
    title = CleanFormCharField(label=_("Name of the title"), max_length=200)
    year = forms.IntegerField(label=_("Year rewarded"), min_value=1930, max_value=2100)
    deciding_body = forms.TypedChoiceField(label=_("Deciding body"), coerce=int, widget=OrganizationPicker)
    number = CleanFormCharField(label=_("Decision number"), max_length=60)
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
