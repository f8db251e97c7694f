"""Vietnamese text: search normalization and collation keys."""

from __future__ import annotations

import functools
import re

import icu
from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower case, diacritics removed, spaces collapsed: "Nguyễn Văn Được" -> "nguyen van duoc"."""
    return _SPACES.sub(" ", unidecode(text or "").lower()).strip()


@functools.cache
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def sort_key(text: str) -> bytes:
    """ICU Vietnamese collation key: byte order equals Vietnamese alphabetical order."""
    return bytes(_collator().getSortKey(text or ""))


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name."""
    parts = _SPACES.split((full_name or "").strip())
    if not parts or parts == [""]:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def name_sort_key(full_name: str) -> bytes:
    """Vietnamese list order: given name first, then family and middle names."""
    family, middle, given = split_name(full_name)
    return sort_key(" ".join(p for p in (given, family, middle) if p))


def vi_sorted(items, key=lambda s: s):
    """Sort strings (or items by `key`) in Vietnamese order."""
    return sorted(items, key=lambda item: sort_key(key(item)))
