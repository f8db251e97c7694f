"""Path converters: a record's number in an address is 1 to 18 digits, so that what reaches a
view always fits the database's 64-bit keys (a longer one is not an address: 404)."""

import re

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")

_ID = re.compile(IdConverter.regex)


def id_param(value: str | None) -> int | None:
    """A record's number given as a form or query parameter: 1 to 18 ASCII digits, else None
    (so that "²", "٣" or 5.000 digits never reach the database)."""
    return int(value) if value and _ID.fullmatch(value) else None
