"""`dangvu demo [--scale bloc|province|country] [--seed 2024] [--reset | --if-empty]`: load demo data
(organizations, members and committees with the admissions register, then classes and study
sessions, then inspections, supervisions and discipline decisions, then plans, targets,
quarterly reports and tasks, then Party badges, then the rating rounds and commendations)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.core.actors import SYSTEM
from dangvu.core.formatting import number
from dangvu.demo.awards import generate_awards
from dangvu.demo.badges import generate_badges
from dangvu.demo.classes import generate_classes
from dangvu.demo.generator import SCALES, generate
from dangvu.demo.inspections import generate_inspections
from dangvu.demo.plans import generate_plans
from dangvu.demo.ratings import generate_ratings
from dangvu.demo.reports import generate_reports
from dangvu.demo.reset import wipe
from dangvu.orgs import accounts
from dangvu.orgs.models import Organization, User

DEMO_PASSWORD = "dangvu-demo"
# (username, role, which organization: "bloc" or "grassroots")
DEMO_USERS = [("admin", User.Role.ADMIN, "bloc"), ("xem", User.Role.VIEWER, "bloc"), ("coso", User.Role.STAFF, "grassroots")]


class Command(BaseCommand):
    help = "Load demo data: a fictional province with its organizations, members and committees."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="bloc",
                            help="bloc (~5.000 members), province (~100.000) or country (~5,6 million).")
        parser.add_argument("--seed", type=int, default=2024, help="Same seed, same data.")
        parser.add_argument("--reset", action="store_true",
                            help="Delete all organizations, members and audit entries first.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Load only into an empty database; otherwise just list the demo accounts.")

    def handle(self, *args, scale: str, seed: int, reset: bool, if_empty: bool, **options):
        if Organization.objects.exists():
            if if_empty and not reset:
                self.stdout.write(_("Data already present: nothing loaded."))
                existing = User.objects.filter(username__in=[u for u, _r, _w in DEMO_USERS]).select_related("organization")
                self._print_accounts(list(existing.order_by("id")))
                return
            if not reset:
                raise CommandError(_(
                    "Organizations already exist. Run the command with --reset to delete all "
                    "organizations, members and audit entries and load the demo again."
                ))
            self.stdout.write(_("Deleting organizations, members and audit entries…"))
            wipe()
        self.stdout.write(_("Loading demo data (scale %(scale)s, seed %(seed)s)…") % {"scale": scale, "seed": seed})
        started = time.monotonic()
        def progress(message, _counts):
            self.stdout.write(f"  {message}")

        counts = generate(scale=scale, seed=seed, progress=progress)
        generate_classes(seed=seed, progress=progress)
        # The inspections first: the plans' targets of inspections and supervisions are sized
        # against what the register counts.
        generate_inspections(seed=seed, progress=progress)
        plan_counts = generate_plans(scale=scale, seed=seed, progress=progress)
        generate_badges(seed=seed, progress=progress)
        generate_ratings(seed=seed, progress=progress)
        generate_awards(seed=seed, progress=progress)
        generate_reports(seed=seed, progress=progress)
        seconds = time.monotonic() - started
        accounts = self._accounts()
        n = {k: number(v) for k, v in counts.items()}
        self.stdout.write(self.style.SUCCESS(
            _("Demo data loaded in %(seconds)s s.") % {"seconds": number(seconds, 1)}
        ))
        self.stdout.write(_("Organizations: %(orgs)s (%(grassroots)s grassroots organizations, %(cells)s cells).") % {
            "orgs": n["organizations"],
            "grassroots": number(counts["grassroots_committees"] + counts["grassroots_cells"]),
            "cells": number(counts["grassroots_cells"] + counts["cells"]),
        })
        self.stdout.write(_("Members: %(members)s, of whom %(on_roll)s on the rolls.") % {
            "members": n["members"], "on_roll": n["on_roll"],
        })
        self.stdout.write(_("Committees: %(committees)s with %(seats)s seats.") % {
            "committees": n["committees"], "seats": n["seats"],
        })
        self.stdout.write(_("Plans: %(plans)s, with %(targets)s targets; %(results)s reported values; "
                            "%(tasks)s key tasks.") % {k: number(v) for k, v in plan_counts.items()})
        self._print_accounts(accounts)

    def _print_accounts(self, accounts) -> None:
        self.stdout.write(_("Demo accounts (password “%(password)s”):") % {"password": DEMO_PASSWORD})
        for user in accounts:
            where = user.organization.name if user.organization else "—"
            self.stdout.write(f"  {user.username}: {User.Role(user.role).label}, {where}")

    @transaction.atomic
    def _accounts(self) -> list[User]:
        """The demo accounts, created where missing (an existing one is left unchanged)."""
        bloc = Organization.objects.filter(kind=Organization.Kind.BLOC, code__endswith="-KHOI").order_by("id").first()
        grassroots = (
            Organization.objects.filter(path__startswith=bloc.path, kind=Organization.Kind.GRASSROOTS_COMMITTEE,
                                        dissolved_on__isnull=True, absorbed__isnull=False)
            .order_by("id").first()
            or Organization.objects.filter(path__startswith=bloc.path, kind=Organization.Kind.GRASSROOTS_COMMITTEE)
            .order_by("id").first()
        )
        out = []
        for username, role, where in DEMO_USERS:
            existing = User.objects.select_related("organization").filter(username=username).first()
            if existing:
                out.append(existing)
                continue
            # The password the README gives, not to be changed: anyone can try the demo.
            out.append(accounts.user_create(
                actor=SYSTEM, username=username, password=DEMO_PASSWORD, temporary=False, role=role,
                organization=bloc if where == "bloc" else grassroots,
            ))
        return out
