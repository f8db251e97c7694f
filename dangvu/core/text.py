"""Vietnamese text: search normalization and collation keys."""

from __future__ import annotations

import functools
import re
import unicodedata

import icu
from unidecode import unidecode

_SPACES = re.compile(r"\s+")


class _Ascii(dict):
    """str.translate's table of unidecode: it reads a string character by character, each
    the same wherever it stands, so its answer for each character met is kept (a bulk import
    normalizes a hundred thousand names, of a few hundred characters between them)."""

    def __missing__(self, codepoint: int) -> str:
        replacement = unidecode(chr(codepoint))
        if len(self) < 10_000:  # bounded, whatever characters a text holds
            self[codepoint] = replacement
        return replacement


_ASCII = _Ascii()


def normalize(text: str) -> str:
    """Lower case, diacritics removed, spaces collapsed: "Nguyễn Văn Được" -> "nguyen van duoc"."""
    text = clean_text(text or "")
    return _SPACES.sub(" ", (text if text.isascii() else text.translate(_ASCII)).lower()).strip()


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


# Control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) and the invisible
# marks that paste in from other programs (zero-width space, byte order mark). One of them
# in a name makes a spreadsheet export fail; none belongs in what people type.
_INVISIBLE = {0x200B, 0xFEFF}
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def _drop(ch: str, keep: str) -> bool:
    o = ord(ch)
    return ch not in keep and (o < 0x20 or 0x7F <= o <= 0x9F or o in _INVISIBLE)


# Anything clean_text would change besides normalization and trimming (a quick test first:
# most text is clean already, and a bulk import cleans a million cells).
_DIRTY = re.compile("[\x00-\x1f\x7f-\x9f\u200b\ufeff\u2028\u2029]")


def clean_text(value, *, multiline: bool = False):
    """Text as dangvu stores it: Unicode NFC (so that "Đảng" typed two ways is one string),
    line breaks as "\\n", control characters removed, ends trimmed. A single line keeps no
    line break nor tab (each becomes a space); multi-line text keeps "\\n" and "\\t".
    Anything not a string (None) is returned as it is."""
    if not isinstance(value, str):
        return value
    if not _DIRTY.search(value) and unicodedata.is_normalized("NFC", value) and value == value.strip():
        return value
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", value))
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    keep = "\n\t" if multiline else ""
    return "".join(ch for ch in text if not _drop(ch, keep)).strip()
