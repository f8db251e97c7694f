"""Validation rules and outlier warnings on a unit's report (DHIS2-style).

A rule is `left operator right`; each side is an arithmetic expression over indicator
codes of the same unit and period (`KET_NAP <= DOI_TUONG * 2`). Missing values follow the
rule's strategy: skip when any value is missing, skip when all are missing, or never skip
(missing counts as 0)."""

from __future__ import annotations

import ast
import operator
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.periods import Period
from dangvu.orgs.models import Organization

from .models import Indicator, ReportingForm, Result, ValidationRule

_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
OUTLIER_HISTORY = 4  # previous periods read
OUTLIER_MIN_HISTORY = 3  # of them with a value, to judge at all
OUTLIER_FACTOR = 3  # over 3 times, or under a third of, the average
OUTLIER_MIN_MEAN = Decimal(1)  # an average under 1 says nothing
OUTLIER_MIN_DIFFERENCE = Decimal(5)  # nor does a difference under 5


class ExpressionError(ValueError):
    pass


@dataclass(frozen=True)
class Issue:
    severity: str  # "error" | "warning"
    message: str
    indicator_codes: tuple[str, ...] = ()


def names(expression: str) -> set[str]:
    """Indicator codes an expression uses."""
    return {n.id for n in ast.walk(_parse(expression)) if isinstance(n, ast.Name)}


def _parse(expression: str) -> ast.Expression:
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(_("Cannot read the expression “%(e)s”.") % {"e": expression}) from exc
    for node in ast.walk(tree):
        if not isinstance(node, ast.Expression | ast.BinOp | ast.UnaryOp | ast.USub | ast.Name | ast.Load
                          | ast.Constant | ast.Add | ast.Sub | ast.Mult | ast.Div):
            raise ExpressionError(_("Only numbers, indicator codes and + - * / are allowed: “%(e)s”.") % {"e": expression})
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ExpressionError(_("Only numbers, indicator codes and + - * / are allowed: “%(e)s”.") % {"e": expression})
    return tree


def evaluate(expression: str, values: dict[str, Decimal | None]) -> Decimal | None:
    """The expression's value; None when it divides by zero."""

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            v = values.get(node.id)
            return Decimal(0) if v is None else v
        if isinstance(node, ast.UnaryOp):
            operand = ev(node.operand)
            return None if operand is None else -operand
        left, right = ev(node.left), ev(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Div) and right == 0:
            return None
        return _BIN[type(node.op)](left, right)

    return ev(_parse(expression))


_SHOWN_OPS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: ":"}


def readable(expression: str, labels: dict[str, str]) -> str:
    """An expression as a user reads it: each indicator code by its name (`labels`), numbers
    as the language writes them, × and : for * and / (`LAO_DONG * 200` → "Số người lao
    động × 200")."""

    def show(node, inner: bool = False) -> str:
        if isinstance(node, ast.Expression):
            return show(node.body)
        if isinstance(node, ast.Constant):
            return formatting.decimal(Decimal(str(node.value)), 4)
        if isinstance(node, ast.Name):
            return labels.get(node.id, node.id)
        if isinstance(node, ast.UnaryOp):
            return "−" + show(node.operand, True)
        text = f"{show(node.left, True)} {_SHOWN_OPS[type(node.op)]} {show(node.right, True)}"
        return f"({text})" if inner else text

    return show(_parse(expression))


def value_text(indicator: Indicator | None, value: Decimal) -> str:
    """A value in a message: 1.234,5; a percentage with its sign (90%)."""
    text = formatting.decimal(value)
    return text + "%" if indicator is not None and indicator.value_type == Indicator.ValueType.PERCENT else text


def check_rule(rule: ValidationRule, values: dict[str, Decimal | None],
               labels: dict[str, str] | None = None) -> Issue | None:
    """The rule's issue, or None when it holds or is skipped. The message is the rule's own,
    then each side by the indicators' names (`labels`: {code: name}) with its value."""
    used = names(rule.left) | names(rule.right)
    present = [code for code in used if values.get(code) is not None]
    if rule.missing == ValidationRule.Missing.SKIP_IF_ANY and len(present) < len(used):
        return None
    if rule.missing == ValidationRule.Missing.SKIP_IF_ALL and not present:
        return None
    left, right = evaluate(rule.left, values), evaluate(rule.right, values)
    if left is None or right is None or _OPS[rule.operator](left, right):
        return None
    shown = labels or {}
    sides = [f"{readable(side, shown)}: {formatting.decimal(value)}"
             for side, value in ((rule.left, left), (rule.right, right)) if names(side)]
    text = _("%(message)s (%(values)s)") % {"message": rule.message, "values": "; ".join(sides)}
    return Issue(rule.severity, text, tuple(sorted(used)))


def outlier(indicator: Indicator, value: Decimal | None, history: list[Decimal]) -> Issue | None:
    """A warning only where it means something: at least `OUTLIER_MIN_HISTORY` previous
    values, an average of at least `OUTLIER_MIN_MEAN`, and the value over `OUTLIER_FACTOR`
    times the average or under its fraction, and at least `OUTLIER_MIN_DIFFERENCE` away
    from it (never "0 is far from an average of 0,25")."""
    if value is None or len(history) < OUTLIER_MIN_HISTORY:
        return None
    mean = Decimal(str(statistics.fmean(float(h) for h in history)))
    if mean < OUTLIER_MIN_MEAN or abs(value - mean) < OUTLIER_MIN_DIFFERENCE:
        return None
    if value > mean * OUTLIER_FACTOR:
        text = _("%(ind)s: %(value)s is more than three times the average of the %(n)s previous periods "
                 "(%(mean)s): check it.")
    elif value * OUTLIER_FACTOR < mean:
        text = _("%(ind)s: %(value)s is less than a third of the average of the %(n)s previous periods "
                 "(%(mean)s): check it.")
    else:
        return None
    return Issue("warning", text % {"ind": indicator.name, "value": value_text(indicator, value),
                                    "mean": value_text(indicator, mean), "n": len(history)}, (indicator.code,))


def forms_for(organization: Organization, period: Period) -> list[ReportingForm]:
    return [f for f in ReportingForm.objects.prefetch_related("indicators", "rules")
            if f.applies_to(organization) and f.period_kind == period.kind]


def check_report(*, organization: Organization, period: Period) -> list[Issue]:
    """Every rule and outlier check of the unit's forms for the period."""
    forms = forms_for(organization, period)
    indicators = {i.pk: i for f in forms for i in f.indicators.all()}
    previous = [p.code for p in period.previous(OUTLIER_HISTORY)]
    rows = Result.objects.filter(organization=organization, indicator_id__in=indicators,
                                 period__in=[period.code, *previous]).values_list("indicator_id", "period", "value")
    current: dict[str, Decimal | None] = {i.code: None for i in indicators.values()}
    history: dict[int, list[Decimal]] = {}
    for ind_id, code, value in rows:
        if code == period.code:
            current[indicators[ind_id].code] = value
        elif value is not None:
            history.setdefault(ind_id, []).append(value)
    # The rules' messages name the indicators (a rule may use one outside the forms): one query.
    used = {code for f in forms for rule in f.rules.all() for code in names(rule.left) | names(rule.right)}
    shown = dict(Indicator.objects.filter(code__in=used).values_list("code", "name")) if used else {}
    issues = [issue for f in forms for rule in f.rules.all() if (issue := check_rule(rule, current, shown))]
    for ind_id, ind in indicators.items():
        issue = outlier(ind, current.get(ind.code), history.get(ind_id, []))
        if issue:
            issues.append(issue)
    return issues
