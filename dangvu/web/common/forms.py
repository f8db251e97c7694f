"""Form bits every page module uses: dates as Vietnamese writes them, organizations in tree
order, a service's field errors on a form; the login form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.web.common.widgets import MemberChoiceField, OrganizationPicker

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")


class OneSubjectForm(forms.Form):
    """A decision about one Party organization or one member: the form declares the
    `subject` radio (with its own label) saying which, and the one chosen is required. The
    view sets the choices."""

    member = MemberChoiceField(label=_("Member"), required=False)
    organization = forms.TypedChoiceField(label=_("Party organization"), coerce=int, required=False, empty_value=None,
                                          widget=OrganizationPicker)

    def clean(self):
        data = super().clean()
        if data.get("subject") != "member" and "member" in self.errors:
            del self.errors["member"]  # words left in the member's box do not matter then
            data["member"] = None
        if data.get("subject") == "member" and not data.get("member") and "member" not in self.errors:
            self.add_error("member", _("Choose the member."))
        if data.get("subject") == "organization" and not data.get("organization"):
            self.add_error("organization", _("Choose the organization."))
        return data


class YearKindOrganizationFilter(forms.Form):
    """The filters of a register's list (year, kind, organization, page), from the query
    string; a value that does not fit is dropped. The page fills the kind's choices."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    kind = forms.TypedChoiceField(label=_("Kind"), required=False, coerce=int, empty_value=None)
    org = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None,
                                 widget=OrganizationPicker)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"year": data.get("year"), "kind": data.get("kind"), "org": data.get("org"),
                "page": data.get("page") or 1}


def tree_options(orgs, base_depth: int = 0, attr: str = "name") -> list[tuple[int, str]]:
    """Select options for organizations in tree order, each indented by its depth below
    `base_depth`."""
    return [(o.pk, "\u2003" * max(o.depth - base_depth, 0) + getattr(o, attr)) for o in orgs]


def add_field_errors(form, exc) -> None:
    """Put a service's per-field ValidationError on the form's fields (others on the form)."""
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class LoginForm(AuthenticationForm):
    username = CleanFormCharField(label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("Wrong username or password. After 5 failed attempts the account is locked for 30 minutes."),
        "inactive": _("This account is disabled."),
    }
