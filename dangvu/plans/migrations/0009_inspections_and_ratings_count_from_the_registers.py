"""The catalog's inspection, supervision and rating figures count from the inspections and
ratings registers (``plans.switches.count_from_register``: typed values kept, counted from the
current quarter where the units typed some, from the start where they typed none). The rates
of members and grassroots organizations rated good or above are now over those rated (two new
counted figures), not over all members and all grassroots organizations."""

from django.db import migrations

from dangvu.plans.switches import count_back_as_typed, count_from_register

SWITCHED = [
    ("KT_TO_CHUC", "inspections.organizations_inspected"),
    ("KT_DANG_VIEN", "inspections.members_inspected"),
    ("GS_TO_CHUC", "inspections.organizations_supervised_thematic"),
    ("GS_DANG_VIEN", "inspections.members_supervised_thematic"),
    ("DV_HTT_TRO_LEN", "ratings.members_good_or_above"),
    ("TCCSD_HTT_TRO_LEN", "ratings.grassroots_good_or_above"),
]
# rate, its numerator, (new denominator: code, name, unit, measure), former denominator
RATES = [
    ("TL_DV_HTT_TRO_LEN", "DV_HTT_TRO_LEN",
     ("DV_DUOC_XEP_LOAI", "Đảng viên được đánh giá, xếp loại", "đảng viên", "ratings.members_rated"), "DANG_VIEN"),
    ("TL_TCCSD_HTT_TRO_LEN", "TCCSD_HTT_TRO_LEN",
     ("TCCSD_DUOC_XEP_LOAI", "Tổ chức cơ sở đảng được đánh giá, xếp loại", "tổ chức", "ratings.grassroots_rated"),
     "TCCSD"),
]


def forward(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    for code, key in SWITCHED:
        count_from_register(apps, code, key)
    for rate_code, numerator_code, (code, name, unit, key), _former in RATES:
        rate = Indicator.objects.filter(code=rate_code).first()
        numerator = Indicator.objects.filter(code=numerator_code).first()
        if rate is None or numerator is None:  # the catalog was never loaded
            continue
        denominator, _made = Indicator.objects.get_or_create(code=code, defaults={
            "name": name, "unit": unit, "value_type": "count", "aggregation": numerator.aggregation,
            "source": "measure", "measure_key": key, "sort_order": numerator.sort_order + 5})
        rate.denominator = denominator
        rate.save(update_fields=["denominator"])


def backward(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    for rate_code, _numerator, (code, *_rest), former in RATES:
        rate, before = Indicator.objects.filter(code=rate_code).first(), Indicator.objects.filter(code=former).first()
        if rate is not None and before is not None:
            rate.denominator = before
            rate.save(update_fields=["denominator"])
        Indicator.objects.filter(code=code, targets__isnull=True).delete()
    for code, _key in SWITCHED:
        count_back_as_typed(apps, code)


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_indicator_counted_from")]
    operations = [migrations.RunPython(forward, backward)]
