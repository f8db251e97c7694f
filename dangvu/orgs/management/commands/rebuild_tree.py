from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dangvu.orgs.services import rebuild_paths


class Command(BaseCommand):
    help = "Recompute every organization's path and depth from its parent."

    def handle(self, *args, **options):
        levels = rebuild_paths()
        self.stdout.write(_("Tree rebuilt: %(levels)s levels.") % {"levels": levels})
