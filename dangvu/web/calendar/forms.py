"""Forms of the working-day calendar: the year shown, the deadline calculator, a change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.core.models import CalendarChange
from dangvu.orgs.calendar import FIRST_YEAR, LAST_YEAR
from dangvu.web.common.forms import DATE_WIDGET

#: The calculator counts at most this many working days (about eight years).
MAX_DAYS = 2000


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)


class CalculatorForm(forms.Form):
    start = forms.DateField(label=_("From the date"), required=False, widget=DATE_WIDGET)
    days = forms.IntegerField(label=_("Working days"), min_value=0, max_value=MAX_DAYS, required=False)
    end = forms.DateField(label=_("Or up to the date"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR - 10:
                self.add_error(name, _("Give a date between %(first)s and %(last)s.") % {
                    "first": FIRST_YEAR, "last": LAST_YEAR - 10})
        return data


class ChangeForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("Change"), choices=CalendarChange.Kind.choices)
    document_number = CleanFormCharField(label=_("Document number"), max_length=60)
    document_date = forms.DateField(label=_("Document date"), widget=DATE_WIDGET)
    document_summary = CleanFormCharField(label=_("What the document decided"), max_length=300)


class RemoveForm(forms.Form):
    change = forms.IntegerField(min_value=1, max_value=2**62)
