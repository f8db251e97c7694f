"""The statistical form of review results as a workbook."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from dangvu.ratings.models import LEVELS, Level, Rating
from dangvu.web.common.exports import _append, _sheet


def summary_workbook(summary) -> Workbook:
    wb = Workbook()
    columns = [(_("Subjects"), 40), (_("To be rated"), 12), (_("Rated"), 10),
               *[(str(Level(level).label), 16) for level in LEVELS],
               (_("Good or above"), 12),
               *[(_("Not rated: %(reason)s") % {"reason": label}, 18) for _v, label in Rating.NotRated.choices],
               (_("Not decided yet"), 12)]
    ws = _sheet(wb, _("Review results"), _("Review results %(year)s — %(org)s") % {
        "year": summary.year, "org": summary.organization.name}, columns)
    for i, row in enumerate(summary.rows, start=1):
        _append(ws, 3 + i, [row.label, row.to_rate, row.rated, *row.level_counts, row.good_or_above,
                            *row.reason_counts, row.undecided])
    return wb
