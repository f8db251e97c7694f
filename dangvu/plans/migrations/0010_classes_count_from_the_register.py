"""The catalog's class figures count from the classes register (``plans.switches.count_from_register``:
typed values kept, counted from the current quarter where the units typed some, from the start
where they typed none), and leave the units' quarterly form."""

from django.db import migrations

from dangvu.plans.switches import count_back_as_typed, count_from_register

SWITCHED = [
    ("LOP_NHAN_THUC", "classes.awareness_held"),
    ("LOP_DANG_VIEN_MOI", "classes.new_member_held"),
    ("LOP_NGHIEP_VU", "classes.professional_held"),
]


def forward(apps, schema_editor):
    for code, key in SWITCHED:
        count_from_register(apps, code, key)


def backward(apps, schema_editor):
    for code, _key in SWITCHED:
        count_back_as_typed(apps, code)


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_inspections_and_ratings_count_from_the_registers"),
                    ("classes", "0003_seed_course_kinds")]
    operations = [migrations.RunPython(forward, backward)]
