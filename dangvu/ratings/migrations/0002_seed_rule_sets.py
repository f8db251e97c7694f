"""The rating rule sets as data (RULES.md, "Annual rating"): 132-QĐ/TW for 2021–2022 and
124-QĐ/TW for 2023–2024 rate by criteria with the automatic "not completed" cases; 366-QĐ/TW
from 2025 scores out of 100 (30 common criteria, 70 results) from a criteria catalog per kind
of subject. The cap on excellent members: 20% of those rated good in each grassroots
organization (up to 25% under 366 where the competent level allows it)."""

from decimal import Decimal

from django.db import migrations

RULE_SETS = [
    {"name": "132-QĐ/TW", "first_year": 2018, "last_year": 2022, "method": "criteria",
     "targets_met_min": Decimal(50), "units_disciplined_max": Decimal(20)},
    {"name": "124-QĐ/TW", "first_year": 2023, "last_year": 2024, "method": "criteria",
     "targets_met_min": Decimal(50), "units_disciplined_max": Decimal(20)},
    {"name": "366-QĐ/TW", "first_year": 2025, "last_year": None, "method": "score",
     "units_disciplined_max": None, "leadership_tasks_min": Decimal(70), "member_not_done_max": Decimal(50),
     "excellent_beyond_min": Decimal(30), "adequate_late_max": Decimal(20), "cap_max_share": Decimal(25)},
]
# 366's annexes list the criteria per kind of subject without points per item; provinces
# detail them. A default catalog, editable by year.
CRITERIA = {
    "collective": [
        ("common", "Chính trị tư tưởng; đạo đức, lối sống; ý thức tổ chức kỷ luật", 10),
        ("common", "Lãnh đạo, chỉ đạo xây dựng tổ chức đảng trong sạch, vững mạnh; đoàn kết nội bộ", 10),
        ("common", "Tự phê bình và phê bình; khắc phục hạn chế đã được chỉ ra", 10),
        ("results", "Kết quả thực hiện các chỉ tiêu, nhiệm vụ trọng tâm trong năm", 40),
        ("results", "Kết quả lãnh đạo thực hiện nhiệm vụ chính trị của cơ quan, đơn vị", 20),
        ("results", "Kết quả công tác kiểm tra, giám sát và thi hành kỷ luật đảng", 10),
    ],
    "member": [
        ("common", "Chính trị tư tưởng; đạo đức, lối sống", 10),
        ("common", "Năng lực, trách nhiệm, tinh thần đổi mới, sáng tạo", 10),
        ("common", "Tự phê bình và phê bình; ý thức tổ chức kỷ luật", 10),
        ("results", "Kết quả thực hiện nhiệm vụ được giao trong năm (khối lượng, chất lượng, tiến độ)", 50),
        ("results", "Kết quả thực hiện nhiệm vụ đảng viên và nhiệm vụ do chi bộ phân công", 20),
    ],
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("ratings", "RuleSet")
    Criterion = apps.get_model("ratings", "Criterion")
    for fields in RULE_SETS:
        rule_set = RuleSet.objects.create(**fields)
        if fields["method"] == "score":
            for subject, items in CRITERIA.items():
                for position, (group, name, points) in enumerate(items, start=1):
                    Criterion.objects.create(rule_set=rule_set, subject=subject, group=group, name=name,
                                             points=Decimal(points), first_year=2025, position=position)


def unseed(apps, schema_editor):
    apps.get_model("ratings", "RuleSet").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_rating_rounds_rule_sets")]
    operations = [migrations.RunPython(seed, unseed)]
