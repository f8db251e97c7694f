"""Forms of the inspection, supervision and discipline pages. Choices of organizations,
members, kinds and programs are set by the views from the selectors (scoped)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.inspections.models import Complaint, Discipline, InspectionProgram
from dangvu.web.common.forms import DATE_WIDGET, OneSubjectForm, YearKindOrganizationFilter
from dangvu.web.common.widgets import MemberChoiceField, OrganizationPicker


class InspectionForm(forms.Form):
    kind = forms.TypedChoiceField(label=_("Kind"), coerce=int)
    organization = forms.TypedChoiceField(label=_("Conducted by"), coerce=int, widget=OrganizationPicker)
    program = forms.TypedChoiceField(label=_("Program"), coerce=int, required=False, empty_value=None)
    title = CleanFormCharField(label=_("Subject"), max_length=300)
    start = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("End date"), required=False, widget=DATE_WIDGET)
    organizations = forms.TypedMultipleChoiceField(
        label=_("Organizations covered"), coerce=int, required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."))
    members = MemberChoiceField(label=_("Members covered"), required=False, multiple=True)
    findings = CleanFormCharField(label=_("Findings"), max_length=4000, required=False, multiline=True,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(forms.Form):
    conclusion = CleanFormCharField(label=_("Conclusion"), max_length=4000, multiline=True,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    concluded_on = forms.DateField(label=_("Conclusion date"), widget=DATE_WIDGET)
    findings = CleanFormCharField(label=_("Findings"), max_length=4000, required=False, multiline=True,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    end = forms.DateField(label=_("End date"), required=False, widget=DATE_WIDGET)


class ProgramForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int, widget=OrganizationPicker)
    issuer = forms.ChoiceField(label=_("Issued by"), choices=InspectionProgram.Issuer.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    number = CleanFormCharField(label=_("Number"), max_length=60)
    issued_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    title = CleanFormCharField(label=_("Title"), max_length=300)


class DisciplineFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    form = forms.ChoiceField(label=_("Form of discipline"), required=False,
                             choices=[("", _("All")), *Discipline.Form.choices])
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"year": data.get("year"), "form": data.get("form") or "", "org": data.get("org"),
                "page": data.get("page") or 1}


class DisciplineForm(OneSubjectForm):
    SUBJECTS = [("member", _("A member")), ("organization", _("A Party organization"))]
    field_order = ["subject", "member", "organization"]

    subject = forms.ChoiceField(label=_("Who is disciplined"), choices=SUBJECTS, widget=forms.RadioSelect,
                                initial="member")
    form = forms.ChoiceField(label=_("Form of discipline"), choices=Discipline.Form.choices)
    violation_date = forms.DateField(label=_("Violation date"), widget=DATE_WIDGET)
    content = CleanFormCharField(label=_("Violation"), max_length=2000, required=False, multiline=True,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    deciding_body = forms.TypedChoiceField(label=_("Deciding body"), coerce=int, widget=OrganizationPicker)
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    number = CleanFormCharField(label=_("Decision number"), max_length=60)


class AnnulForm(forms.Form):
    reason = CleanFormCharField(label=_("Reason"), max_length=300, multiline=True,
                                widget=forms.Textarea(attrs={"rows": 3}))


class ComplaintForm(forms.Form):
    filed_on = forms.DateField(label=_("Complaint date"), widget=DATE_WIDGET)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("Not decided yet")), *Complaint.Outcome.choices])
    decided_on = forms.DateField(label=_("Outcome date"), required=False, widget=DATE_WIDGET)
    note = CleanFormCharField(label=_("Note"), max_length=1000, required=False, multiline=True,
                              widget=forms.Textarea(attrs={"rows": 3}))


InspectionFilterForm = YearKindOrganizationFilter
