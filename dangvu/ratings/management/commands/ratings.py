"""`dangvu ratings open YEAR [--org CODE]` and `dangvu ratings summary ORG_CODE YEAR`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, message
from dangvu.orgs.models import Organization
from dangvu.ratings import selectors, services
from dangvu.ratings.models import Level, Rating


class Command(BaseCommand):
    help = "Open the rating round of a year, or print the review results of an organization for a year."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        opening = sub.add_parser("open", help="open the round of YEAR for every grassroots organization")
        opening.add_argument("year", type=int)
        opening.add_argument("--org", help="only under this organization (its code); default: every root")
        summary = sub.add_parser("summary", help="the review results of ORG_CODE for YEAR")
        summary.add_argument("org_code")
        summary.add_argument("year", type=int)

    def _org(self, code: str) -> Organization:
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": code})
        return org

    def handle(self, *args, action, **options):
        if action == "open":
            self._open(options["year"], options.get("org"))
        else:
            self._summary(self._org(options["org_code"]), options["year"])

    def _open(self, year: int, code: str | None) -> None:
        roots = [self._org(code)] if code else list(Organization.objects.filter(Q(parent__isnull=True)))
        opened = 0
        for root in roots:
            try:
                opened += len(services.round_open(actor=SYSTEM, organization=root, year=year))
            except RuleViolation as exc:
                raise CommandError(message(exc)) from exc
        self.stdout.write(_("%(n)s rating rounds opened for %(year)s.") % {"n": opened, "year": year})

    def _summary(self, org: Organization, year: int) -> None:
        result = selectors.summary(actor=SYSTEM, organization=org, year=year)
        rule = result.rule_set.name if result.rule_set else "—"
        self.stdout.write(_("Review results %(year)s — %(org)s (%(rule)s)") % {"year": year, "org": org.name,
                                                                             "rule": rule})
        head = [_("Subjects"), _("To be rated"), _("Rated"), *[str(Level(lv).label) for lv in Level.values],
                _("Good or above"), "%", *[str(label) for _v, label in Rating.NotRated.choices], _("Not decided yet")]
        rows = []
        for row in result.rows:
            pct = row.share(row.good_or_above)
            rows.append([row.label, row.to_rate, row.rated, *row.level_counts, row.good_or_above,
                         formatting.decimal(pct) if pct is not None else "", *row.reason_counts, row.undecided])
        for line in [head, *rows]:
            self.stdout.write(" | ".join(str(x) for x in line))
