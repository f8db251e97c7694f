import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core.backup import BackupError, restore
from dangvu.core.formatting import number


class Command(BaseCommand):
    help = _("Replace the whole database by the backup in FILE (stop the server first).")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help=_("confirm that every record is replaced"))

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError(_("Restoring replaces every record of the database by those of the backup: "
                                 "run again with --yes to confirm."))
        started = time.monotonic()
        try:
            restore(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Restored from %(file)s in %(seconds)s s. Run `dangvu verify` to check it.") % {
            "file": options["file"], "seconds": number(round(time.monotonic() - started, 1), 1)})
