"""Reading the tables offices send: .xlsx and .csv, with bounded memory, as rows of cells.

- The format is told by the content, not the name: a zip is a workbook (.xlsx), the
  Excel 97-2003 format (.xls) is refused with what to do, anything else is read as CSV.
- A workbook is checked before it is opened: its size (``DANGVU_IMPORT_MAX_BYTES``), that it
  is a zip at all, and the uncompressed sizes its parts declare (a zip bomb declares
  gigabytes; Python's zip reader never inflates a part past what it declares, so the
  declared sizes bound what is read). Its first sheet is then read by calamine in a child
  process whose memory and time are capped (``_fast_rows``), or, when the child cannot read
  it as the streaming reader would, streamed by an expat parser: one row in memory at a
  time, whatever the sheet's declared dimension says. Either way at most
  ``DANGVU_IMPORT_MAX_ROWS`` data rows and ``MAX_COLUMNS`` columns. The shared strings of
  the workbook are held in memory: their part is capped at ``MAX_PART_BYTES``.
- A CSV is decoded as UTF-8 (with or without the byte order mark), else as Windows-1258,
  the code page Vietnamese offices' Excel writes: a sample must then read as Vietnamese
  (letters, digits, punctuation; not the stray symbols a wrong code page gives), or the
  file is refused. UTF-16 (Excel's "Unicode text") is read too. The separator is the one
  of ``,`` ``;`` and tab that the header line holds most of.
- A cell holding a formula is refused: an import takes values typed or pasted, never
  computed ones (a cached result may be stale, or absent in a file not saved by Excel).
- Dates as offices write them: 17/01/2024, 17-1-2024, 17.01.2024, 2024-01-17, a date
  cell, or an Excel serial number (45308).
- The header row is the first of the first rows in which at least two cells name known
  fields (titles above it, as in dangvu's own exports, are skipped).

Every refusal is a ``RuleViolation`` with a code and a Vietnamese message naming where.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import faulthandler
import io
import os
import re
import resource
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from dangvu.core import forked, formatting
from dangvu.core.errors import RuleViolation
from dangvu.core.text import normalize

MAX_COLUMNS = 60
# No part of a workbook but its sheets may declare more than this uncompressed (the shared
# strings and styles are read whole into memory).
MAX_PART_BYTES = 64 * 1024 * 1024
# All parts together, uncompressed (a sheet is streamed, but reading it takes time).
UNZIPPED_FACTOR = 30
HEADER_SEARCH_ROWS = 10
SAMPLE_BYTES = 256 * 1024
CSV_FIELD_LIMIT = 64 * 1024

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Formula(str):
    """A cell holding a formula (its text, "=..."): the importer refuses it where it stands."""


def max_bytes() -> int:
    return settings.DANGVU_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.DANGVU_IMPORT_MAX_ROWS


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _mb(n: int) -> str:
    return formatting.number(round(n / 1024 / 1024, 1))


@dataclass
class Table:
    """A sheet as rows of values. `rows` yields (row number as the user sees it, values);
    values are str, int, float, datetime or None. The header is read on `open_table`."""

    kind: str  # "xlsx" | "csv"
    sheet: str
    header_row: int
    headers: list[str]
    rows: Iterator[tuple[int, list]]
    encoding: str = ""
    estimate: int = 0  # rows the file seems to hold (for a progress bar; not a promise)
    _closers: list = field(default_factory=list)

    def close(self) -> None:
        for closer in self._closers:
            closer()
        self._closers.clear()


def open_table(source, *, known_headers: set[str] = frozenset()) -> Table:
    """The table of `source` (a path or a binary file object, read from its start), its
    header found among the first rows by `known_headers` (normalized header texts) or
    else the first non-empty row."""
    fh = open(source, "rb") if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__") else source
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    fh.seek(0)
    if size > max_bytes():
        raise RuleViolation(_("The file is %(size)s MB; at most %(max)s MB can be imported. Split it into smaller files.")
                            % {"size": _mb(size), "max": _mb(max_bytes())}, code="file_too_large")
    if size == 0:
        raise RuleViolation(_("The file is empty."), code="file_empty")
    head = fh.read(8)
    fh.seek(0)
    if head.startswith(XLSX_MAGIC):
        table = _open_xlsx(fh)
    elif head == OLE_MAGIC:
        raise RuleViolation(_("This is an Excel 97-2003 file (.xls): open it in Excel and save it as .xlsx, then import "
                              "that file."), code="xls_not_supported")
    else:
        table = _open_csv(fh)
    _find_header(table, known_headers)
    return table


_HEADER_PUNCTUATION = re.compile(r"[*:()\[\].]")


def header_key(text) -> str:
    """A header as it is compared: lower case, no diacritics, no punctuation around words
    ("Ngày sinh (*):" -> "ngay sinh")."""
    return normalize(_HEADER_PUNCTUATION.sub(" ", str(text)))


def _find_header(table: Table, known: set[str]) -> None:
    seen = []
    for number, values in table.rows:
        seen.append((number, values))
        cells = [header_key(v) if v is not None else "" for v in values]
        if known and sum(1 for c in cells if c in known) >= 2:
            break
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    else:
        if not seen:
            raise RuleViolation(_("Sheet %(sheet)s holds no rows.") % {"sheet": table.sheet}, code="sheet_empty")
    number, values = seen[-1]
    if not known or sum(1 for v in values if v is not None and header_key(v) in known) < 2:
        # No row names two known fields: take the first non-empty row as the header.
        number, values = next(((n, v) for n, v in seen if any(x not in (None, "") for x in v)), seen[0])
        rest = [(n, v) for n, v in seen if n > number]
    else:
        rest = []
    table.header_row = number
    table.headers = ["" if v is None else " ".join(str(v).split()) for v in values]
    while table.headers and not table.headers[-1]:
        table.headers.pop()
    following = table.rows

    def rows():
        yield from rest
        yield from following

    table.rows = rows()


# --- .xlsx -----------------------------------------------------------------------------------

def _open_xlsx(fh) -> Table:
    broken = RuleViolation(_("The file is not a valid Excel workbook (.xlsx), or it is damaged: open it in Excel, "
                             "save it again and import the saved file."), code="xlsx_broken")
    try:
        archive = zipfile.ZipFile(fh)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise broken from None
    total = sum(i.file_size for i in infos)
    limit = UNZIPPED_FACTOR * max_bytes()
    oversized = next((i for i in infos if i.file_size > MAX_PART_BYTES and not i.filename.startswith("xl/worksheets/")),
                     None)
    if total > limit or oversized is not None:
        raise RuleViolation(_(
            "The workbook declares %(size)s MB once uncompressed, more than the %(max)s MB an import reads: it is not "
            "an ordinary register. Save the data alone in a new workbook and import that."
        ) % {"size": _mb(total), "max": _mb(limit if oversized is None else MAX_PART_BYTES)}, code="xlsx_too_large")
    fh.seek(0)
    try:
        found = _first_sheet(fh)
        if found is None:
            raise broken
        reader, title, path = found
        estimate = min(_declared_rows(reader.archive, path), max_rows())
    except Exception:  # noqa: BLE001 - any failure of a hostile or damaged file is the same refusal
        raise broken from None
    table = Table(kind="xlsx", sheet=title, header_row=0, headers=[], rows=iter(()), estimate=estimate)
    table._closers.append(reader.archive.close)
    rows = _fast_rows(fh, title, path, table, broken)
    if rows is None:
        try:
            wb = _cell_formats(reader)
        except Exception:  # noqa: BLE001 - as above
            raise broken from None
        rows = _sheet_rows(lambda: reader.archive.open(path), wb.shared_strings, wb._date_formats, wb.epoch, title,
                           broken)
    table.rows = rows
    return table


def _first_sheet(fh):
    """(openpyxl's reader, title, part) of the first worksheet: the workbook's list of
    sheets, read as openpyxl's ``load_workbook`` reads it, without the shared strings,
    the styles or any sheet (read-only openpyxl scans every sheet once for its dimension,
    a whole pass over the data)."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(fh, read_only=True, data_only=False, keep_links=False)
    reader.read_manifest()
    reader.read_workbook()
    for sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return reader, sheet.name, rel.target
    return None


def _cell_formats(reader):
    """The workbook of `reader` with what its cells refer to: shared strings, styles (the
    streaming reader's dates)."""
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader.read_strings()
    apply_stylesheet(reader.archive, reader.wb)
    reader.wb.shared_strings = reader.shared_strings
    return reader.wb


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')


def _declared_rows(archive: zipfile.ZipFile, path: str) -> int:
    """The rows the sheet's dimension declares, if it says so at its start (a progress bar's
    guess, nothing more)."""
    with archive.open(path) as src:
        match = _DIMENSION.search(src.read(4096))
    return int(match.group(1)) if match else 0


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _SheetParser:
    """A worksheet's XML read with expat, as rows of values: what openpyxl's reader gives
    (shared and inline strings, numbers, booleans, dates by the cells' styles, formulas as
    ``Formula``), several times faster. No DOCTYPE is accepted (no entity expansion)."""

    def __init__(self, shared, date_styles, epoch, broken: RuleViolation):
        import xml.parsers.expat

        self.shared, self.date_styles, self.epoch, self.broken = shared, date_styles, epoch, broken
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.chars
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.doctype
        self.done: list[tuple[int, list]] = []
        self.row: list | None = None
        self.row_number = 0
        self.col = 0
        self.type = self.style = None
        self.text: list[str] | None = None
        self.value = None
        self.formula: list[str] | None = None
        self.in_value = False

    def doctype(self, *args):
        raise self.broken

    def start(self, name, attrs):
        name = _local(name) if ":" in name else name
        if name == "c":
            ref = attrs.get("r")
            self.col = _column_index(ref) if ref else self.col + 1
            self.type, self.style = attrs.get("t", "n"), attrs.get("s")
            self.value, self.formula = None, None
        elif name == "v" or name == "t":
            self.text = []
        elif name == "f":
            self.formula = []
        elif name == "row":
            ref = attrs.get("r")
            self.row_number = int(ref) if ref and ref.isdigit() else self.row_number + 1
            self.row, self.col = [], 0

    def chars(self, data):
        if self.text is not None:
            self.text.append(data)
        elif self.formula is not None:
            self.formula.append(data)

    def end(self, name):
        name = _local(name) if ":" in name else name
        if name == "v":
            self.value = self._convert("".join(self.text))
            self.text = None
        elif name == "t":
            if self.type == "inlineStr":
                self.value = (self.value or "") + "".join(self.text)
            self.text = None
        elif name == "c":
            if self.row is None or self.col > MAX_COLUMNS:
                return
            value = self.value
            if self.formula is not None:
                value = Formula("=" + "".join(self.formula))
                self.formula = None
            if value is not None:
                row = self.row
                if len(row) < self.col:
                    row.extend([None] * (self.col - len(row)))
                row[self.col - 1] = value
        elif name == "f":
            if self.formula is None:
                self.formula = []
        elif name == "row":
            self.done.append((self.row_number, self.row))
            self.row = None

    def _convert(self, text: str):
        kind = self.type
        if not text:
            return None
        if kind == "s":
            return self.shared[int(text)]
        if kind == "n":
            value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            if self.style is not None and int(self.style) in self.date_styles:
                from openpyxl.utils.datetime import from_excel

                return from_excel(value, self.epoch)
            return value
        if kind == "b":
            return text == "1"
        if kind == "d":
            return datetime.datetime.fromisoformat(text.rstrip("Z"))
        return text  # str (a formula's result), e (an error like #N/A), inlineStr handled by <t>


def _column_index(ref: str) -> int:
    n = 0
    for ch in ref:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + o - 64
        elif 97 <= o <= 122:
            n = n * 26 + o - 96
        else:
            break
    return n


def _sheet_rows(source, shared, date_styles, epoch, sheet: str, broken: RuleViolation) -> Iterator[tuple[int, list]]:
    limit = max_rows() + HEADER_SEARCH_ROWS
    parser = _SheetParser(shared, date_styles, epoch, broken)
    try:
        with source() as src:
            while chunk := src.read(256 * 1024):
                parser.parser.Parse(chunk, False)
                for number, values in parser.done:
                    if number > limit:
                        _too_many_rows(sheet)
                    yield number, values
                parser.done.clear()
            parser.parser.Parse(b"", True)
            for number, values in parser.done:
                if number > limit:
                    _too_many_rows(sheet)
                yield number, values
    except RuleViolation:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet part: the same refusal, never a crash
        raise broken from None


def _too_many_rows(sheet: str):
    raise RuleViolation(_("Sheet %(sheet)s has more than %(max)s rows; at most %(max)s can be imported at once. "
                          "Split it into smaller files.") % {"sheet": sheet, "max": formatting.number(max_rows())},
                        code="too_many_rows")


# --- .xlsx, read by calamine in a process of its own ------------------------------------------
#
# calamine (Rust, python-calamine) reads a sheet four to five times faster than the
# streaming reader, but it lays the whole sheet out in memory as a rectangle from its first
# to its last cell: a hostile file with a cell at A1 and another at XFD1048576 asks for half
# a terabyte, and a failed allocation in Rust aborts the process. So it runs in a child
# process (fork) with its address space and CPU time capped: the rows come back through a
# pipe as they are read; anything the child cannot read as the streaming reader would
# (a formula or an error cell anywhere in the sheet, a calamine error, the child killed by a
# cap) sends the file to the streaming reader, which reads it or refuses it where it stands.

FAST_MEMORY = 1024 * 1024 * 1024  # bytes of address space the child may add to the parent's
FAST_CPU_SECONDS = 300
FAST_CHUNK = 2000  # rows a message
_FALLBACK_MARK = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _fast_rows(fh, title: str, path: str, table: Table, broken: RuleViolation) -> Iterator[tuple[int, list]] | None:
    """The rows of sheet `title` (part `path`) of the workbook in `fh`, read by calamine in
    a child process; None when the child cannot read them (the streaming reader then does)."""
    if not hasattr(os, "fork"):
        return None
    child = forked.Child(lambda send: _child_read(fh, title, path, send))
    # While the child reads, look for what calamine does not show (on the other core).
    try:
        fallback = _formulas_or_errors(zipfile.ZipFile(fh), path)
    except Exception:  # noqa: BLE001 - a damaged part: the streaming reader refuses the file
        fallback = True
    try:
        ready = not fallback and child.receive() == ("ready",)
    except forked.Lost:
        ready = False
    if not ready:
        child.close()
        return None
    table._closers.append(child.close)

    def rows():
        try:
            for message in child:
                if message[0] == "rows":
                    yield from message[1]
                elif message[0] == "too_many":
                    _too_many_rows(title)
        except forked.Lost:
            raise broken from None
        finally:
            child.close()

    return rows()


def _child_read(fh, title: str, path: str, send) -> None:
    """In the child: cap the process, read the sheet with calamine, then send ("ready",)
    and the rows as the streaming reader gives them (row number, values) by ``FAST_CHUNK``;
    or ("fallback",)."""
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # a failed allocation prints Rust's backtrace: not into the server's log
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * resource.getpagesize()
    for limit, value in ((resource.RLIMIT_AS, size + FAST_MEMORY), (resource.RLIMIT_CPU, FAST_CPU_SECONDS)):
        _soft, hard = resource.getrlimit(limit)
        resource.setrlimit(limit, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))
    try:
        from python_calamine import CalamineWorkbook

        try:  # a file of its own: the parent reads the same file meanwhile, and a file's offset is shared
            own = open(f"/proc/self/fd/{fh.fileno()}", "rb")  # noqa: SIM115 - the process ends with the read
        except (AttributeError, OSError, io.UnsupportedOperation):
            own = fh  # in memory: the child's copy
        own.seek(0)
        sheet = CalamineWorkbook.from_filelike(own).get_sheet_by_name(title)
        first_row, first_column = sheet.start or (0, 0)
    except Exception:  # noqa: BLE001 - whatever calamine cannot read, the streaming reader reads or refuses
        send(("fallback",))
        return
    send(("ready",))
    limit = max_rows() + HEADER_SEARCH_ROWS
    if sheet.end is not None and sheet.end[0] + 1 > limit:
        send(("too_many",))
        return
    pad, width = [None] * first_column, max(0, MAX_COLUMNS - first_column)
    date, as_datetime = datetime.date, datetime.datetime
    chunk = []
    # A sheet starting at A1 (any register) row by row as calamine lays them out, the first
    # sent at once; any other from its first cell (to_python: iter_rows starts its rows at
    # A1 but its columns at the first cell), all laid out first.
    rows = sheet.iter_rows() if (first_row, first_column) == (0, 0) else sheet.to_python(skip_empty_area=True)
    for number, row in enumerate(rows, start=first_row + 1):
        # As the streaming reader gives them: no empty string, whole numbers as int, a date
        # cell as a datetime.
        values = [None if v == "" else v if (t := type(v)) is str else
                  (int(v) if v.is_integer() else v) if t is float else
                  as_datetime(v.year, v.month, v.day) if t is date else v for v in row[:width]]
        while values and values[-1] is None:
            values.pop()
        if not values:
            continue  # the streaming reader gives a row written empty as []; the importers skip both
        chunk.append((number, pad + values if pad else values))
        if len(chunk) == FAST_CHUNK:
            send(("rows", chunk))
            chunk = []
    send(("rows", chunk))


def _formulas_or_errors(archive: zipfile.ZipFile, path: str) -> bool:
    """Whether the sheet part holds a formula or an error cell (calamine shows a formula's
    cached result and an error as an empty cell; the streaming reader refuses the first and
    shows the second as its text). A quick scan of the bytes; a doubt (the text of a cell
    looking like one) sends the file to the streaming reader, which is merely slower."""
    with archive.open(path) as src:
        tail = b""
        while chunk := src.read(1 << 20):
            data = tail + chunk
            if b'"e"' in data or ((b"<f" in data or b":f" in data) and _FALLBACK_MARK.search(data)):
                return True
            tail = data[-64:]
    return False


# --- .csv ------------------------------------------------------------------------------------

# Characters a Vietnamese table holds besides letters, digits and marks.
_PLAIN = set(" \t\r\n!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~–—‘’“”…•°№²³½¼¾§×€")


def plausible_vietnamese(text: str) -> bool:
    """`text` (a decoded sample) reads as Vietnamese or plain text: letters (with their
    marks), digits and ordinary punctuation; a few odd characters at most."""
    text = unicodedata.normalize("NFC", text)
    odd = 0
    previous = " "
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in _PLAIN or cat[0] in "LN" or (cat == "Mn" and unicodedata.category(previous)[0] == "L"):
            previous = ch
            continue
        odd += 1
        previous = ch
    return odd <= max(2, len(text) // 1000)


def detect_encoding(fh) -> tuple[str, int]:
    """("utf-8-sig", "utf-16" or "cp1258", lines) for the CSV in `fh` (read whole, in
    chunks, then rewound), or a refusal."""
    start = fh.read(4)
    fh.seek(0)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    try:
        while chunk := fh.read(1024 * 1024):
            lines += chunk.count(b"\n")
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        fh.seek(0)
        return "utf-8-sig", lines
    except UnicodeDecodeError:
        pass
    fh.seek(0)
    sample = fh.read(SAMPLE_BYTES)
    fh.seek(0)
    refused = RuleViolation(_(
        "The file's characters could not be read: it is neither UTF-8 nor the Vietnamese Windows code page "
        "(Windows-1258). In Excel choose Save As, \"CSV UTF-8\", and import that file."), code="encoding_unknown")
    try:
        text = sample.decode("cp1258", errors="strict")
    except UnicodeDecodeError:
        raise refused from None
    if not plausible_vietnamese(text):
        raise refused
    lines = 0
    while chunk := fh.read(1024 * 1024):
        lines += chunk.count(b"\n")
    fh.seek(0)
    return "cp1258", lines


def _open_csv(fh) -> Table:
    encoding, lines = detect_encoding(fh)
    text = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")
    try:
        first = text.readline()
        text.seek(0)
    except UnicodeDecodeError:
        raise RuleViolation(_("The file's characters could not be read past row %(row)s.") % {"row": 1},
                            code="csv_encoding_broken") from None
    if "\x00" in first:
        raise RuleViolation(_("The file is not a table of text (it holds binary data)."), code="csv_binary")
    delimiter = max((";", ",", "\t"), key=first.count)
    if not first.count(delimiter):
        delimiter = ","
    table = Table(kind="csv", sheet="CSV", header_row=0, headers=[], rows=iter(()), encoding=encoding,
                  estimate=min(lines, max_rows()))
    table._closers.append(text.detach)
    table.rows = _csv_rows(text, delimiter)
    return table


def _csv_rows(text, delimiter: str) -> Iterator[tuple[int, list]]:
    """(the line a row starts on, its values): a cell may hold line breaks."""
    limit = max_rows() + HEADER_SEARCH_ROWS
    old_limit = csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(text, delimiter=delimiter)
    start = 1
    try:
        for row in reader:
            if start > limit:
                _too_many_rows("CSV")
            if len(row) > MAX_COLUMNS:
                row = row[:MAX_COLUMNS]
            yield start, [_csv_value(v) for v in row]
            start = reader.line_num + 1
    except csv.Error:
        raise RuleViolation(_("Row %(row)s of the file is not a valid CSV row (a quote left open, or a cell longer "
                              "than %(max)s characters).") % {"row": start, "max": formatting.number(CSV_FIELD_LIMIT)},
                            code="csv_broken") from None
    except UnicodeDecodeError:
        raise RuleViolation(_("The file's characters could not be read past row %(row)s.") % {"row": start},
                            code="csv_encoding_broken") from None
    finally:
        csv.field_size_limit(old_limit)


def _csv_value(value: str):
    """A CSV cell: "" is empty; a leading apostrophe protecting a text that starts like a
    formula or with an apostrophe (what dangvu's exports write) is dropped; a cell starting
    with "=" is a formula (``Formula``)."""
    if not value:
        return None
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)  # Windows-1258 writes tones as combining marks
    if value[0] == "'" and len(value) > 1 and (value[1] in FORMULA_START or value[1] == "'"):
        return value[1:]
    if value[0] == "=":
        return Formula(value)
    return value


# --- values ----------------------------------------------------------------------------------

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_SERIAL = re.compile(r"^\s*(\d{4,5})(?:[.,]0+)?\s*$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class BadValue(ValueError):
    """A cell that cannot be read as the field's type; the message says why."""


def parse_date(value) -> datetime.date | None:
    """A date as offices write it, or None for an empty cell; BadValue otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value)
    text = str(value).strip()
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
        elif _SERIAL.match(text):
            return _serial(int(_SERIAL.match(text).group(1)))
        else:
            raise BadValue(_("“%(value)s” is not a date: write it as day/month/year, e.g. 17/01/2024.")
                           % {"value": text[:40]})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise BadValue(_("“%(value)s” is not a date of the calendar.") % {"value": text[:40]}) from None


def _serial(number) -> datetime.date:
    # Excel serial dates: 1 = 1 Jan 1900 (with Excel's phantom 29 Feb 1900, hence the epoch
    # 30 Dec 1899 for serials from 61 on, which covers every date an import can hold).
    if not 61 <= number <= 2958465 or number != int(number):
        raise BadValue(_("%(value)s is not a date: write it as day/month/year, e.g. 17/01/2024.")
                       % {"value": formatting.number(number) if isinstance(number, int) else number})
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def text_value(value) -> str:
    """A cell as text: numbers without a spurious ".0" (a citizen ID typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return formatting.date(value if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
                               else value.date())
    return str(value).strip()
