"""Model fields whose text is clean when it comes in (``core.text.clean_text``): every text
field of the project's models (organizations, accounts, members, plans) is one of these, so
that a service, an import or a command stores the same clean text as a page. The value is
cleaned when the model is validated (``full_clean``), when it is saved and when it is looked
up, and the form field a ModelForm gets cleans it too, so that a page shows what will be
stored. Codes are cleaned alike (NFC, trimmed): two codes that look the same are the same
and collide on their unique constraint."""

from __future__ import annotations

from django import forms
from django.db import models

from dangvu.core.text import clean_text


class CleanFormCharField(forms.CharField):
    """A form's text field that cleans as the model does (`multiline` keeps line breaks)."""

    def __init__(self, *args, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=self.multiline)


class _Clean:
    multiline = False

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=self.multiline)

    def pre_save(self, model_instance, add):
        value = clean_text(getattr(model_instance, self.attname), multiline=self.multiline)
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        return clean_text(super().get_prep_value(value), multiline=self.multiline)

    def formfield(self, **kwargs):
        if self.choices is None or not self.choices:
            kwargs.setdefault("form_class", CleanFormCharField)
            if kwargs["form_class"] is CleanFormCharField:
                kwargs.setdefault("multiline", self.multiline)
        return super().formfield(**kwargs)


class CleanCharField(_Clean, models.CharField):
    """A CharField of clean single-line text."""


class CleanTextField(_Clean, models.CharField):
    """A CharField of clean multi-line text (reasons, comments, notes): line breaks kept.
    Still bounded by its ``max_length``."""

    multiline = True
