"""Bulk import of the member register and of the organization tree from a table
(``tabular``), all or nothing, with a summary.

Members: every row is checked as ``members.services.member_draft`` checks one member (the
checks of ``member_create``: the actor's scope, the cell, the fields' formats, the date
rules), all rows at once column by column (``members_check``), after their cells are read
here (dates as offices write them, the gender, the cell by code or name among the
organizations of the import's scope). Duplicates are found by citizen ID,
biography and card number: twice in the file is refused (the later row); a number already
recorded is a duplicate (skipped, reported) when it is the same person (same name and date
of birth), else refused with ``member_create``'s words. Any refusal writes nothing; else
``members.services.members_bulk_write`` writes them all at once.

Organizations: rows are created parents first through ``orgs.services.organization_create``
(each row's parent is a code of the file, or of an organization already under the scope;
none means the scope itself), in one transaction rolled back on any refusal, or always for
a dry run — so a dry run runs exactly the checks of the real one.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import itertools
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.core import audit, bulk, forked, formatting
from dangvu.core.errors import PermissionDenied, RuleViolation, ValidationError, message, refusal
from dangvu.core.text import normalize
from dangvu.members import services as member_services
from dangvu.members.models import Member
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization, under
from dangvu.orgs.scope import require_admin, require_write, visible_organizations

from . import tabular
from .models import ColumnMapping, ImportJob, RegisterKind
from .selectors import progress_path, upload_path
from .tabular import BadValue, Formula, Table, column_letter, header_key, parse_date, text_value

logger = logging.getLogger(__name__)
ProgressFn = Callable[[int], None]
PROGRESS_EVERY = 1000
# Rows of a member register checked (and written) at a time.
PART_ROWS = 2500
FIRST_PROBLEMS = 200  # the problems a summary keeps (their count is kept whole)


@dataclass(frozen=True)
class Column:
    name: str
    label: object  # lazy text
    headers: tuple[str, ...] = ()  # normalized header texts offices use besides the label
    kind: str = "text"  # text | date | gender | org | status
    required: bool = False


MEMBER_COLUMNS = [
    Column("full_name", gettext_lazy("Full name"), ("ho va ten", "ho ten", "ho va ten dang vien", "ten dang vien"),
           required=True),
    Column("gender", gettext_lazy("Gender"), ("gioi tinh", "nam/nu", "nam nu"), "gender", required=True),
    Column("birth_date", gettext_lazy("Date of birth"), ("ngay sinh", "ngay thang nam sinh", "sinh ngay"), "date",
           required=True),
    Column("organization", gettext_lazy("Organization"), ("chi bo", "to chuc dang", "chi bo sinh hoat", "ten chi bo"),
           "org"),
    Column("organization_code", gettext_lazy("Organization code"), ("ma chi bo", "ma to chuc"), "org"),
    Column("admission_decision_date", gettext_lazy("Admission decision date"),
           ("ngay vao dang", "ngay ket nap", "ngay quyet dinh ket nap", "ngay ket nap dang"), "date", required=True),
    Column("ceremony_date", gettext_lazy("Admission ceremony date"), ("ngay le ket nap", "ngay to chuc le ket nap"),
           "date"),
    Column("full_membership_date", gettext_lazy("Full membership date"),
           ("ngay chinh thuc", "ngay cong nhan chinh thuc", "ngay cong nhan dang vien chinh thuc"), "date"),
    Column("full_membership_note", gettext_lazy("Why full membership is not 12 months after the ceremony")),
    Column("status", gettext_lazy("Status"), ("trang thai", "tinh trang"), "status"),
    Column("biography_number", gettext_lazy("Biography number"), ("so ly lich", "so ly lich dang vien", "so ll")),
    Column("card_number", gettext_lazy("Party card number"), ("so the dang", "so the dang vien", "so the")),
    Column("citizen_id", gettext_lazy("Citizen ID (CCCD)"),
           ("so cccd", "cccd", "so can cuoc", "so can cuoc cong dan", "so dinh danh", "so dinh danh ca nhan")),
    Column("ethnicity", gettext_lazy("Ethnicity"), ("dan toc",)),
    Column("religion", gettext_lazy("Religion"), ("ton giao",)),
    Column("hometown", gettext_lazy("Hometown"), ("que quan", "nguyen quan")),
    Column("education", gettext_lazy("Education"), ("trinh do", "trinh do hoc van", "trinh do van hoa")),
    Column("profession", gettext_lazy("Profession"), ("nghe nghiep",)),
    Column("phone", gettext_lazy("Phone"), ("dien thoai", "so dien thoai", "sdt")),
    Column("position", gettext_lazy("Position held"), ("chuc vu", "chuc vu chinh quyen", "chuc vu doan the")),
    Column("joined_on", gettext_lazy("Date joined the cell"), ("ngay chuyen den", "ngay vao chi bo"), "date"),
    Column("transferred_in_from", gettext_lazy("Transferred in from"), ("chuyen den tu", "noi chuyen den")),
]

ORGANIZATION_COLUMNS = [
    Column("code", gettext_lazy("Code"), ("ma", "ma to chuc", "ma don vi"), required=True),
    Column("name", gettext_lazy("Name"), ("ten", "ten to chuc", "ten to chuc dang", "ten don vi"), required=True),
    Column("short_name", gettext_lazy("Short name"), ("ten viet tat", "ten ngan")),
    Column("kind", gettext_lazy("Kind"), ("loai", "loai hinh", "loai to chuc", "cap"), "kind", required=True),
    Column("sector", gettext_lazy("Sector"), ("khoi", "linh vuc", "nganh"), "sector"),
    Column("parent_code", gettext_lazy("Parent code"), ("ma cap tren", "ma to chuc cap tren", "ma dang bo cap tren",
                                                         "cap tren")),
    Column("established_on", gettext_lazy("Established on"), ("ngay thanh lap", "thanh lap"), "date", required=True),
]

COLUMNS = {RegisterKind.MEMBERS: MEMBER_COLUMNS, RegisterKind.ORGANIZATIONS: ORGANIZATION_COLUMNS}


def _labels(column: Column) -> set[str]:
    """The normalized texts a header may have for `column`: its own list and its label in
    every language of the site."""
    texts = set(column.headers) | {column.name.replace("_", " ")}
    for language in ("vi", "en"):
        with translation.override(language):
            texts.add(header_key(column.label))
    return texts


def known_headers(kind: str) -> set[str]:
    return {h for c in COLUMNS[kind] for h in _labels(c)}


def guess_mapping(kind: str, headers: list[str], remembered: dict[str, str] | None = None) -> dict[int, str]:
    """{column index: field} for `headers`: the mapping remembered for the same header
    text first, then the field whose names the header matches; each field once."""
    by_text = {h: c.name for c in COLUMNS[kind] for h in _labels(c)}
    names = {c.name for c in COLUMNS[kind]}
    mapping: dict[int, str] = {}
    for i, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        chosen = (remembered or {}).get(key)
        if chosen is None:
            chosen = by_text.get(key, "")
        if chosen in names and chosen not in mapping.values():
            mapping[i] = chosen
    return mapping


def remembered_mapping(organization: Organization, kind: str) -> dict[str, str]:
    """The mapping remembered for `organization`, or else its nearest ancestor's."""
    ids = [int(p) for p in organization.path.split(".") if p]
    rows = {m.organization_id: m.headers for m in ColumnMapping.objects.filter(organization_id__in=ids, kind=kind)}
    return next((rows[i] for i in reversed(ids) if i in rows), {})


@transaction.atomic
def mapping_remember(*, actor, organization: Organization, kind: str, headers: list[str],
                     mapping: dict[int, str]) -> ColumnMapping:
    """Remember which field each header of the file holds, for the next file of
    `organization`."""
    require_write(actor, organization)
    names = {c.name for c in COLUMNS[kind]}
    chosen = {header_key(h): mapping.get(i, "") for i, h in enumerate(headers) if header_key(h)}
    unknown = {v for v in chosen.values() if v and v not in names}
    if unknown:
        raise RuleViolation(_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))},
                            code="mapping_field_unknown")
    row, _created = ColumnMapping.objects.get_or_create(organization=organization, kind=kind)
    before = dict(row.headers)
    row.headers = {**row.headers, **chosen}
    row.save()
    if before != row.headers:
        audit.record(actor=actor, action="exchange.registers_mapping", obj=organization, scope_path=organization.path,
                     changes={"mapping": [before, row.headers]}, note=str(RegisterKind(kind).label))
    return row


def check_mapping(kind: str, mapping: dict[int, str]) -> None:
    """Every required field has a column (members: the cell by its name or its code)."""
    chosen = set(mapping.values())
    missing = [str(c.label) for c in COLUMNS[kind] if c.required and c.name not in chosen]
    if kind == RegisterKind.MEMBERS and not chosen & {"organization", "organization_code"}:
        missing.append(str(_("Organization")))
    if missing:
        raise RuleViolation(_("Choose the column of: %(fields)s.") % {"fields": ", ".join(missing)},
                            code="mapping_incomplete")
    seen = set()
    for name in mapping.values():
        if name in seen:
            raise RuleViolation(_("Two columns are given the same field: %(field)s.") % {
                "field": next(str(c.label) for c in COLUMNS[kind] if c.name == name)}, code="mapping_twice")
        seen.add(name)


# --- the summary ---------------------------------------------------------------------------------

@dataclass
class Problem:
    row: int
    column: str  # its letter, "" when the problem is the row's
    header: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = _("Sheet %(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.column:
            where += ", " + _("column %(col)s (%(header)s)") % {"col": self.column, "header": self.header}
        return f"{where}: {self.message}"


@dataclass
class Summary:
    kind: str
    dry_run: bool
    sheet: str = ""
    rows: int = 0  # data rows read (empty rows not counted)
    created: int = 0  # written, or that would be written (dry run)
    duplicates: list[Problem] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)
    refused_count: int = 0
    written: bool = False

    def refuse(self, problem: Problem) -> None:
        self.refused_count += 1
        if len(self.refused) < FIRST_PROBLEMS:
            problem.sheet = self.sheet
            self.refused.append(problem)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Summary:
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["duplicates"] = [Problem(**p) for p in data.get("duplicates", [])]
        data["refused"] = [Problem(**p) for p in data.get("refused", [])]
        return cls(**data)

    @property
    def ok(self) -> bool:
        return not self.refused_count


# --- reading cells -----------------------------------------------------------------------------

GENDERS = {"nam": Member.Gender.MALE, "male": Member.Gender.MALE, "m": Member.Gender.MALE,
           "nu": Member.Gender.FEMALE, "female": Member.Gender.FEMALE, "f": Member.Gender.FEMALE}


def _choices(choices) -> dict[str, str]:
    """Normalized label (in both languages) or value -> value."""
    out = {}
    for value, label in choices:
        out[normalize(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                out[normalize(str(label))] = value
    return out


def _where(positions: dict[str, int], headers: list[str], name: str) -> tuple[str, str]:
    """The column (letter, header) a field was read from ("", "" when it is not mapped)."""
    i = positions.get(name)
    if i is None:
        return "", ""
    return column_letter(i + 1), headers[i] if i < len(headers) else ""


def _formula_refused(value) -> str:
    return _("The cell holds a formula (%(formula)s): an import takes values only. Copy the column and paste it "
             "back as values.") % {"formula": str(value)[:40]}


def _required(column: Column) -> str:
    return _("%(field)s is required.") % {"field": column.label}


class _Cells:
    """The cells of one row by field, read as the field's type; problems collected."""

    def __init__(self, columns: dict[str, Column], positions: dict[str, int], headers: list[str], row: int,
                 values: list, refuse: Callable[[Problem], None]):
        self.columns, self.positions, self.headers = columns, positions, headers
        self.row, self.values, self.refuse = row, values, refuse
        self.failed = False

    def where(self, name: str) -> tuple[str, str]:
        return _where(self.positions, self.headers, name)

    def problem(self, name: str, text: str) -> None:
        col, header = self.where(name)
        self.refuse(Problem(self.row, col, header, text))
        self.failed = True

    def raw(self, name: str):
        i = self.positions.get(name)
        if i is None or i >= len(self.values):
            return None
        value = self.values[i]
        if isinstance(value, Formula):
            self.problem(name, _formula_refused(value))
            return None
        return value

    def text(self, name: str) -> str:
        value = self.raw(name)
        text = text_value(value)
        if self.columns[name].required and not text and not self.failed:
            self.problem(name, _required(self.columns[name]))
        return text

    def date(self, name: str) -> datetime.date | None:
        value = self.raw(name)
        try:
            parsed = parse_date(value)
        except BadValue as exc:
            self.problem(name, str(exc))
            return None
        if parsed is None and self.columns[name].required:
            self.problem(name, _required(self.columns[name]))
        return parsed

    def choice(self, name: str, choices: dict[str, str], what: str) -> str:
        text = self.text(name)
        if not text:
            return ""
        value = choices.get(normalize(text))
        if value is None:
            self.problem(name, what % {"value": text[:60]})
            return ""
        return value


def _rows(table: Table, progress: ProgressFn | None):
    """The table's data rows (empty rows skipped), with progress every PROGRESS_EVERY."""
    n = 0
    for number, values in table.rows:
        if not any(v is not None and v != "" for v in values):
            continue
        n += 1
        if progress and n % PROGRESS_EVERY == 0:
            progress(n)
        yield number, values
    if progress:
        progress(n)


def _positions(mapping: dict[int, str]) -> dict[str, int]:
    return {name: int(i) for i, name in mapping.items() if name}


# --- members ---------------------------------------------------------------------------------

class _ScopeOrgs:
    """The cells (organizations holding members) under the scope, by code and by name."""

    def __init__(self, actor, scope: Organization):
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        for org in visible_organizations(actor).filter(under(scope.path)).only(
                "id", "code", "name", "short_name", "kind", "path", "dissolved_on", "established_on", "parent_id"):
            self.by_code[org.code.casefold()] = org
            for name in {org.name, org.short_name} - {""}:
                self.by_name.setdefault(normalize(name), []).append(org)
        self.scope = scope


def _member_org(code: str, name: str, orgs: _ScopeOrgs, positions: dict[str, int]) -> tuple[Organization | None, str, str]:
    """The cell of a row given its code and its name: (organization, "", "") or (None, the
    column to blame, why)."""
    if code:
        org = orgs.by_code.get(code.casefold())
        if org is None:
            return None, "organization_code", _("No organization with the code %(code)s under %(scope)s.") % {
                "code": code[:60], "scope": orgs.scope.name}
        return org, "", ""
    if not name:
        field_name = "organization" if "organization" in positions else "organization_code"
        return None, field_name, _("%(field)s is required.") % {"field": _("Organization")}
    found = orgs.by_name.get(normalize(name), [])
    active = [o for o in found if o.dissolved_on is None] or found
    if len(active) == 1:
        return active[0], "", ""
    if not active:
        return None, "organization", _("No organization named “%(name)s” under %(scope)s.") % {
            "name": name[:80], "scope": orgs.scope.name}
    return None, "organization", _("%(n)s organizations are named “%(name)s”: give their code in a column "
                                   "“Organization code”.") % {"n": len(active), "name": name[:80]}


class _Sheet:
    """The mapped columns of a register, read whole (a list a field, a value a row), checked
    column by column in the order a row's cells are read, so that each row gets the problems
    it would get cell by cell, in that order (a required cell is not reported missing when
    an earlier cell of its row failed). Problems are kept by row (index), as (field, why)."""

    def __init__(self, columns: dict[str, Column], positions: dict[str, int], headers: list[str],
                 rows: list[tuple[int, list]]):
        self.columns, self.positions, self.headers = columns, positions, headers
        self.numbers = [number for number, _values in rows]
        self.n = n = len(rows)
        # The rows turned into columns at once (rows end at their last value: the shorter
        # ones padded with None).
        table = list(itertools.zip_longest(*(values for _number, values in rows)))
        self.raw = {name: list(table[i]) if i < len(table) else [None] * n for name, i in positions.items()}
        self.failed = [False] * self.n
        self.problems: dict[int, list[tuple[str, str]]] = {}

    def problem(self, i: int, name: str, text: str) -> None:
        self.problems.setdefault(i, []).append((name, text))
        self.failed[i] = True

    def where(self, name: str) -> tuple[str, str]:
        return _where(self.positions, self.headers, name)

    def cells(self, name: str) -> list:
        """The column's values (None where unmapped); a formula refused, None in its place."""
        column = self.raw.get(name)
        if column is None:
            return [None] * self.n
        for i, value in enumerate(column):
            if type(value) is Formula:
                self.problem(i, name, _formula_refused(value))
                column[i] = None
        return column

    def text(self, name: str) -> list[str]:
        texts = bulk.each_distinct(text_value, self.cells(name))
        if self.columns[name].required:
            failed = self.failed
            for i in [i for i, text in enumerate(texts) if not text]:
                if not failed[i]:
                    self.problem(i, name, _required(self.columns[name]))
        return texts

    def date(self, name: str) -> list[datetime.date | None]:
        dates = bulk.each_distinct(_date_or_refusal, self.cells(name))
        required = self.columns[name].required
        for i in [i for i, parsed in enumerate(dates) if parsed is None or isinstance(parsed, BadValue)]:
            if dates[i] is not None:
                self.problem(i, name, str(dates[i]))
                dates[i] = None
            elif required:
                self.problem(i, name, _required(self.columns[name]))
        return dates

    def choice(self, name: str, choices: dict[str, str], what: str) -> list[str]:
        chosen, seen = [], {}
        for i, text in enumerate(self.text(name)):
            if not text:
                chosen.append("")
                continue
            value = seen.get(text)
            if value is None:
                value = seen[text] = choices.get(normalize(text), "")
            if not value:
                self.problem(i, name, what % {"value": text[:60]})
            chosen.append(value)
        return chosen


def _date_or_refusal(value) -> datetime.date | None | BadValue:
    try:
        return parse_date(value)
    except BadValue as exc:
        return exc


class _Row:
    """One row of a `_Sheet`, as ``_refuse_fields`` reports a refusal on it."""

    def __init__(self, sheet: _Sheet, i: int):
        self.sheet, self.i, self.positions = sheet, i, sheet.positions

    def problem(self, name: str, text: str) -> None:
        self.sheet.problem(self.i, name, text)


IDENTITY_TEXT = ("ethnicity", "religion", "hometown", "education", "profession", "biography_number", "card_number",
                 "citizen_id", "phone", "position", "full_membership_note")
NUMBER_LABELS = {
    "biography_number": gettext_lazy("biography number"),
    "card_number": gettext_lazy("Party card number"),
    "citizen_id": gettext_lazy("citizen ID (CCCD)"),
}
# A field of member_draft's errors -> the column that shows it when that field has none.
_FALLBACK = {"joined_on": "admission_decision_date", "letter_number": "transferred_in_from",
             "letter_date": "transferred_in_from", "__all__": "organization"}


def members_import(*, actor, scope: Organization, table: Table, mapping: dict[int, str], dry_run: bool = True,
                   note: str = "", progress: ProgressFn | None = None) -> Summary:
    """Check every row of `table` (columns per `mapping`: {index: field}) as a member of
    a cell under `scope`; unless `dry_run` and if nothing is refused, write them all
    (duplicates of members already recorded skipped), in one transaction. Returns the
    summary.

    The rows are checked by parts of ``PART_ROWS`` in a child process (``core.forked``:
    the checks touch no database) while this one looks up the numbers already recorded and
    writes the parts already checked (``members.services.MembersLoad``): the two run on two
    cores. A refusal in any part stops the writing; what was written is rolled back."""
    require_write(actor, scope)
    check_mapping(RegisterKind.MEMBERS, mapping)
    summary = Summary(kind=RegisterKind.MEMBERS, dry_run=dry_run, sheet=table.sheet)
    check = _MembersCheck(actor, scope, mapping, table.headers)
    organizations = {org.pk: org for org in check.orgs.by_code.values()}
    load = None if dry_run else member_services.MembersLoad(actor=actor, scope=scope, note=note)
    with contextlib.ExitStack() as stack:
        if load is not None:
            stack.enter_context(transaction.atomic())
        parts = check.parts(table)
        stack.callback(parts.close)
        for checked in parts:
            summary.rows += checked.rows
            for problem in checked.problems:
                summary.refuse(problem)
            new = checked.members
            new.columns["organization"] = [organizations[pk] for pk in new["organization"]]
            kept = _skip_recorded(new, checked.numbers, check.positions, table.headers, summary)
            summary.created += len(kept)
            if load is not None and summary.ok and len(kept):
                load.add(kept)
            if progress:
                progress(summary.rows)
        if load is not None:
            if summary.ok and load.count:
                load.finish()
                summary.written = True
            else:
                transaction.set_rollback(True)  # a part refused: the parts written before it go too
    return summary


@dataclass
class _Checked:
    """A part of a register checked: its rows, their problems, the members to write (their
    cells as primary keys) and their row numbers."""

    rows: int
    problems: list[Problem]
    members: member_services.NewMembers
    numbers: list[int]


class _MembersCheck:
    """The checks of a member register that need no database, part by part: the cells of
    each row, member_draft's rules (``members.services.members_check``) and a number given
    twice in the file (the later row refused, across parts)."""

    def __init__(self, actor, scope: Organization, mapping: dict[int, str], headers: list[str]):
        self.actor, self.headers = actor, headers
        self.columns = {c.name: c for c in MEMBER_COLUMNS}
        self.positions = _positions(mapping)
        self.orgs = _ScopeOrgs(actor, scope)
        self.statuses = _choices(Member.Status.choices)
        self.genders = dict(GENDERS)
        self.genders.update(_choices(Member.Gender.choices))
        self.found: dict[tuple[str, str], tuple] = {}  # (code, name) -> _member_org's answer
        self.seen: dict[tuple[str, str], int] = {}  # (field, number) -> the first row giving it

    def parts(self, table: Table) -> forked.Child | Iterator[_Checked]:
        """The parts of `table` checked, in a child process where there is ``os.fork``,
        else here as they are read (both closed with ``close``)."""
        rows = _rows(table, None)
        parts = iter(lambda: list(itertools.islice(rows, PART_ROWS)), [])
        if not hasattr(os, "fork"):
            return (self.part(part) for part in parts)
        return forked.Child(lambda send: [send(self.part(part)) for part in parts], drain=True)

    def part(self, rows: list[tuple[int, list]]) -> _Checked:
        positions = self.positions
        sheet = _Sheet(self.columns, positions, self.headers, rows)
        # The cells, column by column in the order a row reads them.
        values: dict[str, list] = {"full_name": sheet.text("full_name")}
        values["gender"] = sheet.choice("gender", self.genders, _("“%(value)s” is not a gender: write Nam or Nữ."))
        for name in ("birth_date", "admission_decision_date", "ceremony_date", "full_membership_date", "joined_on"):
            values[name] = sheet.date(name)
        values.update({name: sheet.text(name) for name in IDENTITY_TEXT if name in positions})
        full_member = [False] * sheet.n
        if "status" in positions:
            for i, status in enumerate(sheet.choice("status", self.statuses, _("“%(value)s” is not a status."))):
                if status and status not in (Member.Status.PROBATIONARY, Member.Status.FULL):
                    sheet.problem(i, "status", _("Only members on the rolls (probationary or full) can be imported; "
                                                 "“%(status)s” is recorded on the member's page.") % {
                                                     "status": Member.Status(status).label})
                full_member[i] = status == Member.Status.FULL
        organizations, found = [], self.found
        for i, key in enumerate(zip(sheet.text("organization_code"), sheet.text("organization"), strict=True)):
            if key not in found:
                found[key] = _member_org(*key, self.orgs, positions)
            org, name, why = found[key]
            if org is None:
                sheet.problem(i, name, why)
            organizations.append(org)
        if "transferred_in_from" in positions:
            values["transferred_in_from"] = sheet.text("transferred_in_from")
        sheet.raw = {}
        # member_draft's checks, for the rows whose cells were read.
        rows = [i for i in range(sheet.n) if not sheet.failed[i]]
        new, refused = member_services.members_check(
            actor=self.actor, organizations=[organizations[i] for i in rows],
            values={name: [column[i] for i in rows] for name, column in values.items()},
            full_member=[full_member[i] for i in rows])
        del values, organizations
        passed = []
        for k, i in enumerate(rows):
            exc = refused.get(k)
            if exc is None:
                passed.append(i)
            elif isinstance(exc, PermissionDenied):
                sheet.problem(i, "organization" if "organization" in positions else "organization_code", str(exc))
            else:
                _refuse_fields(_Row(sheet, i), exc)
        # The same number twice in the file: the later row refused.
        seen = self.seen
        keep = []
        for k, i in enumerate(passed):
            number = sheet.numbers[i]
            for name, label in NUMBER_LABELS.items():
                value = new[name][k]
                if not value:
                    continue
                first = seen.setdefault((name, value), number)
                if first != number:
                    sheet.problem(i, name, _("The same %(field)s as row %(row)s.") % {"field": label, "row": first})
            if not sheet.failed[i]:
                keep.append(k)
        problems = [Problem(sheet.numbers[i], *sheet.where(name), text)
                    for i in sorted(sheet.problems) for name, text in sheet.problems[i]]
        new = new.take(keep)
        new.columns["organization"] = [org.pk for org in new["organization"]]  # the objects stay here
        return _Checked(sheet.n, problems, new, [sheet.numbers[passed[k]] for k in keep])


def _refuse_fields(cells, exc: ValidationError) -> None:
    """A refusal of member_draft's, on the row of `cells` (a ``_Cells`` or a ``_Row``)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            shown = name if name in cells.positions else _FALLBACK.get(name, "organization")
            if shown not in cells.positions:
                shown = next(iter(cells.positions))
            for error in errors:
                cells.problem(shown, " ".join(error.messages))
    else:
        cells.problem("organization" if "organization" in cells.positions else "organization_code", message(exc))


def _skip_recorded(new: member_services.NewMembers, numbers: list[int], positions, headers,
                   summary: Summary) -> member_services.NewMembers:
    """The members of `new` (on the rows `numbers`) to write: those whose numbers no member
    holds. A number held by the same person (same name and date of birth) is a duplicate,
    skipped; by another, refused."""
    taken = member_services.members_taken({name: new[name] for name in NUMBER_LABELS})
    if not taken:
        return new
    kept = []
    for k, number in enumerate(numbers):
        clash = [(name, taken[(name, new[name][k])]) for name in NUMBER_LABELS if (name, new[name][k]) in taken]
        if not clash:
            kept.append(k)
            continue
        others = {other.pk for _name, other in clash}
        other = clash[0][1]
        same = (len(others) == 1 and normalize(other.full_name) == normalize(new["full_name"][k])
                and other.birth_date == new["birth_date"][k])
        if same:
            summary.duplicates.append(Problem(number, "", "", _("Already recorded: %(name)s, born %(birth)s.") % {
                "name": other.full_name, "birth": formatting.date(other.birth_date)}, summary.sheet))
            continue
        for name, _other in clash:
            i = positions[name]
            summary.refuse(Problem(number, column_letter(i + 1), headers[i] if i < len(headers) else "",
                                   _("This %(field)s is already recorded for another member.") % {
                                       "field": NUMBER_LABELS[name]}))
    return new.take(kept)


# --- organizations ---------------------------------------------------------------------------

ANY_CELL = "cell?"


def organizations_import(*, actor, scope: Organization, table: Table, mapping: dict[int, str],
                         dry_run: bool = True, progress: ProgressFn | None = None) -> Summary:
    """Create the organizations of `table` under `scope`, parents first, through
    ``organization_create``; all or nothing (a dry run always rolls back)."""
    require_write(actor, scope)
    check_mapping(RegisterKind.ORGANIZATIONS, mapping)
    columns = {c.name: c for c in ORGANIZATION_COLUMNS}
    positions = _positions(mapping)
    summary = Summary(kind=RegisterKind.ORGANIZATIONS, dry_run=dry_run, sheet=table.sheet)
    kinds, sectors = _choices(Organization.Kind.choices), _choices(Organization.Sector.choices)
    kinds["chi bo"] = ANY_CELL  # plain "Chi bộ": a cell under a committee, else a grassroots cell
    rows: dict[str, tuple[_Cells, dict]] = {}
    for number, values in _rows(table, progress):
        summary.rows += 1
        cells = _Cells(columns, positions, table.headers, number, values, summary.refuse)
        data = {
            "code": cells.text("code"), "name": cells.text("name"),
            "short_name": cells.text("short_name") if "short_name" in positions else "",
            "kind": cells.choice("kind", kinds, _("“%(value)s” is not a kind of organization.")),
            "sector": cells.choice("sector", sectors, _("“%(value)s” is not a sector.")) if "sector" in positions else "",
            "established_on": cells.date("established_on"),
        }
        parent = cells.text("parent_code") if "parent_code" in positions else ""
        if cells.failed:
            continue
        key = data["code"].casefold()
        if key in rows:
            cells.problem("code", _("The code %(code)s is already on row %(row)s.") % {
                "code": data["code"], "row": rows[key][0].row})
            continue
        rows[key] = (cells, {**data, "parent": parent})
    existing = {o.code.casefold(): o for o in visible_organizations(actor).filter(under(scope.path))}
    order = _parents_first(rows, existing, scope)
    with transaction.atomic():
        created: dict[str, Organization] = {}
        for key in order:
            cells, data = rows[key]
            parent_key = data.pop("parent").casefold()
            parent = created.get(parent_key) or existing.get(parent_key) if parent_key else scope
            if parent is None:
                continue  # its parent was refused
            if data["kind"] == ANY_CELL:
                data["kind"] = Organization.Kind.CELL if parent.kind in (
                    Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.SUB_COMMITTEE) else \
                    Organization.Kind.GRASSROOTS_CELL
            try:
                created[key] = org_services.organization_create(actor=actor, parent=parent, **data)
            except (ValidationError, PermissionDenied) as exc:
                cells.problem("code" if not hasattr(exc, "error_dict") else _org_field(exc, cells), message(exc))
        summary.created = len(created)
        if dry_run or not summary.ok:
            transaction.set_rollback(True)
        else:
            summary.written = True
    return summary


def _org_field(exc: ValidationError, cells: _Cells) -> str:
    name = next(iter(exc.error_dict))
    return name if name in cells.positions else "code"


def _parents_first(rows: dict[str, tuple[_Cells, dict]], existing: dict[str, Organization],
                   scope: Organization) -> list[str]:
    """Codes of the rows, each after its parent's; rows whose parent is nowhere, or that
    form a loop, refused."""
    order, placed = [], set()
    pending = dict(rows)
    while pending:
        progressed = False
        for key, (cells, data) in list(pending.items()):
            parent = data["parent"].casefold()
            if not parent or parent in placed or (parent in existing and parent not in rows):
                order.append(key)
                placed.add(key)
                del pending[key]
                progressed = True
            elif parent not in rows and parent not in existing:
                cells.problem("parent_code", _("The parent code %(code)s is neither in the file nor among the "
                                               "organizations of %(scope)s.") % {"code": data["parent"], "scope": scope.name})
                del pending[key]
                progressed = True
            elif parent in rows and parent not in pending and parent not in placed:
                del pending[key]  # its parent was refused: nothing more to say about it
                progressed = True
        if not progressed:
            loop = sorted(cells.row for cells, _data in pending.values())
            for cells, _data in pending.values():
                cells.problem("parent_code", _("The parent codes of rows %(rows)s form a loop.") % {
                    "rows": ", ".join(map(str, loop))})
            break
    return order


def run(*, actor, kind: str, scope: Organization, source, mapping: dict[int, str] | None = None,
        dry_run: bool = True, note: str = "", progress: ProgressFn | None = None) -> Summary:
    """Open `source` (path or binary file) and import it as `kind`; `mapping` None: as
    guessed from its headers and the mapping remembered for `scope`."""
    table = tabular.open_table(source, known_headers=known_headers(kind))
    # A register holds a hundred thousand rows, each leaving a few objects until the write:
    # Python's cyclic collector would walk them all again and again (a third of the time of
    # a large import). Nothing here makes reference cycles to collect; it runs again after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if mapping is None:
            mapping = guess_mapping(kind, table.headers, remembered_mapping(scope, kind))
        if kind == RegisterKind.MEMBERS:
            return members_import(actor=actor, scope=scope, table=table, mapping=mapping, dry_run=dry_run,
                                  note=note, progress=progress)
        return organizations_import(actor=actor, scope=scope, table=table, mapping=mapping, dry_run=dry_run,
                                    progress=progress)
    finally:
        table.close()
        if collecting:
            gc.enable()


# --- imports under way (the pages' upload → mapping → dry run → confirm → summary) ----------

def _check_job_writer(actor, job: ImportJob) -> None:
    require_write(actor, job.organization)
    if job.kind == RegisterKind.ORGANIZATIONS:
        require_admin(actor, job.organization)


def import_job_create(*, actor, organization: Organization, kind: str, name: str, chunks) -> ImportJob:
    """Keep an uploaded file (`chunks`: its bytes, in pieces) for `organization`, read its
    header and guess its mapping. Refuses a file that is not a table (``tabular``) or too
    large, before anything is kept."""
    require_write(actor, organization)
    if kind not in RegisterKind.values:
        raise RuleViolation(_("Unknown kind of import."), code="import_kind_unknown")
    if kind == RegisterKind.ORGANIZATIONS:
        require_admin(actor, organization)
    stored = f"{uuid.uuid4().hex}.upload"
    path = upload_path(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with open(path, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > tabular.max_bytes():
                    raise RuleViolation(_("The file is larger than %(max)s MB, the most that can be imported. Split it "
                                          "into smaller files.") % {"max": formatting.number(tabular.max_bytes() // 1024 // 1024)},
                                        code="upload_too_large")
                out.write(chunk)
        table = tabular.open_table(path, known_headers=known_headers(kind))
        headers, estimate = table.headers, table.estimate
        table.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    mapping = guess_mapping(kind, headers, remembered_mapping(organization, kind))
    with transaction.atomic():
        return ImportJob.objects.create(
            organization=organization, kind=kind, created_by=actor, file_name=(name or "")[:200], stored_as=stored,
            headers=headers, mapping={str(i): f for i, f in mapping.items()}, rows_total=estimate,
        )


def job_mapping(job: ImportJob) -> dict[int, str]:
    return {int(i): f for i, f in job.mapping.items() if f}


@transaction.atomic
def import_job_map(*, actor, job: ImportJob, mapping: dict[int, str]) -> ImportJob:
    """The columns' fields as the user chose them, remembered for the organization's next
    files. Refused while the file is being read or once imported."""
    _check_job_writer(actor, job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.state not in (ImportJob.State.UPLOADED, ImportJob.State.CHECKED, ImportJob.State.FAILED):
        raise RuleViolation(_("This file is being read or was already imported."), code="import_busy")
    mapping = {i: f for i, f in mapping.items() if f and 0 <= i < len(job.headers)}
    check_mapping(job.kind, mapping)
    mapping_remember(actor=actor, organization=job.organization, kind=job.kind, headers=job.headers, mapping=mapping)
    job.mapping = {str(i): f for i, f in mapping.items()}
    job.state = ImportJob.State.UPLOADED
    job.summary = {}
    job.save(update_fields=["mapping", "state", "summary"])
    return job


def _check_import_start(*, actor, job: ImportJob, dry_run: bool) -> None:
    _check_job_writer(actor, job)
    if dry_run and job.state not in (ImportJob.State.UPLOADED, ImportJob.State.CHECKED, ImportJob.State.FAILED):
        raise RuleViolation(_("This file is being read or was already imported."), code="import_busy")
    if not dry_run and (job.state != ImportJob.State.CHECKED or not job.summary.get("ok")):
        raise RuleViolation(_("Only a file checked without a problem can be imported: check it first."),
                            code="import_not_checked")


def import_start_refusal(*, actor, job: ImportJob, dry_run: bool) -> str:
    return refusal(_check_import_start, actor=actor, job=job, dry_run=dry_run)


def import_job_start(*, actor, job: ImportJob, dry_run: bool) -> ImportJob:
    """Check the file (`dry_run`) or import it: at once for a small file, else by a
    background task (``exchange.tasks``) whose progress the page shows."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        _check_import_start(actor=actor, job=job, dry_run=dry_run)
        job.state = ImportJob.State.CHECKING if dry_run else ImportJob.State.WRITING
        job.rows_done = 0
        job.save(update_fields=["state", "rows_done"])
    if job.rows_total > settings.DANGVU_IMPORT_BACKGROUND_ROWS:
        from .tasks import run_import

        run_import.enqueue(job.pk, dry_run)
    else:
        import_job_run(job_id=job.pk, dry_run=dry_run)
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int, dry_run: bool) -> None:
    """Run a job (the task, or at once): its progress and summary kept on the job. Never
    raises for the file's or the rules' sake: the refusal is the job's summary."""
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_id)

    def progress(n: int) -> None:
        progress_path(job).write_text(str(n))  # not on the job's row: see progress_path

    try:
        summary = run(actor=job.created_by, kind=job.kind, scope=job.organization, source=upload_path(job.stored_as),
                      mapping=job_mapping(job), dry_run=dry_run, note=job.file_name, progress=progress)
    except (ValidationError, PermissionDenied) as exc:
        state, data = ImportJob.State.FAILED, {"error": message(exc)}
    except Exception:  # noqa: BLE001 - the job must end, whatever happened; the trace goes to the log
        logger.exception("import %s failed", job_id)
        state, data = ImportJob.State.FAILED, {"error": _("The import stopped on an unexpected error; nothing was "
                                                          "written. Try again, or tell the administrator.")}
    else:
        data = {**summary.as_dict(), "ok": summary.ok}
        if dry_run:
            state = ImportJob.State.CHECKED if summary.ok else ImportJob.State.FAILED
        else:
            state = ImportJob.State.DONE if summary.written or summary.ok else ImportJob.State.FAILED
    ImportJob.objects.filter(pk=job_id).update(state=state, summary=data, rows_done=data.get("rows", 0))
    progress_path(job).unlink(missing_ok=True)
    if state == ImportJob.State.DONE:
        upload_path(job.stored_as).unlink(missing_ok=True)
