"""The rating rule set in force before 132-QĐ/TW (8 March 2018, which governs from the
review of 2018): 262-QĐ/TW (8 October 2014) with its guide 27-HD/BTCTW (25 September 2014),
for the reviews of 2014–2017. Rated by criteria. **Unsure**: whether 262/27-HD already capped
excellent members at 20% of those rated good and set the same automatic "not completed"
thresholds as 132; the defaults of 132 are kept until someone checks the texts."""

from decimal import Decimal

from django.db import migrations

IDEMPOTENT = True  # tests.factories.ensure_seeds runs it again after a flush
RULE_SET = {"name": "262-QĐ/TW", "first_year": 2014, "last_year": 2017, "method": "criteria",
            "targets_met_min": Decimal(50), "units_disciplined_max": Decimal(20)}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("ratings", "RuleSet")
    fields = dict(RULE_SET)
    RuleSet.objects.get_or_create(name=fields.pop("name"), defaults=fields)


def unseed(apps, schema_editor):
    apps.get_model("ratings", "RuleSet").objects.filter(name=RULE_SET["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_seed_rule_sets")]
    operations = [migrations.RunPython(seed, unseed)]
