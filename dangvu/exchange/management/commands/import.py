"""`dangvu import results FILE [--dry-run] [--strategy ...] [--as USERNAME]`: units'
figures from a code-keyed data file (.json or .csv, see ``exchange.results``)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core.errors import PermissionDenied, ValidationError, message
from dangvu.exchange import results
from dangvu.exchange.management.actors import actor_named


class Command(BaseCommand):
    help = "Import data: `results FILE` (a .json or .csv data file of units' figures, keyed by codes)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["results"])
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check and show what would change, write nothing")
        parser.add_argument("--strategy", choices=list(results.STRATEGIES), default=results.CREATE_AND_UPDATE)
        parser.add_argument("--as", dest="username", help="import as this account (its scope); default: the system")

    def handle(self, *args, what, file, dry_run, strategy, username, **options):
        actor = actor_named(username)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(name)s.") % {"name": file})
        try:
            entries = results.read_file(path.name, path.read_bytes())
            summary = results.results_import(actor=actor, entries=entries, strategy=strategy, dry_run=dry_run,
                                             source=path.name)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(message(exc)) from exc
        self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=1))
        if summary.conflicts:
            raise CommandError(_("Nothing was imported: %(n)s values are in conflict.") % {"n": len(summary.conflicts)})
