"""Units' figures in and out by codes, in the spirit of DHIS2's dataValueSets.

A data file is a list of values, each keyed by codes: indicator, organization, period, value,
comment. JSON (``{"dataValues": [{...}, ...]}`` or the bare list) or CSV (a header line
``indicator,organization,period,value,comment``, UTF-8). Values are written as a machine
writes them (``1234.5``), whatever the language; messages stay in the user's language.

Importing is all or nothing: the whole file is checked first (`results_check`: unknown code,
computed indicator, bad period, outside the actor's scope, locked by an approved return,
a value the indicator does not take, a value given twice), then, when nothing is in conflict
and it is not a dry run, every change is written through ``plans.services.result_save`` (the
entry page's service: its checks, its lock, its audit row) in one transaction. The import
strategy says what to do with each value:

- ``create``: only values not recorded yet; a recorded one is ignored;
- ``update``: only values already recorded; a new one is ignored;
- ``create_and_update`` (default): both;
- ``delete``: clear the recorded value (and its comment), as emptying its box on the entry
  page does; the value's history stays.

A value equal to the recorded one is ignored (unchanged), so importing the same file twice
changes nothing the second time. The Excel templates (`templates`) read their cells into
the same `Entry` and go through the same check and write.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.core import audit, formatting
from dangvu.core.errors import PermissionDenied, RuleViolation, ValidationError, message
from dangvu.core.periods import PeriodError, parse
from dangvu.orgs.models import Organization, under
from dangvu.orgs.scope import require_read, visible_organizations
from dangvu.plans import services as plan_services
from dangvu.plans.models import Indicator, Result
from dangvu.plans.values import check_value, parse_number, read_value

CREATE, UPDATE, CREATE_AND_UPDATE, DELETE = "create", "update", "create_and_update", "delete"
STRATEGIES = (CREATE, UPDATE, CREATE_AND_UPDATE, DELETE)
FIELDS = ["indicator", "organization", "period", "value", "comment"]
COMMENT_MAX = 500  # Result.comment
_MACHINE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")  # 1234.5: no thousands separator, a point

# What happens to a value.
NEW, CHANGED, DELETED, UNCHANGED, IGNORED = "new", "changed", "deleted", "unchanged", "ignored"
STATUS_LABELS = {
    NEW: gettext_lazy("New"),
    CHANGED: gettext_lazy("Changed"),
    DELETED: gettext_lazy("Cleared"),
    UNCHANGED: gettext_lazy("Unchanged"),
    IGNORED: gettext_lazy("Ignored"),
}


@dataclass
class Entry:
    """One value read from a file, before it is checked. `where` names its place for the
    messages ("Line 3", "Sheet “…”, row 7, column E"). `indicator` and `organization` are
    codes (a data file) or the objects themselves (a template, which resolves its own
    hidden identifiers). `value` is as read: text in machine notation when `machine`, else
    a number or text as the user's language writes it (a template's cell)."""

    where: str
    indicator: Indicator | str
    organization: Organization | str
    period: str
    value: object
    comment: str = ""
    machine: bool = True
    comment_where: str = ""  # the comment's own place, when it has one (a template's cell)


@dataclass
class Change:
    """What importing one entry does (`status`), and what it was read as."""

    where: str
    indicator: Indicator
    organization: Organization
    period: str
    value: Decimal | None
    comment: str
    status: str
    before: Decimal | None = None
    before_comment: str = ""
    version: int | None = None  # of the recorded value (None: not recorded)
    reason: str = ""  # why it is ignored

    @property
    def writes(self) -> bool:
        return self.status in (NEW, CHANGED, DELETED)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def before_shown(self) -> str:
        """The recorded value as the user writes it (1.234,5), or "—"."""
        return "—" if self.before is None else formatting.decimal(self.before, 4)

    @property
    def value_shown(self) -> str:
        return "—" if self.value is None else formatting.decimal(self.value, 4)


@dataclass
class Problem:
    """A value that cannot be imported (a conflict), and why."""

    where: str
    message: str
    code: str

    def __str__(self) -> str:
        return _("%(where)s: %(why)s") % {"where": self.where, "why": self.message}


@dataclass
class Summary:
    """An import's summary, as DHIS2's: imported (new), updated, deleted, ignored, and the
    conflicts with their reasons. `written`: the changes were written (no conflict, not a
    dry run)."""

    strategy: str
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    written: bool = False

    def count(self, *statuses: str) -> int:
        return sum(1 for c in self.changes if c.status in statuses)

    @property
    def imported(self) -> int:
        return self.count(NEW)

    @property
    def updated(self) -> int:
        return self.count(CHANGED)

    @property
    def deleted(self) -> int:
        return self.count(DELETED)

    @property
    def ignored(self) -> int:
        return self.count(UNCHANGED, IGNORED)

    def as_dict(self) -> dict:
        return {
            "status": "ERROR" if self.conflicts else ("DRY_RUN" if self.dry_run else "SUCCESS"),
            "strategy": self.strategy, "dry_run": self.dry_run, "written": self.written,
            "imported": self.imported, "updated": self.updated, "deleted": self.deleted, "ignored": self.ignored,
            "conflicts": [{"where": p.where, "reason": p.message, "code": p.code} for p in self.conflicts],
        }


# Reading data files

def _refuse_file(text: str, code: str) -> RuleViolation:
    return RuleViolation(text, code=code)


def check_size(data: bytes) -> None:
    """A file larger than ``DANGVU_IMPORT_MAX_BYTES`` is refused before it is read."""
    limit = settings.DANGVU_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise _refuse_file(_("The file is %(size)s bytes: at most %(limit)s bytes are accepted.")
                           % {"size": formatting.number(len(data)), "limit": formatting.number(limit)},
                           "file_too_large")


def _check_rows(n: int) -> None:
    limit = settings.DANGVU_IMPORT_MAX_ROWS
    if n > limit:
        raise _refuse_file(_("The file has more than %(limit)s values: split it into smaller files.")
                           % {"limit": formatting.number(limit)}, "file_too_many_rows")


def _text(raw, where: str, name: str) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise _refuse_file(_("%(where)s: “%(field)s” must be text.") % {"where": where, "field": name},
                           "file_field_type")
    return str(raw).strip()


def read_json(data: bytes) -> list[Entry]:
    """The values of a JSON data file: ``{"dataValues": [...]}`` or a bare list of objects
    with the keys of `FIELDS`."""
    check_size(data)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse_file(_("The file is not valid JSON (UTF-8)."), "file_not_json") from None
    items = doc.get("dataValues") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise _refuse_file(_("The file holds no list of values (“dataValues”)."), "file_no_values")
    _check_rows(len(items))
    entries = []
    for n, item in enumerate(items, start=1):
        where = _("Value %(n)s") % {"n": n}
        if not isinstance(item, dict):
            raise _refuse_file(_("%(where)s is not an object with the keys %(keys)s.")
                               % {"where": where, "keys": ", ".join(FIELDS)}, "file_value_not_object")
        value = item.get("value")
        if isinstance(value, bool) or not (value is None or isinstance(value, str | int | float)):
            raise _refuse_file(_("%(where)s: “%(field)s” must be text.") % {"where": where, "field": "value"},
                               "file_field_type")
        entries.append(Entry(where, _text(item.get("indicator"), where, "indicator"),
                             _text(item.get("organization"), where, "organization"),
                             _text(item.get("period"), where, "period"), value,
                             _text(item.get("comment"), where, "comment")))
    return entries


def read_csv(data: bytes) -> list[Entry]:
    """The values of a CSV data file (UTF-8, comma separated, a header line naming the
    columns of `FIELDS`; `comment` may be left out)."""
    check_size(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse_file(_("The file is not UTF-8 text: save it as “CSV UTF-8”."), "file_not_utf8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error:
        raise _refuse_file(_("The file is not valid CSV."), "file_not_csv") from None
    missing = [f for f in FIELDS[:4] if f not in header]
    if missing:
        raise _refuse_file(_("The first line must name the columns %(keys)s; missing: %(missing)s.")
                           % {"keys": ", ".join(FIELDS), "missing": ", ".join(missing)}, "file_columns_missing")
    at = {name: header.index(name) for name in FIELDS if name in header}
    entries = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            _check_rows(len(entries) + 1)
            where = _("Line %(n)s") % {"n": reader.line_num}
            cell = {name: (row[i].strip() if i < len(row) else "") for name, i in at.items()}
            entries.append(Entry(where, cell["indicator"], cell["organization"], cell["period"],
                                 cell["value"] or None, cell.get("comment", "")))
    except csv.Error:
        raise _refuse_file(_("Line %(n)s is not valid CSV.") % {"n": reader.line_num}, "file_not_csv") from None
    return entries


def read_file(name: str, data: bytes) -> list[Entry]:
    """A data file by its extension: .json or .csv."""
    lower = name.lower()
    if lower.endswith(".json"):
        return read_json(data)
    if lower.endswith(".csv"):
        return read_csv(data)
    raise _refuse_file(_("Send a .json or .csv file."), "file_kind")


# Checking

def _machine_number(raw) -> Decimal | None:
    """A value of a data file: a JSON number, or text written as a machine writes it
    (1234.5), read by the one number reader (``plans.values.parse_number``)."""
    if not isinstance(raw, str):
        return parse_number(raw)
    if _MACHINE.fullmatch(raw.strip()):
        with translation.override("en"):
            return parse_number(raw)
    raise ValidationError(_("“%(value)s” is not a number: a data file writes numbers as 1234.5.") % {"value": raw},
                          code="not_a_number")


def _read(entry: Entry, indicator: Indicator) -> Decimal | None:
    if entry.machine:
        return check_value(_machine_number(entry.value), indicator)
    return read_value(entry.value, indicator, field=None)


def _present(result: Result | None) -> bool:
    return result is not None and (result.value is not None or bool(result.comment))


def _decide(strategy: str, stored: Result | None, value: Decimal | None, comment: str) -> tuple[str, str]:
    """(status, reason) of a value under `strategy`, given what is recorded."""
    present = _present(stored)
    same = present and stored.value == value and stored.comment == comment
    if strategy == DELETE:
        return (DELETED, "") if present else (IGNORED, _("No value is recorded: nothing to clear."))
    if same or (not present and value is None and not comment):
        return UNCHANGED, ""
    if present:
        if strategy == CREATE:
            return IGNORED, _("A value is already recorded; the strategy “create” keeps it.")
        return CHANGED, ""
    if strategy == UPDATE:
        return IGNORED, _("No value is recorded yet; the strategy “update” adds none.")
    return NEW, ""


class _Locks:
    """Why the actor may not write the figures of (unit, period), each asked once."""

    def __init__(self, actor):
        self.actor, self.known = actor, {}

    def __call__(self, organization: Organization, period: str) -> str:
        key = (organization.pk, period)
        if key not in self.known:
            self.known[key] = plan_services.result_save_refusal(actor=self.actor, organization=organization,
                                                                period=period)
        return self.known[key]


def results_check(*, actor, entries: list[Entry], strategy: str = CREATE_AND_UPDATE, dry_run: bool = True) -> Summary:
    """What importing `entries` would do, without writing: each value's change (new,
    changed, cleared, unchanged, ignored) or its conflict. A fixed number of queries for
    the codes and the recorded values, plus one lock check per unit and period."""
    if strategy not in STRATEGIES:
        raise RuleViolation(_("Unknown import strategy “%(name)s”: use %(names)s.")
                            % {"name": strategy, "names": ", ".join(STRATEGIES)}, code="strategy_unknown")
    summary = Summary(strategy=strategy, dry_run=dry_run)
    codes_i = {e.indicator for e in entries if isinstance(e.indicator, str)}
    codes_o = {e.organization for e in entries if isinstance(e.organization, str)}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes_i)} if codes_i else {}
    organizations = {o.code: o for o in Organization.objects.filter(code__in=codes_o)} if codes_o else {}
    locks = _Locks(actor)
    ready: list[tuple[Entry, Indicator, Organization, str, Decimal | None]] = []
    seen: dict[tuple[int, int, str], str] = {}

    def conflict(entry: Entry, text: str, code: str) -> None:
        summary.conflicts.append(Problem(entry.where, text, code))

    for entry in entries:
        ind = indicators.get(entry.indicator) if isinstance(entry.indicator, str) else entry.indicator
        org = organizations.get(entry.organization) if isinstance(entry.organization, str) else entry.organization
        if ind is None:
            conflict(entry, _("Unknown indicator code “%(code)s”.") % {"code": entry.indicator},
                     "indicator_unknown")
            continue
        if org is None:
            conflict(entry, _("Unknown organization code “%(code)s”.") % {"code": entry.organization},
                     "organization_unknown")
            continue
        try:
            period = parse(entry.period).code
        except PeriodError as exc:
            conflict(entry, str(exc), exc.code)
            continue
        if not ind.entered:
            conflict(entry, _("“%(ind)s” is computed from records and cannot be entered.") % {"ind": ind.name},
                     "indicator_not_entered")
            continue
        refused = locks(org, period)
        if refused:
            conflict(entry, _("%(org)s: %(why)s") % {"org": org.name, "why": refused}, "results_refused")
            continue
        try:
            value = _read(entry, ind)
        except ValidationError as exc:
            conflict(entry, _("“%(ind)s”: %(why)s") % {"ind": ind.name, "why": message(exc)},
                     (exc.code if getattr(exc, "code", None) else "value_invalid"))
            continue
        comment = (entry.comment or "").strip()
        if len(comment) > COMMENT_MAX:
            summary.conflicts.append(Problem(
                entry.comment_where or entry.where,
                _("A comment has at most %(n)s characters; this one has %(len)s.")
                % {"n": COMMENT_MAX, "len": len(comment)}, "comment_too_long"))
            continue
        key = (ind.pk, org.pk, period)
        if key in seen:
            conflict(entry, _("The value of “%(ind)s” for %(org)s in %(period)s is given twice "
                              "(also at %(other)s).")
                     % {"ind": ind.name, "org": org.name, "period": period, "other": seen[key]}, "value_twice")
            continue
        seen[key] = entry.where
        ready.append((entry, ind, org, period, value))
    stored = _stored([(ind.pk, org.pk, period) for _e, ind, org, period, _v in ready])
    for entry, ind, org, period, value in ready:
        result = stored.get((ind.pk, org.pk, period))
        comment = (entry.comment or "").strip()
        if strategy == DELETE:
            value, comment = None, ""
        status, reason = _decide(strategy, result, value, comment)
        summary.changes.append(Change(
            where=entry.where, indicator=ind, organization=org, period=period, value=value, comment=comment,
            status=status, reason=reason, before=result.value if result else None,
            before_comment=result.comment if result else "", version=result.version if result else None))
    return summary


def _stored(keys: list[tuple[int, int, str]]) -> dict[tuple[int, int, str], Result]:
    """The recorded results of (indicator id, organization id, period) keys, read by period
    and unit in a few queries."""
    out: dict[tuple[int, int, str], Result] = {}
    wanted = set(keys)
    by_period: dict[str, set[int]] = {}
    for _i, o, p in keys:
        by_period.setdefault(p, set()).add(o)
    for period, orgs in by_period.items():
        ids = sorted(orgs)
        for start in range(0, len(ids), 500):
            for r in Result.objects.filter(period=period, organization_id__in=ids[start:start + 500]):
                key = (r.indicator_id, r.organization_id, r.period)
                if key in wanted:
                    out[key] = r
    return out


@transaction.atomic
def results_import(*, actor, entries: list[Entry], strategy: str = CREATE_AND_UPDATE, dry_run: bool = False,
                   source: str = "") -> Summary:
    """Check `entries` (`results_check`), then, when no value is in conflict and not
    `dry_run`, write every change (`changes_write`): all or nothing."""
    summary = results_check(actor=actor, entries=entries, strategy=strategy, dry_run=dry_run)
    if summary.conflicts or dry_run:
        return summary
    return changes_write(actor=actor, summary=summary, source=source)


def figures_save(*, actor, organization: Organization, period: str, figures: list[tuple[str, str, str, str]]
                 ) -> Summary:
    """Save figures read from a report (``exchange.text``) and confirmed by the user as the
    values of `organization` for `period`: each ``(where, indicator code, value as the user
    writes it, comment)``. All or nothing, as any import: a figure with no indicator chosen,
    or one the checks refuse, is a conflict and nothing is written."""
    entries, unchosen = [], []
    for where, code, value, comment in figures:
        if not code:
            unchosen.append(Problem(where, _("Choose the indicator this figure is a value of."), "indicator_missing"))
            continue
        entries.append(Entry(where=where, indicator=code, organization=organization, period=period, value=value,
                             comment=comment, machine=False))
    summary = results_check(actor=actor, entries=entries, dry_run=False)
    summary.conflicts[:0] = unchosen
    if summary.conflicts:
        return summary
    return changes_write(actor=actor, summary=summary, source=_("figures read from a report"))


@transaction.atomic
def changes_write(*, actor, summary: Summary, source: str = "") -> Summary:
    """Write the changes of a checked `summary` through ``plans.services.result_save`` in
    this one transaction: all or nothing. The service checks each value again (scope, lock,
    the value); a value changed by someone else since the check (its version moved on) is a
    conflict of the whole import: nothing is written. One audit row names the file
    (`source`) and the counts."""
    if summary.conflicts:
        raise RuleViolation(_("Nothing was imported: %(n)s values are in conflict.") % {"n": len(summary.conflicts)},
                            code="import_conflicts")
    writes = [c for c in summary.changes if c.writes]
    for change in writes:
        try:
            plan_services.result_save(actor=actor, indicator=change.indicator, organization=change.organization,
                                      period=change.period, value=change.value, version=change.version,
                                      comment=change.comment)
        except (ValidationError, PermissionDenied) as exc:
            code = getattr(exc, "code", None) or "results_refused"
            raise RuleViolation(str(Problem(change.where, message(exc), code)), code="import_write_refused") from exc
    if writes:
        first = writes[0].organization
        audit.record(actor=actor, action="exchange.results_import", obj=first, scope_path=first.path,
                     changes={"imported": [0, summary.imported], "updated": [0, summary.updated],
                              "deleted": [0, summary.deleted]},
                     note=(source or "")[:200])
    summary.written = True
    return summary


# Export

def machine_text(value: Decimal | None) -> str:
    """A value as a data file writes it: 1234.5, no trailing zeros, no exponent."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


def results_export(*, actor, organization: Organization, period: str) -> list[dict]:
    """The entered values of `organization` and of every unit under it for `period`, as
    data-file rows (the keys of `FIELDS`), in the tree's order then the catalog's. NotFound
    outside the actor's scope."""
    require_read(actor, organization.path)
    try:
        code = parse(period).code
    except PeriodError as exc:
        raise RuleViolation(str(exc), code=exc.code) from exc
    rows = (Result.objects.filter(under(organization.path, "organization__path"), period=code,
                                  organization__in=visible_organizations(actor),
                                  indicator__source=Indicator.Source.ENTERED)
            .select_related("indicator", "organization")
            .order_by("organization__path", "indicator__sort_order", "indicator__code"))
    return [{"indicator": r.indicator.code, "organization": r.organization.code, "period": r.period,
             "value": machine_text(r.value), "comment": r.comment}
            for r in rows if r.value is not None or r.comment]


def to_json(rows: list[dict]) -> str:
    return json.dumps({"dataValues": rows}, ensure_ascii=False, indent=1)


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
