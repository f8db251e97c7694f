"""Writes to the member records. Each checks permission and the rules, and audits.

A precondition a page shows before the write is one check function that raises
(`_check_transfer`): the service runs it on the locked member, `member_transfer_refusal`
runs it for the page (``core.errors.refusal``), and `selectors.transfer_targets` offers
the cells that pass it but for the date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dangvu.core import audit, bulk, formatting, integrity, registry
from dangvu.core.errors import (
    PermissionDenied,
    RuleViolation,
    ValidationError,
    field_error,
    field_errors,
    refusal,
)
from dangvu.core.text import name_sort_key, normalize
from dangvu.orgs.models import Committee, Organization
from dangvu.orgs.scope import require_write

from . import party_age, rules
from .models import (
    IN_PARTY,
    MEMBER_HOLDING_KINDS,
    OUT_OF_PARTY,
    Affiliation,
    CommitteeSeat,
    Interruption,
    Member,
    StatusChange,
    Transfer,
    canonical_biography_number,
)

IDENTITY_FIELDS = [
    "full_name", "gender", "birth_date", "ethnicity", "religion", "hometown", "education",
    "profession", "biography_number", "card_number", "admission_decision_date",
    "ceremony_date", "full_membership_date", "full_membership_note", "citizen_id", "phone", "position",
]
AUDIT_FIELDS = [*IDENTITY_FIELDS, "organization", "status", "status_since", "on_roll"]
READMISSION_WAIT_MONTHS = 36
PROBATION_MONTHS = rules.PROBATION_MONTHS

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Member.Status.PROBATIONARY: {Member.Status.FULL, Member.Status.LEFT, Member.Status.REMOVED, Member.Status.DECEASED},
    Member.Status.FULL: {Member.Status.LEFT, Member.Status.REMOVED, Member.Status.EXPELLED, Member.Status.DECEASED},
    Member.Status.LEFT: {Member.Status.PROBATIONARY, Member.Status.DECEASED},
    Member.Status.REMOVED: {Member.Status.PROBATIONARY, Member.Status.DECEASED},
    Member.Status.EXPELLED: {Member.Status.PROBATIONARY, Member.Status.DECEASED},
    Member.Status.DECEASED: set(),
}



def _check_holding_org(org: Organization) -> None:
    if org.kind not in MEMBER_HOLDING_KINDS:
        raise RuleViolation(
            _("Members are on the rolls of a cell; %(org)s is not a cell.") % {"org": org.name}, code="not_a_cell"
        )
    if not org.is_active:
        raise RuleViolation(_("%(org)s was dissolved and cannot take members.") % {"org": org.name},
                            code="cell_dissolved")


def _refresh_derived(member: Member) -> None:
    """Recompute status, organization and Party-age start from the history rows."""
    changes = list(member.status_changes.filter(annulled=False).order_by("on", "id"))
    last = changes[-1]
    member.status, member.status_since = last.status, last.on
    current = member.affiliations.order_by("-start", "-id").first()
    member.organization_id = current.organization_id
    member.on_roll = current.end is None
    age = party_age.for_member(member, as_of=timezone.localdate())
    member.party_age_start, member.party_age_end = age.start, age.end
    member.save(update_fields=[
        "status", "status_since", "organization", "on_roll", "party_age_start", "party_age_end",
    ])


# How a member's numbers and texts are written before their fields check them.
CANONICAL = {
    "biography_number": canonical_biography_number,
    "card_number": lambda value: (value or "").strip(),
    "citizen_id": lambda value: "".join((value or "").split()),
    "phone": lambda value: " ".join((value or "").split()),
    "position": lambda value: " ".join((value or "").split()),
    "full_name": lambda value: " ".join(value.split()),
}
# The member's fields that are derived, not checked as typed (``full_clean``'s exclude).
NOT_CLEANED = ["organization", "status", "status_since", "party_age_start", "party_age_end", "name_normalized",
               "name_sort_key", "on_roll"]


def _validate(member: Member, *, exact_full: bool = True, check_taken: bool = True) -> None:
    """The record's own rules (formats, dates) and, with `check_taken`, that its numbers are
    not another member's (a bulk write checks those for all its rows at once)."""
    for name, canonical in CANONICAL.items():
        setattr(member, name, canonical(getattr(member, name)))
    # The fields' own checks (format, length, choices), with the validators' codes.
    member.full_clean(exclude=NOT_CLEANED, validate_unique=False, validate_constraints=False)
    errors = rules.record_dates(member, timezone.localdate(), exact_full=exact_full)
    for field, label, code in (
        ("biography_number", gettext_lazy("biography number"), "biography_number_taken"),
        ("card_number", gettext_lazy("Party card number"), "card_number_taken"),
        ("citizen_id", gettext_lazy("citizen ID (CCCD)"), "citizen_id_taken"),
    ):
        value = getattr(member, field)
        if check_taken and value and Member.objects.filter(**{field: value}).exclude(pk=member.pk).exists():
            errors.append(field_error(
                field, _("This %(field)s is already recorded for another member.") % {"field": label}, code,
            ))
    if errors:
        raise field_errors(*errors)
    member.name_normalized, member.name_sort_key = name_keys(member.full_name)


def name_keys(full_name: str) -> tuple[str, bytes]:
    """A member's name as searched (``name_normalized``) and as sorted (``name_sort_key``)."""
    return normalize(full_name), name_sort_key(full_name)


def _save(member: Member, **kwargs) -> None:
    try:
        with transaction.atomic():
            member.save(**kwargs)
    except IntegrityError as exc:
        raise RuleViolation(_("The biography, card or citizen ID number is already recorded for another member."),
                            code="number_taken") from exc


def _letter_errors(letter_date: datetime.date | None, on: datetime.date, today: datetime.date,
                   on_field: str = "on") -> list:
    """A transfer's date and its letter's (giấy giới thiệu sinh hoạt đảng): neither after
    today, and the letter issued on or before the day the member moves."""
    errors = [
        rules.not_in_future(on_field, _("Transfer date"), on, today),
        rules.not_in_future("letter_date", _("Letter date"), letter_date, today),
    ]
    if letter_date and letter_date > on:
        errors.append(field_error("letter_date", _(
            "The letter is dated %(letter)s, after the transfer date %(on)s: the letter comes first."
        ) % {"letter": formatting.date(letter_date), "on": formatting.date(on)}, "letter_after_transfer"))
    return [e for e in errors if e is not None]


@dataclass
class MemberDraft:
    """A member checked but not yet written (``member_draft``), with how it joins its cell."""

    member: Member
    joined_on: datetime.date
    transferred_in_from: str = ""
    letter_number: str = ""
    letter_date: datetime.date | None = None


def member_draft(
    *, actor, organization: Organization, full_name: str, gender: str, birth_date: datetime.date,
    admission_decision_date: datetime.date, joined_on: datetime.date | None = None,
    transferred_in_from: str = "", letter_number: str = "", letter_date: datetime.date | None = None,
    full_member: bool = False, check_taken: bool = True, **identity,
) -> MemberDraft:
    """Every check ``member_create`` makes before writing, on an unsaved member: the actor's
    scope, the cell, the fields and the date rules, the letter of a transfer in, and (with
    `check_taken`) that no other member holds its numbers. Raises what ``member_create``
    raises, in the same order. Writes nothing."""
    check_cell(actor, organization)
    joined_on = joined_on or admission_decision_date
    today = timezone.localdate()
    member = Member(
        full_name=full_name, gender=gender, birth_date=birth_date,
        admission_decision_date=admission_decision_date, organization=organization,
        status=Member.Status.PROBATIONARY, status_since=admission_decision_date,
        party_age_start=admission_decision_date, **identity,
    )
    if full_member and member.full_membership_date is None and admission_decision_date:
        member.full_membership_date = full_by_status(member, today)
    _validate(member, check_taken=check_taken)
    errors = joining_errors(joined_on=joined_on, decision=admission_decision_date,
                            transferred_in_from=transferred_in_from, letter_number=letter_number,
                            letter_date=letter_date, today=today)
    if errors:
        raise field_errors(*errors)
    check_established(organization, joined_on)
    return MemberDraft(member=member, joined_on=joined_on, transferred_in_from=transferred_in_from.strip(),
                       letter_number=letter_number.strip(), letter_date=letter_date)


# The steps of member_draft, each also run by ``members.bulk`` for many rows at once.

def check_cell(actor, organization: Organization) -> None:
    """The actor may write in `organization`, a cell that takes members."""
    require_write(actor, organization)
    _check_holding_org(organization)


def full_by_status(member, today: datetime.date) -> datetime.date:
    """The full membership date of a member given as full without one: the end of its
    probation, which must not be after today."""
    full = rules.probation_end(member)
    if full > today:
        raise field_error("full_membership_date", _(
            "Probation ends on %(date)s, after today: the member is still probationary."
        ) % {"date": formatting.date(full)}, "probation_not_over")
    return full


def joining_errors(*, joined_on: datetime.date, decision: datetime.date, transferred_in_from: str,
                   letter_number: str, letter_date: datetime.date | None, today: datetime.date) -> list:
    """How a new member joins its cell: the letter of a transfer in, not before the admission."""
    errors = []
    if transferred_in_from:
        errors = _letter_errors(letter_date, joined_on, today, on_field="joined_on")
    elif letter_number or letter_date:
        errors = [field_error("letter_number", _("A letter is recorded only for a member transferred in."),
                              "letter_without_transfer")]
    if joined_on < decision:
        errors.append(field_error("joined_on", _("A member cannot join a cell before being admitted."),
                                  "joined_before_admission"))
    return errors


def check_established(organization: Organization, joined_on: datetime.date) -> None:
    if joined_on < organization.established_on:
        raise RuleViolation(_("%(org)s did not exist yet on %(on)s.") % {"org": organization.name, "on": formatting.date(joined_on)},
                            code="cell_not_yet_established")


def _history_rows(draft: MemberDraft) -> tuple[list, list, list]:
    """The status changes, the affiliation and the transfer (if any) of a new member."""
    member = draft.member
    changes = [StatusChange(member=member, status=Member.Status.PROBATIONARY, on=member.admission_decision_date)]
    if member.full_membership_date:
        changes.append(StatusChange(member=member, status=Member.Status.FULL, on=member.full_membership_date))
    reason = Affiliation.Reason.TRANSFER_IN if draft.transferred_in_from else Affiliation.Reason.ADMISSION
    affiliations = [Affiliation(member=member, organization_id=member.organization_id, start=draft.joined_on,
                                start_reason=reason)]
    transfers = []
    if draft.transferred_in_from:
        transfers.append(Transfer(member=member, kind=Transfer.Kind.IN, on=draft.joined_on,
                                  to_organization_id=member.organization_id, external_unit=draft.transferred_in_from,
                                  letter_number=draft.letter_number, letter_date=draft.letter_date))
    return changes, affiliations, transfers


@transaction.atomic
def member_create(
    *, actor, organization: Organization, full_name: str, gender: str, birth_date: datetime.date,
    admission_decision_date: datetime.date, joined_on: datetime.date | None = None,
    transferred_in_from: str = "", letter_number: str = "", letter_date: datetime.date | None = None,
    full_member: bool = False, by_register: bool = False, **identity,
) -> Member:
    """Record a member on the rolls of `organization`: admitted there (default; also how the
    existing register is brought in) or, with `transferred_in_from`, received from an outside
    unit on `joined_on` with the letter `letter_number` of `letter_date`.

    `full_member` without a full membership date records full membership on the day probation
    ends (ceremony + 12 months; see ``rules``), which must not be after today.

    A member admitted here (not transferred in) gets an admission file from the admissions
    register (``core.registry.run_admission_handlers``), unless `by_register`: the register
    itself is making the record at the ceremony."""
    draft = member_draft(
        actor=actor, organization=organization, full_name=full_name, gender=gender, birth_date=birth_date,
        admission_decision_date=admission_decision_date, joined_on=joined_on,
        transferred_in_from=transferred_in_from, letter_number=letter_number, letter_date=letter_date,
        full_member=full_member, **identity,
    )
    member = draft.member
    _save(member)
    changes, affiliations, transfers = _history_rows(draft)
    for row in (*changes, *affiliations, *transfers):
        row.save()
    _refresh_derived(member)
    audit.record(actor=actor, action="member.create", obj=member, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(member, AUDIT_FIELDS)))
    if not transferred_in_from and not by_register:
        registry.run_admission_handlers(member=member, actor=actor)
    return member


# --- many new members at once (a register's import) ---------------------------------------------
#
# ``members_check`` makes member_draft's checks for many rows, column by column: the cells
# once per organization, each field's own check (``Field.clean``: the model's lengths,
# choices, validators and their messages) once per distinct value, the date rules
# (``rules.record_dates``) and how each joins its cell row by row with the functions
# member_draft calls. A row's refusal is what member_draft raises for it, the first step
# refusing, with the same messages and codes. ``members_bulk_write`` writes the rows that
# passed as plain columns (``core.bulk.insert_columns``).

TAKEN_FIELDS = ("biography_number", "card_number", "citizen_id")
_JOINING = ("joined_on", "transferred_in_from", "letter_number", "letter_date")


class NewMembers:
    """New members as columns ({attname: list}, one value a member, in the order of the
    rows), with how each joins its cell (``joined_on``, ``transferred_in_from``,
    ``letter_number``, ``letter_date``) and its cell (``organization``: the objects)."""

    def __init__(self, columns: dict[str, list], n: int):
        self.columns, self.n = columns, n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, name: str) -> list:
        return self.columns[name]

    def take(self, rows: list[int]) -> NewMembers:
        """The members of `rows` (indices), in that order."""
        return NewMembers({name: [column[i] for i in rows] for name, column in self.columns.items()}, len(rows))


class _Dates:
    """The dates of one row as ``rules.record_dates`` reads a member."""

    __slots__ = ("birth_date", "admission_decision_date", "ceremony_date", "full_membership_date",
                 "full_membership_note")


def members_check(*, actor, organizations: list[Organization], values: dict[str, list],
                  full_member: list[bool] | None = None) -> tuple[NewMembers, dict[int, Exception]]:
    """member_draft(actor=actor, organization=organizations[i], full_member=full_member[i],
    check_taken=False, **{name: values[name][i]}) for every row i, at once: the rows that
    pass (their values cleaned, their name keys and full membership dates set) and
    {i: what member_draft raises for row i} for the others. `values`: full_name, gender,
    birth_date, admission_decision_date, and any of the identity fields and joining values
    member_draft takes (a missing one: its default). Writes nothing."""
    n = len(organizations)
    today = timezone.localdate()
    refused: dict[int, Exception] = {}
    cells: dict[int, Exception | None] = {}
    for i, org in enumerate(organizations):
        if org.pk not in cells:
            try:
                check_cell(actor, org)
                cells[org.pk] = None
            except (RuleViolation, PermissionDenied) as exc:
                cells[org.pk] = exc
        if cells[org.pk] is not None:
            refused[i] = cells[org.pk]
    rows = [i for i in range(n) if i not in refused]
    fields = {f.attname: f for f in Member._meta.concrete_fields}
    columns: dict[str, list] = {}
    for name in IDENTITY_FIELDS:
        column = values.get(name)
        columns[name] = list(column) if column is not None else [fields[name].get_default()] * n
    decisions, fulls = columns["admission_decision_date"], columns["full_membership_date"]
    if full_member is not None:
        dates = _Dates()
        for i in list(rows):
            if full_member[i] and fulls[i] is None and decisions[i]:
                dates.ceremony_date, dates.admission_decision_date = columns["ceremony_date"][i], decisions[i]
                try:
                    fulls[i] = full_by_status(dates, today)
                except ValidationError as exc:
                    refused[i] = exc
        rows = [i for i in rows if i not in refused]
    # The fields' own checks, as full_clean(exclude=NOT_CLEANED) makes them (a field left
    # blank where it may be is not checked), each distinct value once. A row that fails one
    # is refused by full_clean itself, with its words.
    failing: set[int] = set()
    for f in Member._meta.fields:
        if f.name in NOT_CLEANED or f.generated or f.attname not in columns:
            continue
        column, canonical = columns[f.attname], CANONICAL.get(f.attname)
        outcomes = bulk.each_distinct(
            lambda raw, f=f, canonical=canonical: _field_clean(f, canonical(raw) if canonical else raw), column)
        column[:] = [value for value, _ok in outcomes]  # in place: `decisions` and `fulls` are these lists
        failing.update(i for i in rows if not outcomes[i][1])
    for i in sorted(failing):
        member = Member(**{name: columns[name][i] for name in IDENTITY_FIELDS})
        try:
            member.full_clean(exclude=NOT_CLEANED, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            refused[i] = exc
    rows = [i for i in rows if i not in refused]
    # The date rules, then how each joins its cell.
    dates = _Dates()
    births, ceremonies, notes = columns["birth_date"], columns["ceremony_date"], columns["full_membership_note"]
    joined = values.get("joined_on") or [None] * n
    joining = {name: list(values.get(name) or [""] * n) for name in ("transferred_in_from", "letter_number")}
    letter_dates = values.get("letter_date") or [None] * n
    columns["joined_on"] = [joined[i] or decisions[i] for i in range(n)]
    for i in rows:
        dates.birth_date, dates.admission_decision_date, dates.ceremony_date = births[i], decisions[i], ceremonies[i]
        dates.full_membership_date, dates.full_membership_note = fulls[i], notes[i]
        problems = rules.record_dates(dates, today)
        if problems:
            refused[i] = field_errors(*problems)
            continue
        problems = joining_errors(joined_on=columns["joined_on"][i], decision=decisions[i],
                                  transferred_in_from=joining["transferred_in_from"][i],
                                  letter_number=joining["letter_number"][i], letter_date=letter_dates[i], today=today)
        if problems:
            refused[i] = field_errors(*problems)
            continue
        try:
            check_established(organizations[i], columns["joined_on"][i])
        except RuleViolation as exc:
            refused[i] = exc
    rows = [i for i in rows if i not in refused]
    keys: dict[str, tuple[str, bytes]] = {}
    names = columns["full_name"]
    for i in rows:
        if names[i] not in keys:
            keys[names[i]] = name_keys(names[i])
    columns["name_normalized"] = [keys[name][0] if name in keys else "" for name in names]
    columns["name_sort_key"] = [keys[name][1] if name in keys else b"" for name in names]
    columns["organization"] = list(organizations)
    columns["transferred_in_from"] = [t.strip() for t in joining["transferred_in_from"]]
    columns["letter_number"] = [t.strip() for t in joining["letter_number"]]
    columns["letter_date"] = list(letter_dates)
    checked = NewMembers(columns, n)
    return (checked if len(rows) == n else checked.take(rows)), refused


def _field_clean(f, value) -> tuple:
    """(the value as `f` cleans it, True), or (`value`, False) where it refuses it; a value
    left blank where it may be is not checked (as ``full_clean``)."""
    if f.blank and value in f.empty_values:
        return value, True
    try:
        return f.clean(value, None), True
    except ValidationError:
        return value, False


def members_taken(numbers: dict[str, list[str]]) -> dict[tuple[str, str], Member]:
    """The members already recorded with one of `numbers` ({field of TAKEN_FIELDS: values,
    cleaned}): {(field, value): member} (a few queries for any number of values)."""
    found: dict[tuple[str, str], Member] = {}
    table = Member._meta.db_table
    names = ("id", "full_name", "birth_date", *TAKEN_FIELDS)
    columns = ", ".join(Member._meta.get_field(n).column for n in names)
    array = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for name, given in numbers.items():
            values = sorted(set(given) - {""})
            column = Member._meta.get_field(name).column
            # Plain SQL: the values are clean already (the ORM would adapt each of a
            # hundred thousand values again). PostgreSQL takes them all as one array;
            # SQLite through sqlite3's own execute (core.bulk.sqlite_execute), in lists of
            # IN (?, ...). The unique index is partial, on NOT (number = ''): SQLite uses
            # it only for a query that says so in those words (else each list scanned the
            # whole table).
            step = len(values) or 1 if array else 5000
            for i in range(0, len(values), step):
                chunk = values[i:i + step]
                sql = f"SELECT {columns} FROM {table} WHERE NOT ({column} = '') AND "
                if array:
                    cursor.execute(sql + f"{column} = ANY(%s)", [chunk])
                    rows = cursor.fetchall()
                else:
                    rows = bulk.sqlite_execute(connection, cursor, sql + f"{column} IN ({', '.join(['?'] * len(chunk))})",
                                               chunk).fetchall()
                for row in rows:
                    other = Member(**dict(zip(names, row, strict=True)))
                    if not array:  # SQLite gives dates as text
                        other.birth_date = Member._meta.get_field("birth_date").to_python(other.birth_date)
                    found[(name, getattr(other, name))] = other
    return found


@transaction.atomic
def members_bulk_create(*, actor, drafts: list[MemberDraft], scope: Organization, note: str = "") -> list[Member]:
    """Write the members of `drafts` (each made by ``member_draft``) at once, as
    ``member_create`` would one by one (``members_bulk_write``); returns them, saved."""
    names = [*IDENTITY_FIELDS, "name_normalized", "name_sort_key", "organization"]
    columns = {name: [getattr(d.member, name) for d in drafts] for name in names}
    columns.update({name: [getattr(d, name) for d in drafts] for name in _JOINING})
    ids = members_bulk_write(actor=actor, members=NewMembers(columns, len(drafts)), scope=scope, note=note)
    for d, pk in zip(drafts, ids, strict=True):
        d.member.pk, d.member._state.adding = pk, False
        d.member.status, d.member.status_since, d.member.on_roll = Member.Status.PROBATIONARY, d.member.admission_decision_date, True
        if d.member.full_membership_date:
            d.member.status, d.member.status_since = Member.Status.FULL, d.member.full_membership_date
    return [d.member for d in drafts]


@transaction.atomic
def members_bulk_write(*, actor, members: NewMembers, scope: Organization, note: str = "") -> list[int]:
    """Write `members` (checked by ``members_check``, or drafts of ``member_draft``) at once,
    as ``member_create`` would one by one, in a few statements (``MembersLoad``), with one
    audit row on `scope` covering them all. Returns the members' ids, in order."""
    load = MembersLoad(actor=actor, scope=scope, note=note)
    ids = load.add(members)
    load.finish()
    return ids


class MembersLoad:
    """Many new members written in parts (``add``), then audited once (``finish``), inside
    the caller's transaction: ``members_bulk_write`` for an import that writes a part while
    the next is checked. Each part as ``member_create`` would write its members one by one:
    members, status changes, affiliations, transfers in, the admission files of those
    admitted here (``core.registry.run_bulk_admission_handlers``); the audit row on `scope`
    covers them all (``core.integrity.covers``). A number another member took since they
    were checked refuses the whole write (the database's unique constraints: no second
    look-up of a hundred thousand numbers)."""

    def __init__(self, *, actor, scope: Organization, note: str = ""):
        require_write(actor, scope)
        self.actor, self.scope, self.note = actor, scope, note
        self.count = 0
        self.covered: dict[type, tuple[int, int]] = {}
        self.allowed: set[int] = set()  # the cells the actor may write, checked once

    def add(self, members: NewMembers) -> list[int]:
        """Write the part `members`; returns their ids, in order."""
        actor = self.actor
        organization_ids = [o.pk for o in members["organization"]]
        for org in {o.pk: o for o in members["organization"] if o.pk not in self.allowed}.values():
            require_write(actor, org)
            self.allowed.add(org.pk)
        n = len(members)
        if not n:
            return []
        today = timezone.localdate()
        decisions, fulls = members["admission_decision_date"], members["full_membership_date"]
        histories = [[(Member.Status.PROBATIONARY, decision, False)] if full is None else
                     [(Member.Status.PROBATIONARY, decision, False), (Member.Status.FULL, full, False)]
                     for decision, full in zip(decisions, fulls, strict=True)]
        ages = [party_age.bounds(decision_date=decision, changes=history, as_of=today)
                for decision, history in zip(decisions, histories, strict=True)]
        columns = {name: members[name] for name in (*IDENTITY_FIELDS, "name_normalized", "name_sort_key")}
        columns.update({
            "organization_id": organization_ids,
            "status": [history[-1][0] for history in histories],
            "status_since": [history[-1][1] for history in histories],
            "on_roll": True,
            "party_age_start": [age[0] for age in ages],
            "party_age_end": [age[1] for age in ages],
        })
        shared: dict = {}  # the conversions of the values the tables below have in common
        try:
            with transaction.atomic():
                ids = bulk.insert_columns(Member, columns, n, shared=shared)
        except IntegrityError as exc:
            raise RuleViolation(_("The biography, card or citizen ID number is already recorded for another "
                                  "member."), code="number_taken") from exc
        members.columns["id"] = ids
        del ages, columns
        # What _history_rows makes, as columns.
        bulk.insert_columns(StatusChange, {
            "member_id": [pk for pk, history in zip(ids, histories, strict=True) for _change in history],
            "status": [status for history in histories for status, _on, _annulled in history],
            "on": [on for history in histories for _status, on, _annulled in history],
        }, sum(len(history) for history in histories), ids=False, shared=shared)
        del histories
        transferred = members["transferred_in_from"]
        bulk.insert_columns(Affiliation, {
            "member_id": ids, "organization_id": organization_ids, "start": members["joined_on"],
            "start_reason": [Affiliation.Reason.TRANSFER_IN if t else Affiliation.Reason.ADMISSION for t in transferred],
        }, n, ids=False, shared=shared)
        moved = [i for i in range(n) if transferred[i]]
        bulk.insert_columns(Transfer, {
            "member_id": [ids[i] for i in moved], "kind": Transfer.Kind.IN, "on": [members["joined_on"][i] for i in moved],
            "to_organization_id": [organization_ids[i] for i in moved], "external_unit": [transferred[i] for i in moved],
            "letter_number": [members["letter_number"][i] for i in moved],
            "letter_date": [members["letter_date"][i] for i in moved],
        }, len(moved), ids=False, shared=shared)
        admitted = members.take([i for i in range(n) if not transferred[i]]) if moved else members
        for model, first, last in [(Member, ids[0], ids[-1]), *registry.run_bulk_admission_handlers(
                members=admitted, actor=actor, shared=shared)]:
            low, high = self.covered.get(model, (first, last))
            self.covered[model] = (min(low, first), max(high, last))
        self.count += n
        return ids

    def finish(self) -> None:
        """The audit row of the load (none when nothing was written)."""
        if not self.count:
            return
        audit.record(actor=self.actor, action="member.bulk_create", obj=self.scope, scope_path=self.scope.path,
                     changes=integrity.covers(*((model, *ids) for model, ids in self.covered.items())),
                     note=" · ".join(p for p in (ngettext("%(n)s member recorded", "%(n)s members recorded", self.count)
                                                % {"n": formatting.number(self.count)}, self.note) if p))


def _probation_start(member: Member) -> datetime.date:
    """The ceremony, or the latest (re-)admission if it came later."""
    last_admission = (
        member.status_changes.filter(status=Member.Status.PROBATIONARY, annulled=False).order_by("-on").first()
    )
    start = member.ceremony_date or member.admission_decision_date
    return max(start, last_admission.on) if last_admission else start


def _row(member: Member) -> Member:
    """The member's row, locked for the write."""
    return Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)


def _locked(member: Member, actor) -> Member:
    """The member's row, locked for the actor's write. The actor's scope is checked first, so
    that an actor outside waits for no lock, and again on the row as locked."""
    require_write(actor, member.organization)
    locked = _row(member)
    require_write(actor, locked.organization)
    return locked


def _move_history_dates(member: Member, changed: set[str]) -> None:
    """Corrected dates move the status rows they stand for: the decision date moves the first
    admission, the full-membership date the full membership since the latest (re-)admission."""
    changes = list(member.status_changes.filter(annulled=False).order_by("on", "id"))
    if "admission_decision_date" in changed:
        changes[0].on = member.admission_decision_date
        changes[0].save(update_fields=["on"])
    if "full_membership_date" in changed:
        since_admission = changes[max(i for i, c in enumerate(changes) if c.status == Member.Status.PROBATIONARY):]
        full = next((c for c in since_admission if c.status == Member.Status.FULL), None)
        if full is None or member.full_membership_date is None:
            raise field_error("full_membership_date", _(
                "Full membership is recorded by changing the status; here only its date can be corrected."
            ), "full_membership_by_status")
        full.on = member.full_membership_date
        full.save(update_fields=["on"])


@transaction.atomic
def member_update(*, actor, member: Member, **fields) -> Member:
    """Change identity fields. Status and organization change only through their services."""
    unknown = set(fields) - set(IDENTITY_FIELDS)
    if unknown:
        raise RuleViolation(_("These fields cannot be edited here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
                            code="fields_not_editable")
    member = _locked(member, actor)
    before = audit.snapshot(member, AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(member, name, value)
    readmitted = member.status_changes.filter(status=Member.Status.PROBATIONARY, annulled=False).count() > 1
    touched = {"ceremony_date", "full_membership_date", "full_membership_note"} & set(
        audit.diff(before, audit.snapshot(member, IDENTITY_FIELDS)))
    _validate(member, exact_full=bool(touched) and not readmitted)
    _save(member)
    _move_history_dates(member, set(audit.diff(before, audit.snapshot(member, IDENTITY_FIELDS))))
    _refresh_derived(member)
    changes = audit.diff(before, audit.snapshot(member, AUDIT_FIELDS))
    if changes:
        audit.record(actor=actor, action="member.update", obj=member, scope_path=member.organization.path,
                     changes=changes)
    return member


@transaction.atomic
def member_change_status(
    *, actor, member: Member, status: str, on: datetime.date, decision: str = ""
) -> Member:
    member = _locked(member, actor)
    if status not in Member.Status.values:
        raise RuleViolation(_("Unknown status: %(status)s.") % {"status": status}, code="status_unknown")
    if status not in ALLOWED_TRANSITIONS[member.status]:
        raise RuleViolation(
            _("A member with status “%(old)s” cannot become “%(new)s”.")
            % {"old": Member.Status(member.status).label, "new": Member.Status(status).label},
            code="transition_not_allowed",
        )
    future = rules.not_in_future("on", _("Date of the status change"), on, timezone.localdate())
    if future:
        raise future
    if on < member.status_since:
        raise RuleViolation(
            _("The date %(on)s is before the member's last status change (%(last)s).")
            % {"on": formatting.date(on), "last": formatting.date(member.status_since)},
            code="date_before_last_status",
        )
    if not member.on_roll and member.status in IN_PARTY:
        raise RuleViolation(
            _("%(name)s was transferred out and is no longer on the rolls here.") % {"name": member.full_name},
            code="transferred_out",
        )
    if status == Member.Status.FULL:
        earliest = _probation_start(member) + relativedelta(months=PROBATION_MONTHS)
        if on < earliest:
            raise RuleViolation(
                _("Full membership can start only after 12 months of probation, on %(date)s at the earliest.")
                % {"date": formatting.date(earliest)},
                code="full_membership_too_early",
            )
    if status == Member.Status.PROBATIONARY:  # re-admission
        readmissions = member.status_changes.filter(status=Member.Status.PROBATIONARY, annulled=False).count()
        if readmissions > 1:
            raise RuleViolation(_("A member can be re-admitted only once."), code="readmitted_once")
        earliest = member.status_since + relativedelta(months=READMISSION_WAIT_MONTHS)
        if on < earliest:
            raise RuleViolation(
                _("Re-admission needs at least 36 months after leaving the Party: not before %(date)s.")
                % {"date": formatting.date(earliest)},
                code="readmission_too_early",
            )
    open_aff = member.affiliations.filter(end__isnull=True).first()
    if open_aff and on < open_aff.start:
        raise _before_joining(member, on, open_aff)
    before = audit.snapshot(member, AUDIT_FIELDS)
    StatusChange.objects.create(member=member, status=status, on=on, decision=decision)
    if status == Member.Status.FULL:
        member.full_membership_date = on
        member.save(update_fields=["full_membership_date"])
    if status in OUT_OF_PARTY or status == Member.Status.DECEASED:
        if open_aff:
            open_aff.end, open_aff.end_reason = on, Affiliation.Reason.STATUS
            open_aff.save(update_fields=["end", "end_reason"])
    elif status in IN_PARTY and open_aff is None:
        _check_holding_org(member.organization)
        Affiliation.objects.create(member=member, organization=member.organization, start=on,
                                   start_reason=Affiliation.Reason.READMISSION)
    _refresh_derived(member)
    audit.record(actor=actor, action="member.status", obj=member, scope_path=member.organization.path,
                 changes=audit.diff(before, audit.snapshot(member, AUDIT_FIELDS)), note=decision)
    return member


ANNULLABLE_STATUSES = (Member.Status.FULL, *OUT_OF_PARTY, Member.Status.DECEASED)


def _check_reason(reason: str) -> None:
    if not reason.strip():
        raise field_error("reason", _("Say why the record is wrong: the reason stays in the history."), "annul_reason_required")


def _check_status_annul(*, actor, change: StatusChange) -> None:
    """Everything `status_change_annul` requires but the reason."""
    member = change.member
    require_write(actor, member.organization)
    if change.annulled:
        raise RuleViolation(_("This status change was already annulled."), code="already_annulled")
    if change.status not in ANNULLABLE_STATUSES:
        raise RuleViolation(_("Only full membership, leaving, removal, expulsion or death can be annulled."),
                            code="annul_status_not_allowed")
    later = member.status_changes.filter(annulled=False, on__gt=change.on).exists()
    if later:
        raise RuleViolation(_("Only the latest status change can be annulled."), code="annul_not_latest")
    if change.status in IN_PARTY:
        return
    moved = member.transfers.filter(annulled=False, on__gt=change.on).order_by("on").first()
    if moved:
        raise RuleViolation(_(
            "A transfer on %(on)s was recorded after this status change: annul that transfer first."
        ) % {"on": formatting.date(moved.on)}, code="annul_transfer_after")


def status_change_annul_refusal(*, actor, change: StatusChange) -> str:
    """Why `status_change_annul` would refuse (translated), or ""."""
    return refusal(_check_status_annul, actor=actor, change=change)


@transaction.atomic
def status_change_annul(*, actor, change: StatusChange, reason: str, decision: str = "") -> Member:
    """Annul a status change found wrong (a wrongful expulsion, a mistaken entry): the row
    stays in the history, marked, with the reason, who and when; the member's status goes
    back to the one before it, and the Party age runs on. `decision` (e.g. the number of the
    decision annulling an expulsion) is added to the row's decision."""
    member = _locked(change.member, actor)
    change = StatusChange.objects.select_related("member").get(pk=change.pk)
    change.member = member
    _check_status_annul(actor=actor, change=change)
    _check_reason(reason)
    before = audit.snapshot(member, AUDIT_FIELDS)
    change.annulled = True
    change.annul_reason = reason.strip()
    change.annulled_at = timezone.now()
    change.annulled_by = actor if getattr(actor, "pk", None) else None
    change.decision = " — ".join(p for p in (change.decision, decision) if p)
    change.save(update_fields=["annulled", "annul_reason", "annulled_at", "annulled_by", "decision"])
    aff = member.affiliations.order_by("-start", "-id").first()
    if aff.end == change.on and aff.end_reason == Affiliation.Reason.STATUS:
        aff.end, aff.end_reason = None, ""
        aff.save(update_fields=["end", "end_reason"])
    if change.status == Member.Status.FULL:
        member.full_membership_date = None
        member.save(update_fields=["full_membership_date"])
    _refresh_derived(member)
    audit.record(actor=actor, action="member.status_annul", obj=member, scope_path=member.organization.path,
                 changes=audit.diff(before, audit.snapshot(member, AUDIT_FIELDS)), note=" — ".join(p for p in (reason.strip(), decision) if p))
    return member


def _before_joining(member: Member, on: datetime.date, aff: Affiliation) -> RuleViolation:
    return RuleViolation(
        _("The date %(on)s is before %(name)s joined the current cell (%(start)s).")
        % {"on": formatting.date(on), "name": member.full_name, "start": formatting.date(aff.start)},
        code="date_before_joining",
    )


def _open_affiliation(member: Member, on: datetime.date) -> Affiliation:
    """The member's current cell, which a move on `on` ends."""
    aff = member.affiliations.filter(end__isnull=True).first()
    if aff is None:
        raise RuleViolation(_("%(name)s is not on the rolls of any cell.") % {"name": member.full_name},
                            code="not_on_the_rolls")
    if on < aff.start:
        raise _before_joining(member, on, aff)
    return aff


def _move(member: Member, to: Organization | None, on: datetime.date, reason_out: str, reason_in: str) -> None:
    aff = _open_affiliation(member, on)
    aff.end, aff.end_reason = on, reason_out
    if aff.end == aff.start:
        aff.delete()
    else:
        aff.save(update_fields=["end", "end_reason"])
    if to is not None:
        Affiliation.objects.create(member=member, organization=to, start=on, start_reason=reason_in)


def _check_transfer(*, actor, member: Member, to_organization: Organization, on: datetime.date) -> None:
    """Everything `member_transfer` requires."""
    source = member.organization
    require_write(actor, source)
    require_write(actor, to_organization)
    if to_organization.pk == source.pk:
        raise RuleViolation(_("%(name)s is already on the rolls of %(org)s.") % {"name": member.full_name, "org": source.name},
                            code="transfer_same_cell")
    _check_holding_org(to_organization)
    if member.status not in IN_PARTY:
        raise RuleViolation(_("Only probationary and full members can be transferred."), code="transfer_not_in_party")
    _open_affiliation(member, on)
    if on < to_organization.established_on:
        raise RuleViolation(
            _("%(org)s did not exist yet on %(on)s.") % {"org": to_organization.name, "on": formatting.date(on)},
            code="cell_not_yet_established",
        )
    future = rules.not_in_future("on", _("Transfer date"), on, timezone.localdate())
    if future:
        raise future


def member_transfer_refusal(*, actor, member: Member, to_organization: Organization, on: datetime.date) -> str:
    """Why `member_transfer` would refuse to transfer `member` to `to_organization` on `on`
    (translated), or "" when it would not."""
    return refusal(_check_transfer, actor=actor, member=member, to_organization=to_organization, on=on)


@transaction.atomic
def member_transfer(
    *, actor, member: Member, to_organization: Organization, on: datetime.date, decision: str = ""
) -> Member:
    """Move a member between cells inside the tree; the actor must reach both."""
    member = _locked(member, actor)
    source = member.organization
    _check_transfer(actor=actor, member=member, to_organization=to_organization, on=on)
    before = audit.snapshot(member, AUDIT_FIELDS)
    _move(member, to_organization, on, Affiliation.Reason.TRANSFER, Affiliation.Reason.TRANSFER)
    Transfer.objects.create(member=member, kind=Transfer.Kind.INTERNAL, on=on, from_organization=source,
                            to_organization=to_organization, decision=decision)
    _refresh_derived(member)
    audit.record(actor=actor, action="member.transfer", obj=member, scope_path=to_organization.path,
                 changes=audit.diff(before, audit.snapshot(member, AUDIT_FIELDS)), note=decision)
    return member


@transaction.atomic
def member_transfer_out(
    *, actor, member: Member, on: datetime.date, destination: str, decision: str = "",
    letter_number: str = "", letter_date: datetime.date | None = None,
) -> Member:
    """Transfer a member out of the tree (out of the province or committee) on `on`, with the
    letter (giấy giới thiệu sinh hoạt đảng) `letter_number` of `letter_date`: the member
    leaves the rolls here."""
    member = _locked(member, actor)
    if not destination.strip():
        raise field_error("destination", _("Say where the member is transferred to."), "destination_required")
    if member.status not in IN_PARTY:
        raise RuleViolation(_("Only probationary and full members can be transferred."), code="transfer_not_in_party")
    errors = _letter_errors(letter_date, on, timezone.localdate())
    if errors:
        raise field_errors(*errors)
    before = audit.snapshot(member, AUDIT_FIELDS)
    _move(member, None, on, Affiliation.Reason.TRANSFER_OUT, "")
    Transfer.objects.create(member=member, kind=Transfer.Kind.OUT, on=on, from_organization=member.organization,
                            external_unit=destination.strip(), decision=decision,
                            letter_number=letter_number.strip(), letter_date=letter_date)
    _refresh_derived(member)
    audit.record(actor=actor, action="member.transfer_out", obj=member, scope_path=member.organization.path,
                 changes=audit.diff(before, audit.snapshot(member, AUDIT_FIELDS)), note=destination)
    return member


TEMPORARY_MIN_MONTHS = 3
TEMPORARY_MAX_MONTHS = 12
TEMPORARY_STUDY_MAX_MONTHS = 24


@transaction.atomic
def member_transfer_temporary(
    *, actor, member: Member, start: datetime.date, end: datetime.date,
    to_organization: Organization | None = None, external_unit: str = "", for_study: bool = False,
    letter_number: str = "", letter_date: datetime.date | None = None, decision: str = "",
) -> Transfer:
    """Sinh hoạt tạm thời: the member attends `to_organization` (a cell of the tree) or an
    outside unit from `start` to the expected `end`, and stays on the home cell's rolls.

    Length (RULES.md, "Records"): at least 3 months, at most 12 (24 for study); the end is a
    plan and may be after today, the start and the letter are not. One temporary transfer
    at a time."""
    member = _locked(member, actor)
    if member.status not in IN_PARTY or not member.on_roll:
        raise RuleViolation(_("Only probationary and full members on the rolls can be transferred."),
                            code="transfer_not_in_party")
    external_unit = external_unit.strip()
    if bool(to_organization) == bool(external_unit):
        raise field_error("external_unit", _("Say where the member attends: a cell of the tree or an outside unit."),
                          "temporary_place_required")
    if to_organization is not None:
        if to_organization.pk == member.organization_id:
            raise field_error("to_organization", _("%(name)s is already on the rolls of %(org)s.")
                              % {"name": member.full_name, "org": to_organization.name}, "transfer_same_cell")
        _check_holding_org(to_organization)
    errors = _letter_errors(letter_date, start, timezone.localdate(), on_field="start")
    longest = TEMPORARY_STUDY_MAX_MONTHS if for_study else TEMPORARY_MAX_MONTHS
    earliest_end = start + relativedelta(months=TEMPORARY_MIN_MONTHS)
    latest_end = start + relativedelta(months=longest)
    if not earliest_end <= end <= latest_end:
        errors.append(field_error("end", _(
            "A temporary transfer lasts %(min)s to %(max)s months%(study)s: starting on %(start)s it ends between "
            "%(earliest)s and %(latest)s, not on %(end)s."
        ) % {
            "min": TEMPORARY_MIN_MONTHS, "max": longest, "study": _(" (for study)") if for_study else "",
            "start": formatting.date(start), "earliest": formatting.date(earliest_end),
            "latest": formatting.date(latest_end), "end": formatting.date(end),
        }, "temporary_length"))
    if errors:
        raise field_errors(*errors)
    aff = member.affiliations.filter(end__isnull=True).first()
    if aff and start < aff.start:
        raise _before_joining(member, start, aff)
    overlap = member.transfers.filter(kind=Transfer.Kind.TEMPORARY, annulled=False, on__lt=end, end__gt=start).first()
    if overlap:
        raise RuleViolation(_(
            "%(name)s already has a temporary transfer from %(start)s to %(end)s."
        ) % {"name": member.full_name, "start": formatting.date(overlap.on), "end": formatting.date(overlap.end)},
            code="temporary_overlap")
    item = Transfer.objects.create(
        member=member, kind=Transfer.Kind.TEMPORARY, on=start, end=end, from_organization=member.organization,
        to_organization=to_organization, external_unit=external_unit, for_study=for_study,
        letter_number=letter_number.strip(), letter_date=letter_date, decision=decision,
    )
    place = to_organization.name if to_organization else external_unit
    letter = " ".join(p for p in (letter_number.strip(), formatting.date(letter_date)) if p)
    audit.record(actor=actor, action="member.transfer_temporary", obj=member, scope_path=member.organization.path,
                 note=" · ".join(p for p in (f"{place}: {formatting.date(start)}–{formatting.date(end)}", letter) if p))
    return item


def _check_transfer_annul(*, actor, transfer: Transfer) -> None:
    """Everything `transfer_annul` requires but the reason."""
    member = transfer.member
    require_write(actor, member.organization)
    for org in (transfer.from_organization, transfer.to_organization):
        if org is not None and transfer.kind == Transfer.Kind.INTERNAL:
            require_write(actor, org)
    if transfer.annulled:
        raise RuleViolation(_("This transfer was already annulled."), code="transfer_already_annulled")
    if transfer.kind == Transfer.Kind.IN:
        raise RuleViolation(_(
            "A transfer in is how the member was recorded here: correct the member's details instead."
        ), code="transfer_in_not_annullable")
    if transfer.kind == Transfer.Kind.TEMPORARY:
        return
    later = (member.transfers.filter(annulled=False, on__gte=transfer.on).exclude(pk=transfer.pk)
             .exclude(on=transfer.on, pk__lt=transfer.pk).order_by("on", "id").first())
    if later:
        raise RuleViolation(_(
            "A later transfer (%(on)s) depends on this one: annul that one first."
        ) % {"on": formatting.date(later.on)}, code="transfer_not_latest")
    status = member.status_changes.filter(annulled=False, on__gt=transfer.on).order_by("on").first()
    if status:
        raise RuleViolation(_(
            "A status change on %(on)s was recorded after this transfer: annul that first."
        ) % {"on": formatting.date(status.on)}, code="transfer_status_after")
    if transfer.kind == Transfer.Kind.INTERNAL and transfer.from_organization and transfer.from_organization.dissolved_on:
        raise RuleViolation(_("%(org)s was dissolved and cannot take members.") % {"org": transfer.from_organization.name},
                            code="cell_dissolved")


def transfer_annul_refusal(*, actor, transfer: Transfer) -> str:
    """Why `transfer_annul` would refuse (translated), or ""."""
    return refusal(_check_transfer_annul, actor=actor, transfer=transfer)


@transaction.atomic
def transfer_annul(*, actor, transfer: Transfer, reason: str) -> Member:
    """Annul a transfer entered by mistake. The move is undone: the cell the member left is
    theirs again from the day they were on its rolls (the wrong cell's row is removed), a
    member transferred out is back on the rolls; a temporary transfer just stops counting.
    The transfer row stays in the history, marked annulled with the reason, who and when.
    Refused when later history depends on it (a later transfer or status change)."""
    member = _locked(transfer.member, actor)
    transfer = Transfer.objects.select_related("from_organization", "to_organization").get(pk=transfer.pk)
    transfer.member = member
    _check_transfer_annul(actor=actor, transfer=transfer)
    _check_reason(reason)
    before = audit.snapshot(member, AUDIT_FIELDS)
    if transfer.kind in (Transfer.Kind.INTERNAL, Transfer.Kind.OUT):
        wrong = None
        if transfer.kind == Transfer.Kind.INTERNAL:
            wrong = member.affiliations.filter(end__isnull=True, organization=transfer.to_organization,
                                               start=transfer.on).first()
        left = (member.affiliations.filter(organization=transfer.from_organization, end=transfer.on)
                .order_by("-start", "-id").first())
        if wrong is not None:
            wrong.delete()
        if left is not None:
            left.end, left.end_reason = None, ""
            left.save(update_fields=["end", "end_reason"])
        else:  # the member had joined that cell on the day of the transfer: the row was not kept
            Affiliation.objects.create(member=member, organization=transfer.from_organization, start=transfer.on,
                                       start_reason=Affiliation.Reason.TRANSFER)
    transfer.annulled = True
    transfer.annul_reason = reason.strip()
    transfer.annulled_at = timezone.now()
    transfer.annulled_by = actor if getattr(actor, "pk", None) else None
    transfer.save(update_fields=["annulled", "annul_reason", "annulled_at", "annulled_by"])
    _refresh_derived(member)
    audit.record(actor=actor, action="member.transfer_annul", obj=member, scope_path=member.organization.path,
                 changes=audit.diff(before, audit.snapshot(member, AUDIT_FIELDS)),
                 note=f"{formatting.date(transfer.on)}: {reason.strip()}")
    return member


@transaction.atomic
def interruption_add(
    *, actor, member: Member, start: datetime.date, end: datetime.date, reason: str
) -> Interruption:
    member = _locked(member, actor)
    if end <= start:
        raise field_error("end", _("The end of an interruption must come after its start."), "interruption_order")
    if reason not in Interruption.Reason.values:
        raise field_error("reason", _("Unknown reason."), "interruption_reason_unknown")
    item = Interruption.objects.create(member=member, start=start, end=end, reason=reason)
    _refresh_derived(member)
    audit.record(actor=actor, action="member.interruption", obj=member, scope_path=member.organization.path,
                 changes={"interruption": [None, f"{formatting.date(start)}–{formatting.date(end)} {reason}"]})
    return item


@transaction.atomic
def seat_assign(
    *, actor, committee: Committee, member: Member, role: str, start: datetime.date,
    end: datetime.date | None = None, decision: str = "",
) -> CommitteeSeat:
    """A seat on `committee` for `member`. A committee has one secretary at a time: its row
    is locked while the seats are checked, so that two secretaries assigned at once cannot
    both pass."""
    org = committee.organization
    require_write(actor, org)
    committee = Committee.objects.select_for_update(of=("self",)).select_related("organization").get(pk=committee.pk)
    member = _row(member)
    if role not in CommitteeSeat.Role.values:
        raise field_error("role", _("Unknown role."), "seat_role_unknown")
    if end is not None and end <= start:
        raise field_error("end", _("A seat must end after it starts."), "seat_order")
    if not member.organization.path.startswith(org.path):
        raise RuleViolation(
            _("%(name)s is not a member of %(org)s and cannot hold a seat on its committee.")
            % {"name": member.full_name, "org": org.name},
            code="seat_outside_organization",
        )
    if member.status not in IN_PARTY or not member.on_roll:
        raise RuleViolation(_("Only a member in the Party and on the rolls can hold a seat."), code="seat_not_on_the_rolls")
    if start < committee.term_start or start >= committee.term_end or (end and end > committee.term_end):
        raise RuleViolation(_("A seat must lie within the committee's term."), code="seat_outside_term")
    if role == CommitteeSeat.Role.SECRETARY:
        clash = CommitteeSeat.objects.filter(committee=committee, role=CommitteeSeat.Role.SECRETARY, start__lt=end or committee.term_end)
        clash = clash.exclude(end__isnull=False, end__lte=start)
        if clash.exists():
            raise RuleViolation(_("The committee already has a secretary for that time."), code="secretary_taken")
    seat = CommitteeSeat.objects.create(committee=committee, member=member, role=role, start=start, end=end,
                                        decision=decision.strip())
    audit.record(actor=actor, action="committee.seat", obj=committee, scope_path=org.path,
                 changes={"seat": [None, f"{member.full_name}: {CommitteeSeat.Role(role).label}"]}, note=decision)
    return seat


@transaction.atomic
def seat_end(*, actor, seat: CommitteeSeat, end: datetime.date, reason: str) -> CommitteeSeat:
    """End a seat on `end` (exclusive, like every period here) for `reason` (moved to other
    work, resigned, ...): after its start, within the committee's term, not after today,
    and only a seat still open."""
    org = seat.committee.organization
    require_write(actor, org)
    Committee.objects.select_for_update(of=("self",)).get(pk=seat.committee_id)
    seat = CommitteeSeat.objects.select_related("committee__organization", "member").get(pk=seat.pk)
    if seat.end is not None:
        raise RuleViolation(_("This seat already ended on %(end)s.") % {"end": formatting.date(seat.end)},
                            code="seat_already_ended")
    errors = []
    if end <= seat.start:
        errors.append(field_error("end", _("A seat must end after it starts (%(start)s).")
                                  % {"start": formatting.date(seat.start)}, "seat_order"))
    elif end > seat.committee.term_end:
        errors.append(field_error("end", _("The committee's term ends on %(term_end)s: a seat cannot end later.")
                                  % {"term_end": formatting.date(seat.committee.term_end)}, "seat_outside_term"))
    future = rules.not_in_future("end", _("End of the seat"), end, timezone.localdate())
    if future:
        errors.append(future)
    if not reason.strip():
        errors.append(field_error("reason", _("Say why the seat ends."), "seat_end_reason_required"))
    if errors:
        raise field_errors(*errors)
    seat.end, seat.end_reason = end, reason.strip()
    seat.save(update_fields=["end", "end_reason"])
    audit.record(actor=actor, action="committee.seat_end", obj=seat.committee, scope_path=org.path,
                 changes={"seat": [f"{seat.member.full_name}: {CommitteeSeat.Role(seat.role).label}", None]},
                 note=f"{formatting.date(end)}: {reason.strip()}")
    return seat


# Hooks published to core.registry (see apps.py).

def members_block_dissolution(organization: Organization) -> list[str]:
    n = Member.objects.filter(organization=organization, on_roll=True).count()
    if not n:
        return []
    return [ngettext(
        "%(org)s still has %(n)s member on its rolls: transfer them first.",
        "%(org)s still has %(n)s members on its rolls: transfer them first.", n,
    ) % {"org": organization.name, "n": n}]


def members_follow_merger(*, source: Organization, target: Organization, on: datetime.date, actor) -> None:
    """Members on the rolls of a merged cell move to the cell that absorbs it."""
    members = list(Member.objects.filter(organization=source, on_roll=True))
    if not members or target.kind not in MEMBER_HOLDING_KINDS:
        return
    for member in members:
        _move(member, target, on, Affiliation.Reason.MERGER, Affiliation.Reason.MERGER)
        Transfer.objects.create(member=member, kind=Transfer.Kind.INTERNAL, on=on, from_organization=source,
                                to_organization=target, decision=_("Merger of organizations"))
    Member.objects.filter(pk__in=[m.pk for m in members]).update(organization=target)
    for member in members:
        audit.record(actor=actor, action="member.merger", obj=member, scope_path=target.path,
                     changes={"organization": [{"id": source.pk, "repr": source.name},
                                               {"id": target.pk, "repr": target.name}]})
