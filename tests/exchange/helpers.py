"""Files as offices send them, built in memory for the import tests."""

from __future__ import annotations

import io
import unicodedata

from openpyxl import Workbook

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def xlsx(rows: list[list], *, title: str = "Danh sách") -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def to_cp1258(text: str) -> bytes:
    """`text` as Windows-1258 writes Vietnamese: a letter with its vowel mark precomposed
    where the code page has it (â, ê, ơ, ư, ă, đ), the tone as a combining mark after it."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False) -> io.BytesIO:
    text = "\r\n".join(delimiter.join(cell for cell in row) for row in rows) + "\r\n"
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return io.BytesIO(data)
