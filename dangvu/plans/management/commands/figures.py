"""`dangvu figures ORG_CODE PERIOD [--plan CODE] [--format table|json]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.actors import SYSTEM
from dangvu.core.periods import PeriodError, parse
from dangvu.orgs.models import Organization
from dangvu.plans.models import Plan
from dangvu.plans.selectors import figures


def _num(value) -> str:
    return "" if value is None else formatting.decimal(value)


def _plain(value):
    return None if value is None else float(value)


class Command(BaseCommand):
    help = "Print every target of an organization for a period: target, actual, achievement and status."

    def add_arguments(self, parser):
        parser.add_argument("org_code")
        parser.add_argument("period", help="2023, 2023H1, 2023Q3, 2023-05 or 2020-2025")
        parser.add_argument("--plan", help="only this plan (its code)")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, org_code, period, plan, format, **options):
        org = Organization.objects.filter(code=org_code).first()
        if org is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org_code})
        try:
            p = parse(period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        only = None
        if plan:
            only = Plan.objects.filter(code=plan).first()
            if only is None:
                raise CommandError(_("No plan has the code %(code)s.") % {"code": plan})
        result = figures(actor=SYSTEM, organization=org, period=p, plan=only)
        if format == "json":
            self.stdout.write(json.dumps({
                "organization": org.code, "period": p.code,
                "plans": [{
                    "plan": pf.plan.code, "title": str(pf.plan),
                    "tally": {"total": pf.tally.total, "reached": pf.tally.reached, "above_60": pf.tally.above_60,
                              "below": pf.tally.below, "no_data": pf.tally.no_data, "running": pf.tally.running,
                              "at_risk": pf.tally.at_risk, "not_begun": pf.tally.not_begun},
                    "targets": [{
                        "indicator": r.indicator.code, "name": r.indicator.name, "period": r.target.period,
                        "comparator": r.target.comparator, "target": _plain(r.target.value),
                        "actual": _plain(r.actual), "achievement": _plain(r.achievement), "status": r.status,
                        "projected": _plain(r.projected), "at_risk": r.at_risk,
                    } for r in pf.rows],
                } for pf in result],
            }, ensure_ascii=False, indent=2))
            return
        if not result:
            self.stdout.write(_("%(org)s has no targets for %(period)s.") % {"org": org.name, "period": p.code})
            return
        for pf in result:
            self.stdout.write(f"{pf.plan} — {org.name}, {p.label}")
            head = [_("Code"), _("Indicator"), _("Target"), _("Actual"), "%", _("Status")]
            rows = [[r.indicator.code, r.indicator.name[:60], f"{r.target.get_comparator_display()} {_num(r.target.value)}",
                     _num(r.actual), r.achievement_text, r.status_label] for r in pf.rows]
            widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=False)]
            for line in [head, *rows]:
                self.stdout.write("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=False)).rstrip())
            self.stdout.write("; ".join(part for part in (pf.tally.sentence(), pf.tally.completed()) if part))
            self.stdout.write("")
