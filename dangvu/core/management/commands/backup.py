import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core.backup import BackupError, backup
from dangvu.core.formatting import number


class Command(BaseCommand):
    help = _("Write a backup of the whole database to FILE (SQLite: online backup; PostgreSQL: pg_dump).")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            size = backup(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Backup written to %(file)s: %(size)s kB in %(seconds)s s.") % {
            "file": options["file"], "size": number(round(size / 1024)),
            "seconds": number(round(time.monotonic() - started, 1), 1)})
