import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangvu.core import integrity
from dangvu.core.formatting import number


class Command(BaseCommand):
    help = _("Check that the records agree with each other (the tree, the members' history, the audit "
             "trail); exit status 1 with the list of what is wrong.")

    def handle(self, *args, **options):
        started, wrong = time.monotonic(), 0
        for name, problems in integrity.run():
            if not problems:
                self.stdout.write(_("%(check)s: sound.") % {"check": name})
                continue
            wrong += len(problems)
            self.stdout.write(ngettext("%(check)s: %(n)s problem.", "%(check)s: %(n)s problems.", len(problems))
                              % {"check": name, "n": number(len(problems))})
            for problem in problems:
                self.stdout.write(f"  - {problem}")
        seconds = number(round(time.monotonic() - started, 1), 1)
        if wrong:
            raise CommandError(ngettext("%(n)s problem found in %(seconds)s s.", "%(n)s problems found in %(seconds)s s.",
                                        wrong) % {"n": number(wrong), "seconds": seconds}, returncode=1)
        self.stdout.write(_("Everything is sound (%(seconds)s s).") % {"seconds": seconds})
