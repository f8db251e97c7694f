"""`dangvu report ORG_CODE PERIOD --kind year-end|mid-term|half-year|program
--format docx|pdf|xlsx|html -o FILE`: build a review report in-process (no worker) and
write the file. Where the organization already has that report, the staff's edits are in
it; nothing is written to the database."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core.errors import NotFound, PermissionDenied, ValidationError, message
from dangvu.core.periods import PeriodError
from dangvu.exchange.management.actors import actor_named
from dangvu.orgs.models import Organization
from dangvu.plans import selectors as plan_selectors
from dangvu.reports import formats, services
from dangvu.reports.models import Report


class Command(BaseCommand):
    help = "Build a review report (Word, PDF, Excel or HTML) of an organization for a period."

    def add_arguments(self, parser):
        parser.add_argument("org_code")
        parser.add_argument("period", help="2023 (year-end), 2023H1 (half-year), 2020-2025 (mid-term)")
        parser.add_argument("--kind", choices=[k.value for k in Report.Kind], default=Report.Kind.YEAR_END)
        parser.add_argument("--format", choices=formats.FORMATS, default="docx")
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument("--plan", help="the action program's code (--kind program)")
        parser.add_argument("--number", default="", help="the report's number, e.g. 12")
        parser.add_argument("--date", help="the date it is signed, dd/mm/yyyy")
        parser.add_argument("--as", dest="username", help="build as this account (its scope); default: the system")

    def handle(self, *args, org_code, period, kind, format, output, plan, number, date, username, **options):
        actor = actor_named(username)
        org = Organization.objects.filter(code=org_code).first()
        if org is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org_code})
        try:
            issued_on = datetime.datetime.strptime(date, "%d/%m/%Y").date() if date else None
        except ValueError as exc:
            raise CommandError(_("“%(date)s” is not a date: write it as 17/01/2024.") % {"date": date}) from exc
        if format == "pdf" and not formats.pdf_available():
            from dangvu.reports import pdf

            raise CommandError(pdf.how_to_enable())
        try:
            program = plan_selectors.plan_get(actor=actor, code=plan) if plan else None
            code = services.check_period(kind, period, program)
            report = Report.objects.filter(organization=org, kind=kind, period=code).first()
            if report is None:
                report = Report(organization=org, kind=kind, period=code, plan=program)
            if number:
                report.number = number
            if issued_on:
                report.issued_on = issued_on

            def progress(pct: int, text: str) -> None:
                self.stderr.write(f"{pct:3d}% {text}")

            document, _generated, changes = services.report_document(actor=actor, report=report, progress=progress)
            content = formats.render(document, format)
        except NotFound as exc:
            raise CommandError(message(exc) or _("Not found.")) from exc
        except (ValidationError, PermissionDenied, PeriodError) as exc:
            raise CommandError(message(exc) if not isinstance(exc, PeriodError) else str(exc)) from exc
        Path(output).write_bytes(content)
        self.stdout.write(_("Wrote %(file)s (%(size)s KB).") % {"file": output, "size": len(content) // 1024 or 1})
        for heading, paragraph in document.sectioned_paragraphs():
            if paragraph.key in changes:
                self.stdout.write(_("Check the edited paragraph of “%(section)s” starting “%(start)s…”: a figure in "
                                    "it changed.") % {"section": heading, "start": paragraph.text[:60]})
