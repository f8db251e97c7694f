# A unit's submitted figures are a "return" (báo cáo số liệu), not a "report": the model
# Approval becomes Return and the audit actions report.* become return.*.

import django.db.models.deletion
from django.db import migrations, models

ACTIONS = {"report.submit": "return.submit", "report.approve": "return.approve", "report.reopen": "return.reopen"}


def rename_actions(apps, schema_editor, mapping=ACTIONS):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for old, new in mapping.items():
        AuditEntry.objects.filter(action=old).update(action=new)


def restore_actions(apps, schema_editor):
    rename_actions(apps, schema_editor, {new: old for old, new in ACTIONS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
        ("orgs", "0002_organization_kinds_2025"),
        ("plans", "0002_result_year"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="approval", name="one_approval"),
        migrations.RenameModel(old_name="Approval", new_name="Return"),
        migrations.AlterField(
            model_name="return",
            name="organization",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="returns",
                                    to="orgs.organization"),
        ),
        migrations.AddConstraint(
            model_name="return",
            constraint=models.UniqueConstraint(fields=("organization", "period"), name="one_return"),
        ),
        migrations.RunPython(rename_actions, restore_actions),
    ]
