"""`dangvu workdays add DATE N` and `dangvu workdays between DATE1 DATE2`: the working-day
calendar (``core.workdays``) from the command line. Dates are written 17/01/2024 (or
2024-01-17)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core import workdays


def _date(text: str) -> datetime.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
        if 1930 <= day.year <= 2100:
            return day
    raise CommandError(_("%(text)s is not a date between 1930 and 2100 (write it 17/01/2024).") % {"text": text})


class Command(BaseCommand):
    help = "Count working days: the N-th working day after a date, or the working days between two dates."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="The N-th working day after DATE (the last day of 'within N working days').")
        add.add_argument("date")
        add.add_argument("n", type=int)
        between = sub.add_parser("between", help="The working days after DATE1 up to DATE2 (negative if before).")
        between.add_argument("date1")
        between.add_argument("date2")

    def handle(self, *args, action: str, **options):
        if action == "add":
            start, n = _date(options["date"]), options["n"]
            if not 0 <= n <= 5000:
                raise CommandError(_("The number of working days is from 0 to 5000."))
            self.stdout.write(workdays.day_label(workdays.add_working_days(start, n)))
        else:
            start, end = _date(options["date1"]), _date(options["date2"])
            self.stdout.write(str(workdays.working_days_between(start, end)))
