from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from dangvu.members.models import Member
from dangvu.members.selectors import AGE_BANDS, PARTY_AGE_BANDS
from dangvu.members.services import IDENTITY_FIELDS
from dangvu.orgs.models import Organization

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")


def tree_options(orgs, base_depth: int = 0, attr: str = "name") -> list[tuple[int, str]]:
    """Select options for organizations in tree order, each indented by its depth below
    `base_depth`."""
    return [(o.pk, "\u2003" * max(o.depth - base_depth, 0) + getattr(o, attr)) for o in orgs]


def add_field_errors(form, exc) -> None:
    """Put a service's per-field ValidationError on the form's fields (others on the form)."""
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("Wrong username or password. After 5 failed attempts the account is locked for 30 minutes."),
        "inactive": _("This account is disabled."),
    }


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, card or biography number"), required=False)
    org = forms.IntegerField(label=_("Organization"), required=False, widget=forms.Select)
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
    to_organization = forms.TypedChoiceField(label=_("To cell"), coerce=int)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    decision = forms.CharField(label=_("Decision (number, date)"), required=False, max_length=200)


class OrganizationCreateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=300)
    short_name = forms.CharField(label=_("Short name"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Organization.Sector.choices], required=False)
    established_on = forms.DateField(label=_("Established on"), widget=DATE_WIDGET)


class OrganizationRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=300)
    short_name = forms.CharField(label=_("Short name"), max_length=120, required=False)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class OrganizationMoveForm(forms.Form):
    target = forms.TypedChoiceField(label=_("New parent organization"), coerce=int)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class OrganizationMergeForm(forms.Form):
    target = forms.TypedChoiceField(label=_("Merge into"), coerce=int)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class OrganizationDissolveForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Decision and reason"), max_length=300, required=False)
