"""The Excel export of a badge list, with the same scope as the page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dangvu.core import formatting


def badge_workbook(listing) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Party badges")[:31]
    ws.append([_("Party badges of %(date)s — %(org)s") % {
        "date": formatting.date(listing.on), "org": listing.organization.name}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Rule") + ": " + listing.rules.name])
    ws.append([_("No."), _("Full name"), _("Date of birth"), _("Party cell"), _("Years"), _("Reached on"),
               _("List"), _("Reason")])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    n = 0
    for title, rows in ((_("Due a badge"), listing.eligible), (_("Not eligible: discipline"), listing.excluded),
                        (_("May be awarded early (with a reason)"), listing.early)):
        for row in rows:
            n += 1
            ws.append([n, row.member.full_name, row.member.birth_date, row.member.organization.name,
                       row.due.milestone, row.due.reached_on, title,
                       row.reason if rows is listing.excluded else ""])
    for badge in listing.awarded:
        n += 1
        ws.append([n, badge.member.full_name, badge.member.birth_date, badge.organization.name, badge.milestone,
                   None, _("Awarded on this date"), badge.number])
    for column in ("C", "F"):
        for cell in ws[column][3:]:
            cell.number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFGH", (6, 28, 13, 32, 8, 13, 30, 60), strict=True):
        ws.column_dimensions[column].width = width
    return wb


def work_form_workbook(form) -> Workbook:
    """The member-work form (``awards.selectors.WorkForm``) as the page shows it: real
    numbers, the share in %, sections in bold."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Member work form")[:31]
    ws.append([_("Member work from %(start)s to %(end)s — %(org)s") % {
        "start": formatting.date(form.start), "end": formatting.date(form.end), "org": form.organization.name}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Item"), _("This period"), _("Same period last year"), "%"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for title, rows in form.sections():
        ws.append([title])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for label, now, before, share, total in rows:
            ws.append([label, now, before, float(share) if share is not None else None])
            ws.cell(row=ws.max_row, column=4).number_format = "0.0"
            if total:
                for cell in ws[ws.max_row]:
                    cell.font = Font(bold=True)
    for column, width in zip("ABCD", (48, 14, 22, 10), strict=True):
        ws.column_dimensions[column].width = width
    return wb
