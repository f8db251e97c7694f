"""The organization picker: a long list of organizations (a cell to transfer a member to, the
issuer of a plan, the unit of a task, the new parent of a committee) as a box to type a few
letters of the name in, with the organizations that match listed under their committee,
instead of a select of 300 look-alike names.

Use it on any field choosing an organization::

    from dangvu.web.common.widgets import OrganizationPicker, organization_choices

    # a ModelChoiceField: give its queryset, the picker groups by the parent organization
    # (select_related("parent") on the queryset saves a query a row)
    organization = forms.ModelChoiceField(
        queryset=..., label=_("Cell"), widget=OrganizationPicker())

    # a (Typed)ChoiceField whose choices the view sets from a selector's queryset
    form.fields["target"].choices = organization_choices(move_targets(...))

The HTML is a plain ``<select>`` (``<optgroup>`` a committee, each option the full name), so
the form works without JavaScript and posts the same value. ``web/picker.js`` (loaded by the
base layout) turns every ``select[data-picker]`` into an accessible combobox: a text box,
a listbox filtered as one types (case and diacritics ignored: "chi bo kho bac" finds "Chi
bộ Kho bạc"), arrow keys, Enter, Escape, a tap on a phone; choosing an option sets the
select and fires its ``change`` event (HTMX filters keep working).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.orgs.models import path_ids


def _loaded(org, field: str) -> bool:
    return field in org.__dict__


def _parent_pk(org) -> int | None:
    """The parent's id, from the path when it is loaded (a selector's ``.only(...)`` often
    leaves ``parent_id`` deferred: reading it would cost a query a row)."""
    if _loaded(org, "parent_id"):
        return org.parent_id
    ids = path_ids(org.path)
    return ids[-2] if len(ids) > 1 else None


def organization_choices(orgs, *, attr: str = "name", empty: str | None = None, parents=()) -> list:
    """Choices of `orgs` (Organizations in tree order) grouped by their parent organization:
    ``[(parent's name, [(pk, name), ...]), ...]`` in tree order, organizations whose parent
    is unknown first and ungrouped. A queryset is read in one query with the parents joined;
    a list names the parents from itself and `parents` (e.g. the page's organization), no
    query. `empty`: a first option with no value (e.g. "All of …")."""
    if hasattr(orgs, "select_related"):
        orgs = list(orgs.defer(None).select_related("parent"))
        names = {o.parent_id: o.parent.name for o in orgs if o.parent_id}
    else:
        orgs = list(orgs)
        names = {o.pk: o.name for o in (*parents, *orgs)}
    top, groups = [], {}
    for org in orgs:
        parent = _parent_pk(org)
        option = (org.pk, getattr(org, attr, None) or org.name)
        if parent in names:
            groups.setdefault(parent, (names[parent], []))[1].append(option)
        else:
            top.append(option)
    return [*([("", empty)] if empty is not None else []), *top, *groups.values()]


class OrganizationPicker(forms.Select):
    """A select of organizations grouped by committee, typed into when JavaScript runs.

    With a ModelChoiceField the options are grouped by each organization's parent (read from
    ``instance.parent``); choices already grouped (``organization_choices``) stay as they
    are. `placeholder`: the hint in the text box."""

    template_name = "django/forms/widgets/select.html"

    def __init__(self, attrs=None, choices=(), *, placeholder=None):
        super().__init__(attrs, choices)
        self.placeholder = placeholder

    def _grouped(self):
        grouped, by_parent = [], {}
        for value, label in self.choices:
            instance = getattr(value, "instance", None)
            if isinstance(label, (list, tuple)) or instance is None:
                grouped.append((value, label))
                continue
            parent = instance.parent if instance.parent_id else None
            if parent is None:
                grouped.append((value, label))
                continue
            if instance.parent_id not in by_parent:
                by_parent[instance.parent_id] = []
                grouped.append((parent.name, by_parent[instance.parent_id]))
            by_parent[instance.parent_id].append((value, label))
        return grouped

    def optgroups(self, name, value, attrs=None):
        choices = self.choices
        self.choices = self._grouped()
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-picker"] = "organization"
        widget_attrs["data-placeholder"] = str(self.placeholder or _("Type a few letters of the name…"))
        widget_attrs["data-empty"] = str(_("No organization of this list has that name."))
        return context
