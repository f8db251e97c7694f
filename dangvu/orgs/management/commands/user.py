"""`dangvu user create|reset|deactivate`: accounts from the command line. The system acts
(``core.actors.SYSTEM``), through the same services as the pages: their rules and the
audit still apply."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import NotFound, PermissionDenied, ValidationError, message
from dangvu.orgs import accounts, selectors
from dangvu.orgs.models import User


class Command(BaseCommand):
    help = "Create an account, reset its password or deactivate it."
    stealth_options = ("stdin",)  # tests pass the standard input

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an account; prints its temporary password.")
        create.add_argument("username")
        create.add_argument("--org", required=True, help="Code of the organization the account belongs to.")
        create.add_argument("--role", required=True, choices=User.Role.values)
        create.add_argument("--name", default="", help="Full name of the person.")
        create.add_argument("--password-stdin", action="store_true",
                            help="Read the password from standard input (no change required at the first login).")
        reset = sub.add_parser("reset", help="Give the account a new temporary password (printed once).")
        reset.add_argument("username")
        deactivate = sub.add_parser("deactivate", help="The account can no longer log in.")
        deactivate.add_argument("username")

    def handle(self, *args, action: str, username: str, **options):
        try:
            if action == "create":
                self._create(username, **options)
            elif action == "reset":
                password = accounts.user_password_reset(actor=SYSTEM, user=self._account(username))
                self._print_temporary(username, password)
            else:
                accounts.user_deactivate(actor=SYSTEM, user=self._account(username))
                self.stdout.write(_("Account %(username)s deactivated.") % {"username": username})
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(message(exc)) from exc

    def _account(self, username: str) -> User:
        try:
            return selectors.account_by_username(actor=SYSTEM, username=username)
        except NotFound:
            raise CommandError(_("No account %(username)s.") % {"username": username}) from None

    def _create(self, username: str, *, org: str, role: str, name: str, password_stdin: bool, **options):
        try:
            organization = selectors.organization_by_code(actor=SYSTEM, code=org)
        except NotFound:
            raise CommandError(_("No organization with the code %(code)s.") % {"code": org}) from None
        if password_stdin:
            password = (options.get("stdin") or sys.stdin).readline().rstrip("\n")
        else:
            password = accounts.temporary_password()
        accounts.user_create(actor=SYSTEM, username=username, organization=organization, role=role, full_name=name,
                             password=password, temporary=not password_stdin)
        self.stdout.write(_("Account %(username)s created (%(role)s, %(org)s).") % {
            "username": username, "role": User.Role(role).label, "org": organization.name})
        if not password_stdin:
            self._print_temporary(username, password)

    def _print_temporary(self, username: str, password: str) -> None:
        self.stdout.write(_("Temporary password of %(username)s: %(password)s") % {
            "username": username, "password": password})
        self.stdout.write(_("Hand it to the person: it is shown only once and must be changed at the next login."))
