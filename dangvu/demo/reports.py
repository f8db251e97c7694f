"""Deterministic demo for the review reports, loaded last (it reads every register): the
bloc's document settings (its names as the 2025 reform left them to each organization), the
review conference of each year 2021-2025 (20 January of the next year, where the awards
register announced that year's commendations), and the year-end report of each of those
years, not built yet (a build is the user's first click; the tests and the benchmark
build them)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.core import bulk
from dangvu.core.actors import SYSTEM
from dangvu.members.models import CommitteeSeat
from dangvu.orgs.models import Organization
from dangvu.reports import services

ProgressFn = Callable[[str, dict], None]
FIRST_YEAR, LAST_YEAR = 2021, 2025


def _secretary(bloc: Organization) -> str:
    seat = (CommitteeSeat.objects.filter(committee__organization=bloc, role=CommitteeSeat.Role.SECRETARY)
            .select_related("member").order_by("-start").first())
    return seat.member.full_name if seat else ""


def generate_reports(*, seed: int = 2024, progress: ProgressFn | None = None) -> dict:
    """Write the demo settings, conferences and reports of the bloc in one transaction and
    return the counts written (`seed` is unused: nothing here is drawn)."""
    progress = progress or (lambda message, counts: None)
    bloc = Organization.objects.filter(kind=Organization.Kind.BLOC).order_by("path").first()
    if bloc is None:
        return {"conferences": 0, "reports": 0}
    with transaction.atomic():
        province = bloc.parent.name.replace("Tỉnh ủy ", "") if bloc.parent_id else ""
        services.settings_save(
            actor=SYSTEM, organization=bloc, superior_body=f"ĐẢNG BỘ TỈNH {province.upper()}" if province else "",
            issuing_body=bloc.name.upper().replace("ĐẢNG BỘ ", "ĐẢNG ỦY ", 1), number_symbol="BC/ĐUK",
            place=province, signer=_secretary(bloc),
            recipients="- Ban Thường vụ Tỉnh ủy (b/c),\n- Ban Tổ chức Tỉnh ủy (b/c),\n"
                       "- Các đồng chí Ủy viên Ban Chấp hành Đảng bộ,\n- Các tổ chức cơ sở đảng,\n- Lưu Văn phòng.")
        counts = {"conferences": 0, "reports": 0}
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            conference = services.conference_create(
                actor=SYSTEM, organization=bloc, period=str(year),
                name=f"Hội nghị tổng kết công tác xây dựng Đảng năm {year}", held_on=datetime.date(year + 1, 1, 20),
                place="Hội trường Đảng ủy Khối", chair="Ban Thường vụ Đảng ủy Khối",
                guests="Đại diện Ban Tổ chức, Ủy ban Kiểm tra Tỉnh ủy", documents="Báo cáo tổng kết; biểu thống kê")
            services.report_create(actor=SYSTEM, organization=bloc, kind="year-end", period=str(year),
                                   conference=conference, number=str(100 + year % 100),
                                   issued_on=datetime.date(year + 1, 1, 17))
            counts["conferences"] += 1
            counts["reports"] += 1
        bulk.analyze()
    progress(_("Review conferences: %(conferences)s; year-end reports: %(reports)s.") % counts, counts)
    return counts


__all__ = ["generate_reports", "FIRST_YEAR", "LAST_YEAR"]
