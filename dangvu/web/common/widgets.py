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
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from dangvu.members.selectors import member_pick
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


# The member picker

class Picked:
    """What a member picker posts: the ids chosen (the radio or check boxes named after the
    field) and the words typed in its text box (``<name>_q``) and not chosen from a list."""

    def __init__(self, ids=(), query: str = ""):
        self.ids = [str(i) for i in ids if str(i).strip()]
        self.query = (query or "").strip()

    @classmethod
    def of(cls, value) -> Picked:
        """A posted value, or an initial one (an id, a member, a list of them, None)."""
        if isinstance(value, Picked):
            return value
        if value in (None, ""):
            return cls()
        values = value if isinstance(value, (list, tuple)) else [value]
        return cls([getattr(v, "pk", v) for v in values])


def member_label(member) -> str:
    """"Full name (dd/mm/yyyy) · organization", as a picker lists a member (or an admission
    candidate: the same three things)."""
    return f"{member.full_name} ({member.birth_date:%d/%m/%Y}) · {member.organization.name}"


class MemberPicker(forms.Widget):
    """A text box to type a few letters of a member's name in, searched on the server
    (``members:pick``) by ``web/member-picker.js`` as one types; the chosen member is a
    checked radio box (several members: check boxes shown as removable chips) named after
    the field, with the member's name. Without JavaScript, the form posted with words typed
    and nothing chosen comes back with the members found as radio (check) boxes to choose
    from. The field (``MemberChoiceField``) gives the purpose, the actor and the members it
    may offer."""

    template_name = "web/common/widgets/member_picker.html"

    def __init__(self, attrs=None, *, multiple: bool = False):
        super().__init__(attrs)
        self.multiple = multiple
        self.field = None

    def value_from_datadict(self, data, files, name):
        ids = data.getlist(name) if self.multiple and hasattr(data, "getlist") else [data.get(name) or ""]
        return Picked(ids, data.get(f"{name}_q", ""))

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_q" not in data

    def format_value(self, value):
        return Picked.of(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        picked = context["widget"]["value"]
        field = self.field
        chosen = field.chosen(picked.ids) if field is not None else []
        found = field.found(picked.query) if field is not None and picked.query else []
        found = [m for m in found if m not in chosen]  # the chosen stay chosen, checked
        context["widget"].update(
            multiple=self.multiple,
            query="" if found else picked.query,
            searched=picked.query,
            found=[(m.pk, member_label(m)) for m in found],
            chosen=[(m.pk, member_label(m)) for m in chosen],
            url=(f"{reverse('members:pick')}?{urlencode({'scope': field.purpose, **field.params})}"
                 if field is not None else ""),
            input_type="checkbox" if self.multiple else "radio",
        )
        return context


class MemberChoiceField(forms.Field):
    """One member (or several: `multiple`) of those a form may name, chosen with a
    ``MemberPicker``. The view sets what it may offer with ``choose_from``; the cleaned value
    is the member's id (a list of ids), as a ``TypedChoiceField(coerce=int)`` gives."""

    default_error_messages = {
        "invalid_choice": _("Choose the member from the list: the one given is not among those this form may name."),
        "search": _("Choose the member among those found for “%(query)s” above."),
        "not_found": _("No member this form may name matches “%(query)s”: type a few letters of the full name, "
                       "a birth year or a card number."),
    }

    def __init__(self, *, multiple: bool = False, **kwargs):
        kwargs.setdefault("widget", MemberPicker(multiple=multiple))
        super().__init__(**kwargs)
        self.multiple = multiple
        self.actor = None
        self.candidates = None
        self.purpose = ""
        self.params = {}
        self._found: dict[str, list] = {}
        self.widget.field = self

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.field = result
        result._found = {}
        return result

    def choose_from(self, *, actor, candidates, purpose: str, params=None) -> None:
        """The members this field may offer (a selector's queryset), searched for `actor`
        through ``members:pick?scope=<purpose>`` (and `params`, e.g. ``{"org": 12}``)."""
        self.actor, self.candidates, self.purpose = actor, candidates, purpose
        self.params = dict(params or {})

    def found(self, query: str) -> list:
        if query not in self._found:
            self._found[query] = (member_pick(actor=self.actor, candidates=self.candidates, query=query)
                                  if self.candidates is not None else [])
        return self._found[query]

    def chosen(self, ids) -> list:
        ids = [int(i) for i in ids if str(i).isdigit() and len(str(i)) < 19]
        if not ids or self.candidates is None:
            return []
        by_pk = {m.pk: m for m in self.candidates.filter(pk__in=ids).select_related("organization")}
        return [by_pk[i] for i in dict.fromkeys(ids) if i in by_pk]

    def to_python(self, value):
        picked = Picked.of(value)
        if picked.query:
            code = "search" if self.found(picked.query) else "not_found"
            raise forms.ValidationError(self.error_messages[code], code=f"member_{code}",
                                        params={"query": picked.query})
        if not picked.ids:
            return [] if self.multiple else None
        if not all(i.isdigit() and len(i) < 19 for i in picked.ids):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        ids = list(dict.fromkeys(int(i) for i in picked.ids))
        return ids if self.multiple else ids[0]

    def validate(self, value):
        super().validate(value)
        ids = value if self.multiple else [value] if value is not None else []
        if ids and (self.candidates is None or self.candidates.filter(pk__in=ids).count() != len(ids)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
