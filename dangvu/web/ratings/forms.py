"""Forms of the rating pages. Choices of organizations are set by the views from the
selectors (scoped)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.ratings.models import Level
from dangvu.web.common.widgets import OrganizationPicker

LEVEL_CHOICES = [("", "—"), *Level.choices]


class RoundFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)

    def filters(self) -> dict:
        self.is_valid()
        return {"year": self.cleaned_data.get("year") if "year" not in self.errors else None}


class OpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int, widget=OrganizationPicker,
                                          help_text=_("Every grassroots organization under it gets its round."))


class ProposeForm(forms.Form):
    level = forms.ChoiceField(label=_("Proposed level"), choices=Level.choices)
    score = forms.DecimalField(label=_("Score (out of 100)"), required=False, min_value=0, max_value=100,
                               max_digits=5, decimal_places=2)
    tasks = forms.IntegerField(label=_("Tasks of the year"), required=False, min_value=0, max_value=100000)
    tasks_late = forms.IntegerField(label=_("of which done late"), required=False, min_value=0, max_value=100000)
    tasks_not_done = forms.IntegerField(label=_("of which not done"), required=False, min_value=0,
                                        max_value=100000)
    beyond = forms.DecimalField(label=_("Results beyond requirement (%)"), required=False, min_value=0,
                                max_value=1000, max_digits=6, decimal_places=2)
    note = CleanFormCharField(label=_("Appraisal"), max_length=2000, required=False, multiline=True,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def values(self) -> dict:
        data = self.cleaned_data
        return {"level": data["level"], "score": data.get("score"), "tasks": data.get("tasks") or 0,
                "tasks_late": data.get("tasks_late") or 0, "tasks_not_done": data.get("tasks_not_done") or 0,
                "beyond": data.get("beyond")}


class DecideForm(forms.Form):
    level = forms.ChoiceField(label=_("Level decided"), choices=Level.choices)
    note = CleanFormCharField(label=_("Reason"), max_length=2000, required=False, multiline=True,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Needed when the level differs from the proposal."))


class SelfForm(forms.Form):
    level = forms.ChoiceField(label=_("Self-assessment"), choices=Level.choices)
    note = CleanFormCharField(label=_("What the subject says"), max_length=2000, required=False, multiline=True,
                              widget=forms.Textarea(attrs={"rows": 2}))


class SummaryForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"year": data.get("year"), "org": data.get("org")}
