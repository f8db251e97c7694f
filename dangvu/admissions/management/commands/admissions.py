"""`dangvu admissions due [ORG_CODE] [--days N]`: the admission deadlines overdue and due
within N days (30 by default) in an organization's subtree (the root of the tree when no code
is given), most urgent first, with the working days left or late."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangvu.admissions.rules import working_days_text
from dangvu.admissions.selectors import due_list
from dangvu.core import formatting
from dangvu.core.actors import SYSTEM
from dangvu.orgs.models import Organization


class Command(BaseCommand):
    help = "The admissions register: `due` prints the deadlines overdue and due soon."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="deadlines overdue and due within N days")
        due.add_argument("org_code", nargs="?", default="")
        due.add_argument("--days", type=int, default=30)

    def handle(self, *args, action, org_code="", days=30, **options):
        if org_code:
            org = Organization.objects.filter(code=org_code).first()
            if org is None:
                raise CommandError(_("No organization has the code %(code)s.") % {"code": org_code})
        else:
            org = Organization.objects.filter(parent__isnull=True).order_by("path").first()
            if org is None:
                raise CommandError(_("The organization tree is empty."))
        if days < 0:
            raise CommandError(_("The number of days cannot be negative."))
        rows = due_list(actor=SYSTEM, organization=org, days=days)
        self.stdout.write(_("%(org)s: admission deadlines overdue and due within %(days)s days") % {
            "org": org.name, "days": days})
        if not rows:
            self.stdout.write(_("Nothing is overdue or due in this period."))
            return
        head = [_("Full name"), _("Party cell"), _("Step due"), _("Due by"), _("Working days")]
        lines = [[row.candidate.full_name, row.candidate.organization.name, row.label, formatting.date(row.due_on),
                  working_days_text(row.working_days_left)] for row in rows]
        widths = [max(len(str(x)) for x in col) for col in zip(head, *lines, strict=True)]
        for line in [head, *lines]:
            self.stdout.write("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
        overdue = sum(1 for row in rows if row.working_days_left < 0)
        self.stdout.write(ngettext("%(n)s file, %(late)s overdue.", "%(n)s files, %(late)s overdue.", len(rows)) % {
            "n": len(rows), "late": overdue})
