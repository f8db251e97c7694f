"""Errors that services raise; views and commands show their message to the user."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["RuleViolation", "PermissionDenied", "ValidationError"]


class RuleViolation(ValidationError):
    """A write the rules forbid. The message is translated and says why."""
