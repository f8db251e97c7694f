"""Checks of the admissions register (``dangvu verify``, see core.integrity)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from dangvu.members.models import Affiliation, Member

from .models import Candidate


def files_of_admitted_members() -> list[str]:
    """Every member admitted here (not transferred in) has an admission file, so that the
    admission figure counts each admission once."""
    admitted_here = Affiliation.objects.filter(member=OuterRef("pk"), start_reason=Affiliation.Reason.ADMISSION)
    missing = Member.objects.filter(Exists(admitted_here)).exclude(
        Exists(Candidate.objects.filter(member=OuterRef("pk")))
    ).order_by("pk").values_list("full_name", flat=True)[:20]
    return [_("%(name)s was admitted here but has no admission file.") % {"name": name} for name in missing]
