"""The catalog's admission indicator counts admission decisions from the admissions register
(``admissions.decided``) instead of the members' affiliations."""

from django.db import migrations


def forward(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    Indicator.objects.filter(code="KET_NAP", measure_key="members.admitted").update(measure_key="admissions.decided")


def backward(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    Indicator.objects.filter(code="KET_NAP", measure_key="admissions.decided").update(measure_key="members.admitted")


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_clean_text_and_refusal_messages"), ("admissions", "0002_rule_sets_and_historical_files")]
    operations = [migrations.RunPython(forward, backward)]
