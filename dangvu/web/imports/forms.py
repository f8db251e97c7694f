"""Forms of the import pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.exchange.models import RegisterKind
from dangvu.exchange.registers import COLUMNS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=RegisterKind.choices,
                             widget=forms.RadioSelect, initial=RegisterKind.MEMBERS)
    org = forms.TypedChoiceField(label=_("Import into"), coerce=int)
    file = forms.FileField(label=_("File (.xlsx or .csv)"),
                           help_text=_("An Excel workbook (.xlsx) or a CSV file (UTF-8 or Windows-1258). The first "
                                       "sheet is read; its header row names the columns."))


class MappingForm(forms.Form):
    """One choice per column of the file: the field it holds, or nothing."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not imported —")), *[(c.name, c.label) for c in COLUMNS[job.kind]]]
        for i, header in enumerate(job.headers):
            self.fields[f"col{i}"] = forms.ChoiceField(
                label=header or _("Column %(n)s") % {"n": i + 1}, choices=choices, required=False,
                initial=job.mapping.get(str(i), ""))

    def mapping(self) -> dict[int, str]:
        return {int(name[3:]): value for name, value in self.cleaned_data.items() if value}
