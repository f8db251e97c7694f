"""The kinds of class, as data: a kind can be renamed or added without a code change; the
measures and the link to the admissions register read the codes."""

from django.db import migrations

KINDS = [
    ("awareness", "Lớp bồi dưỡng nhận thức về Đảng"),
    ("new_member", "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới"),
    ("professional", "Lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng"),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("classes", "CourseKind")
    for position, (code, name) in enumerate(KINDS, start=1):
        Kind.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def unseed(apps, schema_editor):
    apps.get_model("classes", "CourseKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("classes", "0002_courses_attendees_study")]
    operations = [migrations.RunPython(seed, unseed)]
