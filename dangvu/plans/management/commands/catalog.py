from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dangvu.plans.catalog import load_default_catalog


class Command(BaseCommand):
    help = "Load the default indicator catalog, reporting form and validation rules (idempotent)."

    def handle(self, *args, **options):
        n = load_default_catalog()
        self.stdout.write(_("%(n)s indicators created.") % {"n": n})
