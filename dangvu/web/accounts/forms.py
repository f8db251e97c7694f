"""Forms of the account pages. The rules (who may give which role, where, password
strength) are the services'; the forms only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.orgs.models import User


class AccountForm(forms.Form):
    full_name = CleanFormCharField(label=_("Full name"), max_length=150)
    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int)
    role = forms.ChoiceField(label=_("Role of the account"), choices=User.Role.choices,
                             help_text=_("Staff enter and submit figures; an administrator also manages accounts "
                                         "and restructures the organizations under their own."))

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = list(organizations)


class AccountCreateForm(AccountForm):
    username = CleanFormCharField(label=_("Username"), max_length=150,
                               help_text=_("Letters, digits and @ . + - _ only, no spaces; e.g. nguyenvana."),
                               widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}))

    field_order = ["username", "full_name", "organization", "role"]


class AccountEditForm(AccountForm):
    is_active = forms.BooleanField(label=_("Active (can log in)"), required=False)


class DeactivateForm(forms.Form):
    reason = CleanFormCharField(label=_("Reason"), max_length=300, required=False)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=_("New password"), strip=False,
                                   help_text=_("At least 8 characters; not a common password."),
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password2") and data["new_password"] != data["new_password2"]:
            self.add_error("new_password2", _("The two new passwords differ: type the same one twice."))
        return data
