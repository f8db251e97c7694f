"""The kinds of inspection and supervision (RULES.md; 22-QĐ/TW, 296-QĐ/TW), as data: a kind
can be renamed or added without a code change; measures read the codes."""

from django.db import migrations

KINDS = [
    ("program", "Kiểm tra theo chương trình", False),
    ("on_signs", "Kiểm tra khi có dấu hiệu vi phạm", False),
    ("lower_levels", "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát và thi hành kỷ luật của cấp dưới", False),
    ("finances", "Kiểm tra tài chính đảng", False),
    ("assets", "Kiểm tra việc kê khai tài sản, thu nhập", False),
    ("regular", "Giám sát thường xuyên", True),
    ("thematic", "Giám sát chuyên đề", True),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("inspections", "InspectionKind")
    for position, (code, name, supervision) in enumerate(KINDS, start=1):
        Kind.objects.update_or_create(code=code, defaults={"name": name, "is_supervision": supervision,
                                                           "position": position})


def unseed(apps, schema_editor):
    apps.get_model("inspections", "InspectionKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_inspections_programs_discipline")]
    operations = [migrations.RunPython(seed, unseed)]
