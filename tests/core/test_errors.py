"""dangvu.core.errors: the helpers services and pages share."""

from __future__ import annotations

import pytest

from dangvu.core.errors import (
    PermissionDenied,
    RuleViolation,
    ValidationError,
    codes,
    field_error,
    field_errors,
    message,
    refusal,
)


def check(*, what: str) -> None:
    if what == "rule":
        raise RuleViolation("Not on that date.", code="date_refused")
    if what == "permission":
        raise PermissionDenied("Your account is read-only.")
    if what == "fields":
        raise field_errors(field_error("start", "Too early.", "too_early"), field_error("end", "Too late.", "too_late"))
    if what == "other":
        raise ValueError(what)


def test_refusal_is_the_message_of_what_the_check_raises_or_empty():
    assert refusal(check, what="rule") == "Not on that date."
    assert refusal(check, what="permission") == "Your account is read-only."
    assert refusal(check, what="fields") == "Too early. Too late."
    assert refusal(check, what="none") == ""
    with pytest.raises(ValueError):  # a bug is not a refusal
        refusal(check, what="other")


def test_field_errors_keep_each_field_and_code():
    with pytest.raises(ValidationError) as exc:
        check(what="fields")
    assert exc.value.message_dict == {"start": ["Too early."], "end": ["Too late."]}
    assert codes(exc.value) == ["too_early", "too_late"]
    assert message(exc.value) == "Too early. Too late."
    merged = field_errors(field_error("end", "One.", "one"), field_error("end", "Two.", "two"))
    assert (merged.message_dict, codes(merged)) == ({"end": ["One.", "Two."]}, ["one", "two"])
