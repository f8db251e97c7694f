"""Errors that services raise; views, commands, imports and the API show their message.

Every refusal carries a stable ``code`` beside its translated message (the API and the
imports report codes; tests and pages read messages). Codes are snake_case, unique within
the app that raises them (e.g. ``count_negative``, ``return_locked``). A refusal about one
field is ``field_error(field, message, code)``; ``tests/core/test_error_codes.py`` checks
that every ``RuleViolation``/``ValidationError`` raised in a domain app has a code.

The domain never imports ``django.http`` nor ``django.shortcuts`` (ruff's banned-API rule):
an object outside the actor's scope raises ``NotFound``, which the interfaces answer with
404 (``web.middleware``), the same answer as for an object that does not exist, so that
nothing leaks; a write the actor may not make raises ``PermissionDenied`` (403).
"""

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError

__all__ = [
    "RuleViolation", "PermissionDenied", "ValidationError", "NotFound", "get_or_not_found", "field_error",
    "field_errors", "codes", "message", "refusal",
]


class RuleViolation(ValidationError):
    """A write the rules forbid. The message is translated and says why."""


class NotFound(ObjectDoesNotExist):
    """The object is not there for this actor: outside its scope, or nonexistent."""


def get_or_not_found(queryset, **lookup):
    """The one object of `queryset` matching `lookup`, or NotFound (the domain's
    ``get_object_or_404``)."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise NotFound(queryset.model._meta.verbose_name) from None


def field_error(field: str, message, code: str) -> ValidationError:
    """A refusal of one field's value: ``raise field_error("value", _("..."), "count_negative")``."""
    return ValidationError({field: ValidationError(message, code=code)})


def field_errors(first: ValidationError, *more: ValidationError) -> ValidationError:
    """Several refused fields at once (each a ``field_error``) as one error, field by field:
    ``raise field_errors(*errors)``."""
    merged: dict[str, list] = {}
    for error in (first, *more):
        for field, errors in error.error_dict.items():
            merged.setdefault(field, []).extend(errors)  # new lists: a message's own list stays its own
    first.error_dict = merged
    return first


def message(exc: ValidationError | PermissionDenied) -> str:
    """The words of a refusal as a page shows them (several messages joined by a space)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def refusal(check: Callable[..., None], /, **kwargs) -> str:
    """Why ``check(**kwargs)`` refuses (the message of the RuleViolation, ValidationError or
    PermissionDenied it raises), or "" when it passes.

    A service's preconditions are one check function that raises; the service calls it, and
    its ``<service>_refusal(...) -> str`` for the pages is that check run through here
    (Wagtail's check/execute), so that the page and the service say the same words."""
    try:
        check(**kwargs)
    except (ValidationError, PermissionDenied) as exc:
        return message(exc)
    return ""


def codes(exc: ValidationError) -> list[str]:
    """The codes of every message of `exc`, in order (fields' first, by field)."""
    if hasattr(exc, "error_dict"):
        return [e.code for errors in exc.error_dict.values() for e in errors]
    return [e.code for e in exc.error_list]
