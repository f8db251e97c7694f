"""Forms of the member pages: the list's filters, identity, status, transfer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.members.models import Member
from dangvu.members.selectors import AGE_BANDS, PARTY_AGE_BANDS
from dangvu.members.services import IDENTITY_FIELDS
from dangvu.web.common.forms import DATE_WIDGET
from dangvu.web.common.widgets import OrganizationPicker


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, card or biography number"), required=False)
    org = forms.IntegerField(label=_("Organization"), required=False, widget=OrganizationPicker)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("On the rolls now")), *Member.Status.choices, ("all", _("Everyone ever recorded"))],
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", _("All")), *Member.Gender.choices])
    age = forms.ChoiceField(label=_("Age"), required=False, choices=[("", _("All")), *[(b.key, b.label) for b in AGE_BANDS]])
    party_age = forms.ChoiceField(
        label=_("Party age"), required=False, choices=[("", _("All")), *[(b.key, b.label) for b in PARTY_AGE_BANDS]]
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class MemberEditForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = IDENTITY_FIELDS
        widgets = {f: DATE_WIDGET for f in ("birth_date", "admission_decision_date", "ceremony_date", "full_membership_date")}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Member.Status.choices)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    decision = forms.CharField(label=_("Decision (number, date)"), required=False, max_length=200)


class TransferForm(forms.Form):
    to_organization = forms.TypedChoiceField(label=_("To cell"), coerce=int, widget=OrganizationPicker)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    decision = forms.CharField(label=_("Decision (number, date)"), required=False, max_length=200)
