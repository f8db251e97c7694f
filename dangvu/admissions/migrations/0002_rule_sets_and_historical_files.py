"""The admission rule sets as data (RULES.md, "Admission": the numbers are the same in each
text read so far; each set is a row so that a change is a new row from its date), and the
files of the members admitted before the register existed (``source=historical``): the
admission figure counts files, once each."""

import datetime

from django.db import migrations

RULE_SETS = [
    ("Điều lệ Đảng và các hướng dẫn trước 2021", datetime.date(1930, 2, 3)),
    ("Quy định 24-QĐ/TW", datetime.date(2021, 7, 30)),
    ("Quy định 232-QĐ/TW", datetime.date(2025, 1, 20)),
    ("Quy định 294-QĐ/TW", datetime.date(2025, 7, 1)),
]


def forward(apps, schema_editor):
    RuleSet = apps.get_model("admissions", "AdmissionRuleSet")
    for name, valid_from in RULE_SETS:
        RuleSet.objects.get_or_create(valid_from=valid_from, defaults={"name": name})
    Affiliation = apps.get_model("members", "Affiliation")
    Candidate = apps.get_model("admissions", "Candidate")
    admitted = Affiliation.objects.filter(start_reason="admission", member__admission_file__isnull=True)
    rows = []
    for affiliation in admitted.select_related("member").order_by("member_id", "start").iterator():
        member = affiliation.member
        if rows and rows[-1].member_id == member.pk:
            continue
        rows.append(Candidate(
            organization_id=affiliation.organization_id, full_name=member.full_name, gender=member.gender,
            birth_date=member.birth_date, ethnicity=member.ethnicity, religion=member.religion,
            hometown=member.hometown, education=member.education, profession=member.profession,
            citizen_id=member.citizen_id, phone=member.phone, position=member.position, source="historical",
            member_id=member.pk, state="full" if member.full_membership_date else "probation",
            started_on=member.admission_decision_date, decision_date=member.admission_decision_date,
            ceremony_date=member.ceremony_date, name_normalized=member.name_normalized,
        ))
    Candidate.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("admissions", "0001_register"), ("members", "0005_clean_text_and_refusal_messages")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
