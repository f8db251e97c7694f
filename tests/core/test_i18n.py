"""The Vietnamese catalog is complete and its compiled form is up to date."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import dangvu

LOCALE = Path(dangvu.__file__).parent / "locale" / "vi" / "LC_MESSAGES"


def _messages(catalog):
    """{msgid: msgstr}, plural forms as tuples."""
    def plain(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {plain(m.id): plain(m.string) for m in catalog if m.id}


def test_every_message_is_translated():
    with open(LOCALE / "django.po", "rb") as f:
        catalog = read_po(f)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalog) > 250


def test_compiled_catalog_matches_the_source():
    with open(LOCALE / "django.po", "rb") as f:
        source = _messages(read_po(f))
    compiled = _messages(read_mo(io.BytesIO((LOCALE / "django.mo").read_bytes())))
    assert compiled == source
