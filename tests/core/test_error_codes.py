"""Every refusal raised in the domain carries a stable code (see ``dangvu.core.errors``).

An AST scan of the domain apps (migrations aside): every call to ``RuleViolation``,
``ValidationError`` or ``Conflict`` passes ``code=``, or its first argument is a dict or
list literal whose values are such calls (``ValidationError({"end": ValidationError(...,
code="...")})``); none of them is raised bare (``raise RuleViolation``); every
``field_error(...)`` passes its three arguments (field, message, code); a code written
as a literal is snake_case.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import dangvu

ROOT = Path(dangvu.__file__).parent
APPS = [
    "core", "orgs", "members", "admissions", "inspections", "classes", "plans", "ratings",
    "awards", "exchange", "reports",
]
ERRORS = {"RuleViolation", "ValidationError", "Conflict"}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _coded(node: ast.expr) -> bool:
    """A call of an error class with a code, or a literal of such calls (dict values, list items)."""
    if isinstance(node, ast.Call) and _name(node.func) in ERRORS:
        if any(k.arg == "code" for k in node.keywords):
            return True
        return bool(node.args) and _coded_literal(node.args[0])
    if isinstance(node, ast.Call) and _name(node.func) == "field_error":
        return True  # checked on its own below
    return _coded_literal(node)


def _coded_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.Dict):
        return bool(node.values) and all(_coded(v) for v in node.values)
    if isinstance(node, ast.List | ast.Tuple):
        return bool(node.elts) and all(_coded(e) for e in node.elts)
    return False


def _uncoded(path: Path, root: Path = ROOT.parent) -> list[str]:
    """"path:line: what is missing" for each uncoded refusal of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(root)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            literal = [k.value.value for k in node.keywords if k.arg == "code" and isinstance(k.value, ast.Constant)]
            if name == "field_error" and len(node.args) == 3 and isinstance(node.args[2], ast.Constant):
                literal.append(node.args[2].value)
            if name in ERRORS | {"field_error"} and not all(isinstance(c, str) and SNAKE.match(c) for c in literal):
                found.append(f"{where}:{node.lineno}: code {literal[0]!r} is not snake_case")
            if name in ERRORS and not _coded(node):
                found.append(f"{where}:{node.lineno}: {name}(...) without code=")
            elif name == "field_error" and (
                len(node.args) + len(node.keywords) != 3 or any(isinstance(a, ast.Starred) for a in node.args)
            ):
                found.append(f"{where}:{node.lineno}: field_error(...) without its three arguments")
        elif isinstance(node, ast.Raise) and node.exc is not None and _name(node.exc) in ERRORS \
                and not isinstance(node.exc, ast.Call):
            found.append(f"{where}:{node.lineno}: raise {_name(node.exc)} without a message and code")
    return found


def _sources(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("app", APPS)
def test_every_refusal_has_a_code(app):
    assert [line for path in _sources(app) for line in _uncoded(path)] == []


def test_the_scan_sees_what_it_should(tmp_path):
    """The scan itself: what passes and what does not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "raise RuleViolation(_('a'), code='a')\n"
        "raise ValidationError({'end': ValidationError(_('b'), code='b')})\n"
        "raise ValidationError([ValidationError(_('c'), code='c'), field_error('x', _('d'), 'd')])\n"
        "raise errors.Conflict(_('e'), code='e')\n"
        "raise field_error('value', _('f'), 'f')\n"
        # What the scan refuses, one a line:
        "raise RuleViolation(_('g'))\n"
        "raise ValidationError({'end': _('h')})\n"
        "raise ValidationError(errors)\n"
        "raise field_error('value', _('i'))\n"
        "raise Conflict\n"
        "raise RuleViolation(_('j'), code='Not-Snake')\n",
        encoding="utf-8",
    )
    lines = sorted(int(found.split(":")[1]) for found in _uncoded(sample, tmp_path))
    assert lines == [6, 7, 8, 9, 10, 11]
