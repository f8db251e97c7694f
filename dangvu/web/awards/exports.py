"""A proposed list of commendations as a workbook (the list handed to the committee)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from dangvu.web.common.exports import _append, _sheet


def proposals_workbook(organization, filters: dict, rows) -> Workbook:
    wb = Workbook()
    year, years = filters["year"], filters["years"]
    if years > 1:
        heading = _("Rated excellent %(years)s years in a row (%(from)s - %(to)s) — %(org)s") % {
            "years": years, "from": year - years + 1, "to": year, "org": organization.name}
    else:
        heading = _("Rated excellent in %(year)s — %(org)s") % {"year": year, "org": organization.name}
    ws = _sheet(wb, _("Proposed list"), heading, [
        (_("No."), 6), (_("Name"), 36), (_("Unit"), 40), (_("Proposed by the rules"), 45),
        (_("Already commended for the year"), 45)])
    for i, r in enumerate(rows, start=1):
        _append(ws, 3 + i, [i, r.name, r.unit.name, "; ".join(r.kind_labels),
                            "; ".join(f"{c.get_kind_display()} ({c.number})" for c in r.commended)])
    return wb
