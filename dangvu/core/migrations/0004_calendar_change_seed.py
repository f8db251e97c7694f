"""The make-up working Saturdays of the swaps the government announced, as data.

The ``holidays`` package (country VN) already gives each swap's day off ("Ngày nghỉ (thay cho
ngày ...)": e.g. Fri 02/05/2025, Mon 31/08/2026) but not the Saturday worked in exchange, so
only the worked Saturdays are seeded here: recording the day off again would count it twice.
``tests/core/test_workdays.py`` checks that these are exactly the package's swaps, so that a
newer package announcing a swap fails a test until its Saturday is added (by the page or a
migration). Document numbers are left blank where not verified; an administrator removes the
row and records it again with its number."""

import datetime

from django.db import migrations

D = datetime.date

#: (make-up working day, the day off it pays for, document number, document date)
SWAPS = [
    (D(2010, 2, 27), D(2010, 2, 19), "", None),
    (D(2012, 2, 4), D(2012, 1, 27), "", None),
    (D(2013, 5, 4), D(2013, 4, 29), "", None),
    (D(2014, 4, 26), D(2014, 5, 2), "", None),
    (D(2014, 9, 6), D(2014, 9, 1), "", None),
    (D(2014, 12, 27), D(2015, 1, 2), "", None),
    (D(2015, 2, 14), D(2015, 2, 16), "", None),
    (D(2015, 4, 25), D(2015, 4, 29), "", None),
    (D(2019, 1, 5), D(2018, 12, 31), "6519/VPCP-KGVX", None),
    (D(2019, 5, 4), D(2019, 4, 29), "", None),
    (D(2024, 5, 4), D(2024, 4, 29), "2450/VPCP-KGVX", D(2024, 4, 12)),
    (D(2025, 4, 26), D(2025, 5, 2), "", None),
    (D(2026, 8, 22), D(2026, 8, 31), "", None),
]


def seed(apps, schema_editor):
    CalendarChange = apps.get_model("core", "CalendarChange")
    for worked, off, number, dated in SWAPS:
        CalendarChange.objects.get_or_create(on=worked, defaults={
            "kind": "working_day", "document_number": number, "document_date": dated,
            "document_summary": (f"Hoán đổi ngày làm việc: làm bù thứ Bảy {worked:%d/%m/%Y} "
                                 f"cho ngày nghỉ {off:%d/%m/%Y}"),
        })


def unseed(apps, schema_editor):
    CalendarChange = apps.get_model("core", "CalendarChange")
    CalendarChange.objects.filter(on__in=[w for w, *_ in SWAPS], recorded_by__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_calendar_change"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
