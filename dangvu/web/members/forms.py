"""Forms of the member pages: the list's filters, identity, status, transfer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.members.models import CommitteeSeat, Member
from dangvu.members.selectors import AGE_BANDS, PARTY_AGE_BANDS
from dangvu.members.services import IDENTITY_FIELDS
from dangvu.web.common.forms import DATE_WIDGET
from dangvu.web.common.widgets import MemberChoiceField, OrganizationPicker


class MemberFilterForm(forms.Form):
    q = CleanFormCharField(label=_("Name, card or biography number"), required=False)
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
    decision = CleanFormCharField(label=_("Decision (number, date)"), required=False, max_length=200)


class TransferForm(forms.Form):
    to_organization = forms.TypedChoiceField(label=_("To cell"), coerce=int, widget=OrganizationPicker)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    decision = CleanFormCharField(label=_("Decision (number, date)"), required=False, max_length=200)


class MemberCreateForm(forms.ModelForm):
    """A member recorded here: the existing register brought in, or transferred in from outside."""

    HOW = [("existing", _("Bringing in the existing register")), ("transfer_in", _("Transferred in from outside"))]
    how = forms.ChoiceField(label=_("How the member comes"), choices=HOW, widget=forms.RadioSelect, initial="existing")
    organization = forms.TypedChoiceField(label=_("Cell"), coerce=int)
    full_member = forms.BooleanField(
        label=_("Already a full member (full membership 12 months after the ceremony)"), required=False)
    transferred_in_from = CleanFormCharField(label=_("Coming from (outside unit)"), required=False, max_length=300)
    joined_on = forms.DateField(label=_("Date joined this cell"), required=False, widget=DATE_WIDGET)
    letter_number = CleanFormCharField(label=_("Transfer letter number"), required=False, max_length=60)
    letter_date = forms.DateField(label=_("Transfer letter date"), required=False, widget=DATE_WIDGET)

    class Meta:
        model = Member
        fields = IDENTITY_FIELDS
        widgets = {f: DATE_WIDGET for f in ("birth_date", "admission_decision_date", "ceremony_date", "full_membership_date")}

    field_order = ["how", "organization"]

    def clean(self):
        data = super().clean()
        if data.get("how") == "transfer_in":
            for name in ("transferred_in_from", "joined_on"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a member transferred in."))
        return data

    def _post_clean(self):  # the service validates the record (and its uniqueness) itself
        pass


class ReasonForm(forms.Form):
    reason = CleanFormCharField(multiline=True, label=_("Why the record is wrong"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    decision = CleanFormCharField(label=_("Decision annulling it (number, date), if any"), required=False, max_length=200)


class TransferAnnulForm(forms.Form):
    reason = CleanFormCharField(multiline=True, label=_("Why the record is wrong"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class TransferOutForm(forms.Form):
    destination = CleanFormCharField(label=_("To (outside unit)"), max_length=300)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    letter_number = CleanFormCharField(label=_("Transfer letter number"), required=False, max_length=60)
    letter_date = forms.DateField(label=_("Transfer letter date"), required=False, widget=DATE_WIDGET)
    decision = CleanFormCharField(label=_("Decision (number, date)"), required=False, max_length=200)


class TemporaryTransferForm(forms.Form):
    to_organization = forms.TypedChoiceField(label=_("Attends cell (in our tree)"), coerce=int, required=False,
                                             empty_value=None)
    external_unit = CleanFormCharField(label=_("or outside unit"), required=False, max_length=300)
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Expected end"), widget=DATE_WIDGET)
    for_study = forms.BooleanField(label=_("For study (up to 24 months)"), required=False)
    letter_number = CleanFormCharField(label=_("Transfer letter number"), required=False, max_length=60)
    letter_date = forms.DateField(label=_("Transfer letter date"), required=False, widget=DATE_WIDGET)
    decision = CleanFormCharField(label=_("Decision (number, date)"), required=False, max_length=200)


class SeatAssignForm(forms.Form):
    member = MemberChoiceField(label=_("Member"))
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeSeat.Role.choices)
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    decision = CleanFormCharField(label=_("Decision (number, date)"), required=False, max_length=200)


class SeatEndForm(forms.Form):
    end = forms.DateField(label=_("Ends on"), widget=DATE_WIDGET)
    reason = CleanFormCharField(label=_("Reason"), max_length=300)
