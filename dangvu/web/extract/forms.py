"""The form of the page reading figures: a pasted text or an uploaded .txt/.docx."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ReportTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the report"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": _("Paste the report here…")}))
    upload = forms.FileField(label=_("…or a file (.docx or .txt)"), required=False)

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        limit = settings.DANGVU_IMPORT_MAX_BYTES
        if len(text) > limit:
            raise forms.ValidationError(
                _("The text is %(size)s characters long; at most %(limit)s are read.")
                % {"size": f"{len(text):,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")},
                code="text_too_long")
        return text
