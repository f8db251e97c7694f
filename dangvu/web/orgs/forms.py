"""Forms of the organization pages: the tree actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.orgs.models import Organization
from dangvu.web.common.forms import DATE_WIDGET
from dangvu.web.common.widgets import OrganizationPicker


class OrganizationCreateForm(forms.Form):
    code = CleanFormCharField(label=_("Code"), max_length=40)
    name = CleanFormCharField(label=_("Name"), max_length=300)
    short_name = CleanFormCharField(label=_("Short name"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Organization.Sector.choices], required=False)
    established_on = forms.DateField(label=_("Established on"), widget=DATE_WIDGET)


class OrganizationRenameForm(forms.Form):
    name = CleanFormCharField(label=_("New name"), max_length=300)
    short_name = CleanFormCharField(label=_("Short name"), max_length=120, required=False)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class OrganizationMoveForm(forms.Form):
    target = forms.TypedChoiceField(label=_("New parent organization"), coerce=int, widget=OrganizationPicker)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class OrganizationMergeForm(forms.Form):
    target = forms.TypedChoiceField(label=_("Merge into"), coerce=int, widget=OrganizationPicker)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class OrganizationDissolveForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    reason = CleanFormCharField(label=_("Decision and reason"), max_length=300, required=False)

