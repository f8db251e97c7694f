"""`dangvu extract FILE [--format json]`: the figures a Vietnamese report (.txt or .docx)
states, as a JSON list (keys: exchange.text.KEYS) or a table to read."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.errors import RuleViolation
from dangvu.exchange import text as reader


class Command(BaseCommand):
    help = "Print the figures stated in a Vietnamese report (.txt or .docx)."

    def add_arguments(self, parser):
        parser.add_argument("file", help=".txt (UTF-8 or Windows-1258) or .docx")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(path)s: %(why)s") % {"path": path, "why": exc.strerror}) from exc
        try:
            content = reader.read_upload(path.name, data)
        except RuleViolation as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        figures = reader.extract(content)
        if options["format"] == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in figures], ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._table(figures))

    def _table(self, figures) -> str:
        if not figures:
            return _("No figure found.")
        heads = [_("No."), _("Subject"), _("Value"), _("Unit"), _("Target"), _("Percent of target"), _("Qualifier"),
                 _("Period"), _("Organization")]
        rows = []
        for i, f in enumerate(figures, 1):
            rows.append([str(i), f.subject or "", _num(f.value), f.unit or "", _num(f.target),
                         _num(f.percent_of_target), f.qualifier or "", f.period or "", f.organization or ""])
        widths = [min(40, max(len(r[c]) for r in [heads, *rows])) for c in range(len(heads))]
        lines = [" | ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)),
                 "-+-".join("-" * w for w in widths)]
        for f, row in zip(figures, rows, strict=True):
            lines.append(" | ".join(cell[:w].ljust(w) for cell, w in zip(row, widths, strict=True)))
            lines.append("    " + _("Words: «%(quote)s»") % {"quote": f.quote})
        return "\n".join(lines)


def _num(value) -> str:
    return "" if value is None else formatting.decimal(value, 4)
