"""Forms of the key-task pages: the list's filters, a new task, a task's status."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanFormCharField
from dangvu.plans.models import Task
from dangvu.web.common.forms import DATE_WIDGET
from dangvu.web.common.widgets import OrganizationPicker


class TaskFilterForm(forms.Form):
    """The filters of the task list, read from the query string; a value that does not fit
    is dropped (the list shows everything for that filter)."""

    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *Task.Status.choices])
    source = forms.ChoiceField(label=_("Source"), required=False,
                               choices=[("", _("All")), *Task.Source.choices])
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None,
                                  widget=OrganizationPicker)
    overdue = forms.BooleanField(label=_("Only overdue tasks"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, units: list[tuple[int, str]], everyone: str, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", everyone), *units]

    def filters(self) -> dict:
        """The valid filters, each with its empty value when not given or wrong."""
        self.is_valid()
        data = self.cleaned_data
        return {"status": data.get("status") or None, "source": data.get("source") or None,
                "unit": data.get("unit"), "overdue": bool(data.get("overdue")), "page": data.get("page") or 1}


class TaskForm(forms.Form):
    """A new key task: what, for which unit (one the user may write to), from where, by when."""

    title = CleanFormCharField(label=_("Task"), max_length=400)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, widget=OrganizationPicker)
    source = forms.ChoiceField(label=_("Source"), choices=Task.Source.choices, initial=Task.Source.PROGRAM)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE_WIDGET,
                             help_text=_("dd/mm/yyyy; leave blank for a standing task."))

    def __init__(self, *args, units: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *units]


class TaskStatusForm(forms.Form):
    """A row's change of status: completed (on a date, today unless told), cancelled,
    reopened. `org` and `back` bring the reader back to the list as it was filtered."""

    status = forms.ChoiceField(choices=Task.Status.choices)
    on = forms.DateField(label=_("Completed on"), required=False, widget=DATE_WIDGET)
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)
    back = CleanFormCharField(required=False, max_length=500, widget=forms.HiddenInput)
