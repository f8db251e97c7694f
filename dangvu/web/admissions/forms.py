"""Forms of the admission pages: the list's and the due list's filters, the file itself, the
next step (its fields depend on the step), withdrawing a step, extending, closing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.admissions import rules
from dangvu.admissions.models import Candidate, Introduction, Step
from dangvu.core.fields import CleanFormCharField
from dangvu.web.common.forms import DATE_WIDGET
from dangvu.web.common.widgets import OrganizationPicker

K = Step.Kind
CANDIDATE_FIELDS = ["full_name", "gender", "birth_date", "ethnicity", "religion", "hometown", "education",
                    "profession", "citizen_id", "phone", "position", "over_60_consent"]


class CandidateFilterForm(forms.Form):
    q = CleanFormCharField(label=_("Name"), required=False)
    org = forms.IntegerField(label=_("Organization"), required=False, widget=OrganizationPicker)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *Candidate.State.choices])
    step = forms.ChoiceField(label=_("Last step"), required=False,
                             choices=[("", _("All")), *((s.kind, rules.form_label(s.kind)) for s in
                                                        (*rules.ADMISSION_STEPS, *rules.PROBATION_STEPS))])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DueFilterForm(forms.Form):
    org = forms.IntegerField(label=_("Organization"), required=False, widget=OrganizationPicker)
    days = forms.IntegerField(label=_("Due within (days)"), required=False, min_value=1, max_value=366, initial=30)


class CandidateForm(forms.ModelForm):
    """The file's identity, helper and consent; the cell when it is opened."""

    organization = forms.TypedChoiceField(label=_("Party cell"), coerce=int, widget=OrganizationPicker)
    helper = forms.TypedChoiceField(label=_("Member assigned to help"), coerce=int, required=False, empty_value=None)

    class Meta:
        model = Candidate
        fields = CANDIDATE_FIELDS
        widgets = {"birth_date": DATE_WIDGET}

    field_order = ["organization", *CANDIDATE_FIELDS[:11], "helper", "over_60_consent"]

    def __init__(self, *args, with_cell: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_cell:
            del self.fields["organization"]

    def _post_clean(self):  # the service validates the file (and its uniqueness) itself
        pass


class StepForm(forms.Form):
    """The next step of a file: the fields that step has (``rules.SPECS``)."""

    kind = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)

    def __init__(self, *args, kind: str, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.step_kind = kind
        spec = rules.SPECS[kind]
        if spec.numbered:
            self.fields["document_number"] = CleanFormCharField(label=_("Document number"), max_length=60,
                                                                required=False)
        if kind == K.DECISION:
            self.fields["received_on"] = forms.DateField(label=_("Received by the cell on"), required=False,
                                                         widget=DATE_WIDGET)
        if kind in (K.CELL_RESOLUTION, K.PROBATION_CELL_RESOLUTION):
            self.fields["votes_for"] = forms.IntegerField(label=_("Votes in favour"), min_value=0, max_value=9999,
                                                          required=False)
        if kind == K.INTRODUCTION:
            choices = [("", "—"), *((m.pk, m.full_name) for m in members)]
            for i in (1, 2):
                self.fields[f"introducer_{i}"] = forms.TypedChoiceField(
                    label=_("Introducing member %(n)s") % {"n": i}, choices=choices, coerce=int, required=False,
                    empty_value=None)
                self.fields[f"since_{i}"] = forms.DateField(label=_("Worked with the candidate since"),
                                                            required=False, widget=DATE_WIDGET)
            self.fields["union"] = forms.ChoiceField(
                label=_("Or introduced by the resolution of"), required=False,
                choices=[("", _("No union: two members introduce")),
                         (Introduction.Kind.YOUTH_UNION, Introduction.Kind.YOUTH_UNION.label),
                         (Introduction.Kind.TRADE_UNION, Introduction.Kind.TRADE_UNION.label)])
            self.fields["union_document"] = CleanFormCharField(label=_("Number of the union's resolution (4-KNĐ)"),
                                                               max_length=60, required=False)
        if kind == K.NOT_RECOGNIZED:
            self.fields["note"] = CleanFormCharField(label=_("Why the member is not recognized"), max_length=1000,
                                                     multiline=True, widget=forms.Textarea(attrs={"rows": 2}))
        else:
            self.fields["note"] = CleanFormCharField(label=_("Note"), max_length=1000, required=False,
                                                     multiline=True, widget=forms.Textarea(attrs={"rows": 2}))
        self.initial.setdefault("kind", kind)

    def service_kwargs(self, members_by_pk) -> dict:
        """The arguments of ``step_record`` from the cleaned data."""
        data = self.cleaned_data
        kwargs = {"kind": self.step_kind, "on": data["on"], "note": data.get("note", "")}
        for name in ("document_number", "received_on", "votes_for"):
            if name in self.fields:
                kwargs[name] = data.get(name) if name != "document_number" else data.get(name, "")
        if self.step_kind == K.INTRODUCTION:
            kwargs["introducers"] = [(members_by_pk[data[f"introducer_{i}"]], data.get(f"since_{i}"))
                                     for i in (1, 2) if data.get(f"introducer_{i}")]
            kwargs["union"] = data.get("union", "")
            kwargs["union_document"] = data.get("union_document", "")
        return kwargs


class UndoForm(forms.Form):
    reason = CleanFormCharField(label=_("Why the step is withdrawn"), max_length=300, multiline=True,
                                widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    reason = CleanFormCharField(label=_("Why the deadline is extended"), max_length=300, multiline=True,
                                widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    on = forms.DateField(label=_("Closed on"), widget=DATE_WIDGET)
    reason = CleanFormCharField(label=_("Why the file is closed"), max_length=500, multiline=True,
                                widget=forms.Textarea(attrs={"rows": 2}))
