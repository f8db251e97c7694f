"""core.bulk's helpers for work on many rows: a function applied once a distinct value."""

from __future__ import annotations

import datetime

from dangvu.core import bulk


def test_each_distinct_calls_once_a_distinct_value_and_tells_equal_values_of_other_types_apart():
    calls = []

    def shown(value):
        calls.append(value)
        return repr(value)

    assert bulk.each_distinct(shown, [1, 1.0, True, 1, None, "1", None]) == ["1", "1.0", "True", "1", "None", "'1'",
                                                                            "None"]
    assert calls == [1, 1.0, True, None, "1"]


def test_a_memo_converts_a_value_once_over_its_calls_and_takes_values_that_cannot_be_keys():
    calls = []
    memo = bulk._Memo(lambda value: calls.append(value) or str(value))
    day = datetime.date(2024, 1, 17)
    assert memo.converted([day, None, day]) == ["2024-01-17", "None", "2024-01-17"]
    assert memo.converted([day, datetime.date(2024, 1, 18)]) == ["2024-01-17", "2024-01-18"]
    assert calls == [day, None, datetime.date(2024, 1, 18)]
    assert memo.converted([{"a": 1}, [2]]) == ["{'a': 1}", "[2]"]  # a JSON value: converted each time
