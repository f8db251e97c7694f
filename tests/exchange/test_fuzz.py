"""Fuzzing the template upload parser (Hypothesis): whatever the bytes, whatever a cell
holds, the answer is a summary or a refusal with a message (RuleViolation), never another
exception; and nothing is written by a check."""

from __future__ import annotations

import datetime
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dangvu.core.errors import RuleViolation
from dangvu.core.periods import parse
from dangvu.exchange import results, templates
from dangvu.plans.models import Result
from tests.support import typed_catalog

P = parse("2024Q1")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def template(tree, users):
    typed_catalog()
    return templates.template_build(actor=users.staff_a, organization=tree.committee_a, period=P)


def _read(users, data):
    try:
        summary = templates.template_check(actor=users.staff_a, data=data, period=P)
    except RuleViolation as exc:
        assert exc.messages and all(m.strip() for m in exc.messages)
        assert exc.code
        return None
    for problem in summary.conflicts:
        assert problem.where and problem.message and problem.code
    return summary


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_are_refused_with_a_message(tree, users, data):
    assert _read(users, data) is None


@FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1,
                max_size=8))
def test_a_template_with_bytes_changed_is_read_or_refused(tree, users, template, flips):
    data = bytearray(template)
    for at, byte in flips:
        data[at % len(data)] = byte
    _read(users, bytes(data))
    assert Result.objects.count() == 0


CELL = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),  # what Excel can hold
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.sampled_from(["=1+1", "=SUM(E5:E6)", "#DIV/0!", "1.234,5", "1,5", "-0", "  7 ", "90%", "1e5", "∞"]),
)


@FUZZ
@given(st.lists(CELL, min_size=2, max_size=2))
def test_any_cell_value_gives_a_summary_or_a_clear_message(tree, users, template, cells):
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    ws["E5"], ws["F6"] = cells
    out = io.BytesIO()
    wb.save(out)
    summary = _read(users, out.getvalue())
    assert summary is not None
    assert len(summary.changes) + len(summary.conflicts) >= 7  # every other cell is read as it was


@FUZZ
@given(st.binary(max_size=500))
def test_any_data_file_is_read_or_refused(tree, users, data):
    for reader in (results.read_json, results.read_csv):
        try:
            entries = reader(data)
        except RuleViolation as exc:
            assert exc.messages[0] and exc.code
            continue
        summary = results.results_check(actor=users.staff_a, entries=entries)
        assert all(p.message for p in summary.conflicts)
