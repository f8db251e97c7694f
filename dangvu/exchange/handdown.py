"""Handing a target down without typing every unit's box: the shares of the units directly
under the issuer, worked out one of five ways, then handed down through
``plans.services.target_cascade`` (its usual check against the parent target).

- `EQUAL`: the same share for every unit;
- `RESULTS`: in proportion to each unit's figure of the year before (its whole subtree, as
  the rollup engine counts it);
- `MEMBERS`: in proportion to the members on each unit's rolls at the end of the year before;
- `LAST_SHARES`: each unit's share of the same indicator the year before (any plan of the
  issuer);
- an Excel file (`shares_template`, `shares_read`): a row per unit, its share typed in.

A summed target (a count, an amount) is split so that the shares add up to it exactly: each
unit gets its part rounded down to the indicator's decimals and what is left goes, one unit
of the last decimal at a time, to the largest remainders. A target that does not add up over
units (a rate, a ratio) is every unit's own target: each share is the target itself.
"""

from __future__ import annotations

import datetime
import io
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.core import formatting, measures
from dangvu.core.errors import RuleViolation
from dangvu.core.periods import TERM, parse
from dangvu.orgs.models import Organization, under
from dangvu.plans import selectors as plan_selectors
from dangvu.plans import services as plan_services
from dangvu.plans.models import Plan, Target

from .results import Problem
from .templates import check_zip, place

EQUAL, RESULTS, MEMBERS, LAST_SHARES = "equal", "results", "members", "last_shares"
METHODS = {
    EQUAL: gettext_lazy("The same share for every unit"),
    RESULTS: gettext_lazy("In proportion to last year's results"),
    MEMBERS: gettext_lazy("In proportion to members at the end of last year"),
    LAST_SHARES: gettext_lazy("Last year's shares"),
}


def year_before(period: str) -> str:
    """The same period a year earlier (2025Q2 → 2024Q2); a term, the term before it."""
    p = parse(period)
    if p.kind == TERM:
        span = p.end.year - p.start.year
        return f"{p.start.year - span}-{p.start.year}"
    return str(p.start.year - 1) + p.code[4:]


def split(total: Decimal, weights: dict[Organization, Decimal], decimals: int) -> dict[Organization, Decimal]:
    """`total` split in proportion to `weights` (not all zero), each part rounded down to
    `decimals`, the rest handed out to the largest remainders: the parts add up to `total`
    (to its `decimals`)."""
    step = Decimal(1).scaleb(-decimals)
    whole = sum(weights.values(), Decimal(0))
    exact = {org: total * w / whole for org, w in weights.items()}
    parts = {org: v.quantize(step, rounding=ROUND_FLOOR) for org, v in exact.items()}
    left = int((total.quantize(step, rounding=ROUND_FLOOR) - sum(parts.values(), Decimal(0))) / step)
    order = sorted(weights, key=lambda org: (-(exact[org] - parts[org]), org.path))
    for org in order[:max(left, 0)]:
        parts[org] += step
    return parts


def _no_basis(text: str) -> RuleViolation:
    return RuleViolation(text, code="handdown_no_basis")


def units(*, actor, plan: Plan, target: Target) -> list[Organization]:
    """The units a target is handed down to: those directly under the issuer, active, in
    the actor's scope, in Vietnamese order (the cascade page's)."""
    return [org for org, _share in plan_selectors.cascade_shares(actor=actor, plan=plan, target=target)]


def _members(children: list[Organization], on: datetime.date) -> dict[Organization, Decimal]:
    records = measures.get("members.on_roll").records(on, on)
    return {c: Decimal(records.filter(under(c.path, "organization__path")).count()) for c in children}


def propose(*, actor, plan: Plan, target: Target, method: str) -> dict[Organization, Decimal]:
    """The share of each unit under the issuer by `method` (see the module). Refused
    (RuleViolation ``handdown_no_basis``) when there is nothing to go by (no unit, no
    result, no member, no share the year before)."""
    children = units(actor=actor, plan=plan, target=target)
    if not children:
        raise _no_basis(_("%(org)s has no units under it to hand the target down to.")
                        % {"org": plan.organization.name})
    ind = target.indicator
    summed = plan_selectors.shares_add_up(ind)
    decimals = 0 if ind.value_type == ind.ValueType.COUNT else min(ind.decimals, 4)
    if method == LAST_SHARES:
        before = year_before(target.period)
        found: dict[int, Target] = {}
        for t in (Target.objects.filter(indicator=ind, period=before, organization__in=children,
                                        plan__organization=plan.organization)
                  .order_by("plan__issued_on", "id")):
            found[t.organization_id] = t  # the latest plan's share wins
        if not found:
            raise _no_basis(_("No unit had a share of “%(ind)s” in %(period)s.")
                            % {"ind": ind.name, "period": parse(before).label})
        return {c: found[c.pk].value for c in children if c.pk in found}
    if method not in METHODS:
        raise RuleViolation(_("Unknown way of handing down."), code="handdown_method_unknown")
    if not summed or method == EQUAL:
        if not summed:
            return dict.fromkeys(children, target.value)
        return split(target.value, dict.fromkeys(children, Decimal(1)), decimals)
    if method == RESULTS:
        before = parse(year_before(target.period))
        got = plan_selectors.figure_values(actor=actor, indicators=[ind], period=before, root=plan.organization,
                                           organization_ids=[c.pk for c in children])
        weights = {c: max(got.get((ind.pk, c.pk)) or Decimal(0), Decimal(0)) for c in children}
        if not any(weights.values()):
            raise _no_basis(_("No unit has a figure of “%(ind)s” for %(period)s to go by.")
                            % {"ind": ind.name, "period": before.label})
    else:
        end = datetime.date(parse(target.period).start.year - 1, 12, 31)
        weights = _members(children, end)
        if not any(weights.values()):
            raise _no_basis(_("No unit had members on its rolls on %(date)s.") % {"date": formatting.date(end)})
    return split(target.value, weights, decimals)


def handdown_apply(*, actor, plan: Plan, target: Target, shares: dict[Organization, object]) -> list[Target]:
    """Hand `target` down with `shares` through ``plans.services.target_cascade`` (its
    permission, its check against the parent target, its audit rows)."""
    return plan_services.target_cascade(actor=actor, plan=plan, indicator=target.indicator, period=target.period,
                                        shares=shares)


# The shares in an Excel file

SHEET_META = "_dangvu"


def shares_template(*, actor, plan: Plan, target: Target) -> bytes:
    """An .xlsx with a row per unit under the issuer (its name, its share now) and a box for
    its share; the units' identifiers in a hidden column, the rest protected."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = plan_selectors.cascade_shares(actor=actor, plan=plan, target=target)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Shares")[:31]
    ws["A1"] = f"{target.indicator.name} · {parse(target.period).label}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _("Target of %(org)s: %(value)s. Type each unit's share in the yellow cells.") % {
        "org": plan.organization.name, "value": formatting.decimal(target.value, 4)}
    for col, text in enumerate([_("Unit"), _("Share now"), _("Share")], start=1):
        ws.cell(row=4, column=col, value=text).font = Font(bold=True)
    count = target.indicator.value_type == target.indicator.ValueType.COUNT
    dv = DataValidation(type="whole" if count else "decimal", operator="greaterThanOrEqual", formula1="0",
                        allow_blank=True, showErrorMessage=True, error=_("Write a number, 0 or more."))
    ws.add_data_validation(dv)
    for n, (org, share) in enumerate(rows, start=5):
        ws.cell(row=n, column=1, value=org.name)
        ws.cell(row=n, column=2, value=float(share.value) if share else None)
        box = ws.cell(row=n, column=3)
        box.protection, box.fill = Protection(locked=False), PatternFill("solid", fgColor="FFF7D6")
        dv.add(box.coordinate)
        ws.cell(row=n, column=5, value=org.pk)
    ws.column_dimensions["A"].width = 50
    ws.column_dimensions["E"].hidden = True
    ws.cell(row=1, column=5, value=f"{SHEET_META}:{target.pk}")
    ws.protection.sheet = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def shares_read(data: bytes, *, actor, plan: Plan, target: Target) -> tuple[dict[Organization, object], list[Problem]]:
    """The shares typed in a file made by `shares_template` ({unit: the cell's value},
    blank cells left out) and the problems found (a formula, a unit not under the issuer,
    the file of another target), each naming its cell."""
    check_zip(data)
    from openpyxl import load_workbook

    from .templates import _damaged, _refuse

    children = {c.pk: c for c in units(actor=actor, plan=plan, target=target)}
    shares: dict[Organization, object] = {}
    problems: list[Problem] = []
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # noqa: BLE001 - any failure of the parser on a hostile file is "damaged"
        raise _damaged() from None
    try:
        ws = wb.worksheets[0]
        title = ws.title
        limit = 5 + len(children) + 100
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=limit, max_col=5, values_only=False), start=1):
            cells = list(row) + [None] * (5 - len(row))
            mark = getattr(cells[4], "value", None)
            if r == 1:
                if mark != f"{SHEET_META}:{target.pk}":
                    raise _refuse(_("This file is not the shares file of this target: download it again from this "
                                    "page."), "handdown_not_ours")
                continue
            if r < 5 or mark is None:
                continue
            org = children.get(mark) if isinstance(mark, int) else None
            if org is None:
                problems.append(Problem(place(title, r, 1), _("this row is about a unit that is not directly under "
                                                              "%(org)s.") % {"org": plan.organization.name},
                                        "handdown_unit_unknown"))
                continue
            box = cells[2]
            value = getattr(box, "value", None)
            if getattr(box, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                problems.append(Problem(place(title, r, 3), _("a formula is not accepted: type the figure itself."),
                                        "template_formula"))
                continue
            if isinstance(value, bool | datetime.date | datetime.datetime | datetime.time):
                problems.append(Problem(place(title, r, 3), _("a date is not a figure: type a number."),
                                        "template_wrong_type"))
                continue
            if value is not None and str(value).strip():
                shares[org] = value
    except RuleViolation:
        raise
    except Exception:  # noqa: BLE001 - a damaged part found while streaming
        raise _damaged() from None
    finally:
        wb.close()
    return shares, problems


__all__ = ["EQUAL", "RESULTS", "MEMBERS", "LAST_SHARES", "METHODS", "propose", "split", "handdown_apply",
           "shares_template", "shares_read", "year_before", "units"]
