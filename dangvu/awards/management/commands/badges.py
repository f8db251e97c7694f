"""`dangvu badges DATE [ORG_CODE]`: the Party badge list of an award date (DATE as
03/02/2026 or 2026-02-03) in an organization's subtree (the root of the tree when no code is
given): the members due a badge, those a discipline wait keeps off (with the reason), those
who may receive it early, and the badges awarded that day."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.awards import selectors
from dangvu.core import formatting
from dangvu.orgs.models import Organization


def parse_date(value: str) -> datetime.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CommandError(_("%(value)s is not a date (write it as 03/02/2026).") % {"value": value})


class Command(BaseCommand):
    help = "The Party badge list of an award date: due, excluded with the reason, early, awarded."

    def add_arguments(self, parser):
        parser.add_argument("date")
        parser.add_argument("org_code", nargs="?", default="")

    def _table(self, head, lines):
        widths = [max(len(str(x)) for x in col) for col in zip(head, *lines, strict=True)]
        for line in [head, *lines]:
            self.stdout.write("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())

    def handle(self, *args, date, org_code="", **options):
        on = parse_date(date)
        if org_code:
            org = Organization.objects.filter(code=org_code).first()
            if org is None:
                raise CommandError(_("No organization has the code %(code)s.") % {"code": org_code})
        else:
            org = Organization.objects.filter(parent__isnull=True).order_by("path").first()
            if org is None:
                raise CommandError(_("The organization tree is empty."))
        listing = selectors.badge_list_engine(organization=org, on=on)
        self.stdout.write(_("%(org)s: Party badges of %(date)s (rules: %(rule)s)") % {
            "org": org.name, "date": formatting.date(on), "rule": listing.rules.name})
        head = [_("Full name"), _("Party cell"), _("Years"), _("Reached on")]
        sections = [
            (_("Due a badge"), listing.eligible, False),
            (_("Not eligible: discipline"), listing.excluded, True),
            (_("May be awarded early (with a reason)"), listing.early, False),
        ]
        for title, rows, with_reason in sections:
            self.stdout.write("")
            self.stdout.write(f"{title}: {len(rows)}")
            if rows:
                self._table(head + ([_("Reason")] if with_reason else []), [
                    [row.member.full_name, row.member.organization.name, row.due.milestone,
                     formatting.date(row.due.reached_on)] + ([row.reason] if with_reason else [])
                    for row in rows])
        self.stdout.write("")
        self.stdout.write(f"{_('Awarded on this date')}: {len(listing.awarded)}")
        if listing.awarded:
            self._table([_("Full name"), _("Party cell"), _("Years"), _("Badge number"), _("Decision")], [
                [b.member.full_name, b.organization.name, b.milestone, b.number or "—", b.decision_number]
                for b in listing.awarded])
