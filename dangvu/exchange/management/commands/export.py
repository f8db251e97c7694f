"""`dangvu export results ORG_CODE PERIOD [--format json|csv] [-o FILE]`: the entered
figures of a unit and of the units under it, as a code-keyed data file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core.errors import NotFound, PermissionDenied, ValidationError, message
from dangvu.exchange import results
from dangvu.exchange.management.actors import actor_named
from dangvu.orgs.models import Organization


class Command(BaseCommand):
    help = "Export data: `results ORG_CODE PERIOD` (units' figures, keyed by codes, as JSON or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["results"])
        parser.add_argument("org_code")
        parser.add_argument("period", help="2023, 2023H1, 2023Q3, 2023-05 or 2020-2025")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("-o", "--output", help="write into this file (default: print)")
        parser.add_argument("--as", dest="username", help="export as this account (its scope); default: the system")

    def handle(self, *args, what, org_code, period, format, output, username, **options):
        actor = actor_named(username)
        org = Organization.objects.filter(code=org_code).first()
        if org is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org_code})
        try:
            rows = results.results_export(actor=actor, organization=org, period=period)
        except NotFound as exc:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org_code}) from exc
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(message(exc)) from exc
        text = results.to_json(rows) if format == "json" else results.to_csv(rows)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
