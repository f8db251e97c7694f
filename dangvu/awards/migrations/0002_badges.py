"""Party badges: the rule sets, the cash table and the base salary as dated rows (RULES.md,
"Party age (tuổi đảng) and badges"), the award dates committees set, and the badges.

Seeded: 29-QĐ/TW of 2016 (reprimands do not exclude; 6 months after a warning, 12 after a
removal from post) and 24-QĐ/TW of 2021 (6, 9, 12 months); the 2025 wording is not known
(add a rule set row when it is). Cash (56-HD/VPTW of 2015): 30 years 1,5; 40 years 2;
50 years 3; 55 years 3,5; 60 years 5; 65 years 6; 45 and 70–90 years not known (rows
without a multiple). Base salary from 2016 (decrees 47/2016, 47/2017, 72/2018, 38/2019,
24/2023, 73/2024)."""

import datetime
from decimal import Decimal

import dangvu.core.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0001_initial'),
        ('members', '0005_clean_text_and_refusal_messages'),
        ('orgs', '0004_clean_text_and_refusal_messages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BadgeBaseSalary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(unique=True, verbose_name='in force from')),
                ('amount', models.PositiveIntegerField(verbose_name='base salary (đồng)')),
                ('source', dangvu.core.fields.CleanCharField(blank=True, max_length=120, verbose_name='source')),
            ],
            options={
                'verbose_name': 'base salary',
                'ordering': ['valid_from'],
            },
        ),
        migrations.CreateModel(
            name='BadgeRuleSet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', dangvu.core.fields.CleanCharField(max_length=120, verbose_name='rule set')),
                ('valid_from', models.DateField(unique=True, verbose_name='in force from')),
                ('reprimand_wait_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='wait after a reprimand (months)')),
                ('warning_wait_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='wait after a warning (months)')),
                ('removal_wait_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='wait after a removal from post (months)')),
                ('illness_early_months', models.PositiveSmallIntegerField(default=12, verbose_name='early for serious illness, 30–65 years (months)')),
                ('illness_early_months_senior', models.PositiveSmallIntegerField(default=24, verbose_name='early for serious illness, 70–90 years (months)')),
                ('senior_from', models.PositiveSmallIntegerField(default=70, verbose_name='senior milestones from (years)')),
                ('posthumous_early_months', models.PositiveSmallIntegerField(default=12, verbose_name='early, posthumously (months)')),
                ('note', dangvu.core.fields.CleanTextField(blank=True, max_length=500, verbose_name='note')),
            ],
            options={
                'verbose_name': 'badge rule set',
                'ordering': ['valid_from'],
            },
        ),
        migrations.CreateModel(
            name='BadgeCashRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='in force from')),
                ('milestone', models.PositiveSmallIntegerField(verbose_name='years of Party age')),
                ('multiple', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, verbose_name='multiple of the base salary')),
                ('source', dangvu.core.fields.CleanCharField(blank=True, max_length=120, verbose_name='source')),
            ],
            options={
                'verbose_name': 'badge cash rate',
                'ordering': ['valid_from', 'milestone'],
                'constraints': [models.UniqueConstraint(fields=('valid_from', 'milestone'), name='badge_cash_rate_unique')],
            },
        ),
        migrations.CreateModel(
            name='Badge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('milestone', models.PositiveSmallIntegerField(verbose_name='years of Party age')),
                ('awarded_on', models.DateField(verbose_name='award date')),
                ('number', dangvu.core.fields.CleanCharField(blank=True, max_length=30, verbose_name='badge number')),
                ('decision_number', dangvu.core.fields.CleanCharField(max_length=60, verbose_name='decision number')),
                ('decision_date', models.DateField(verbose_name='decision date')),
                ('early_reason', dangvu.core.fields.CleanCharField(blank=True, choices=[('illness', 'serious illness'), ('posthumous', 'posthumously')], max_length=20, verbose_name='awarded early')),
                ('early_note', dangvu.core.fields.CleanCharField(blank=True, max_length=300, verbose_name='reason for the early award')),
                ('cash_multiple', models.DecimalField(blank=True, decimal_places=1, editable=False, max_digits=4, null=True, verbose_name='multiple of the base salary')),
                ('base_salary', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='base salary (đồng)')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='badges', to='members.member', verbose_name='member')),
                ('organization', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization', verbose_name='cell')),
            ],
            options={
                'verbose_name': 'Party badge',
                'ordering': ['-awarded_on', 'member__name_sort_key', 'id'],
                'indexes': [models.Index(fields=['awarded_on'], name='badge_awarded_idx')],
                'constraints': [models.UniqueConstraint(fields=('member', 'milestone'), name='badge_member_milestone'), models.UniqueConstraint(condition=models.Q(('number', ''), _negated=True), fields=('number',), name='badge_number_unique')],
            },
        ),
        migrations.CreateModel(
            name='BadgeDate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('on', models.DateField(verbose_name='award date')),
                ('note', dangvu.core.fields.CleanCharField(blank=True, max_length=200, verbose_name='occasion')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization', verbose_name='organization')),
            ],
            options={
                'verbose_name': 'badge award date',
                'ordering': ['on', 'id'],
                'constraints': [models.UniqueConstraint(fields=('organization', 'on'), name='badge_date_unique')],
            },
        ),
    ]


RULE_SETS = [
    {"name": "29-QĐ/TW (2016)", "valid_from": datetime.date(2016, 7, 25), "reprimand_wait_months": None,
     "warning_wait_months": 6, "removal_wait_months": 12},
    {"name": "24-QĐ/TW (2021)", "valid_from": datetime.date(2021, 7, 30), "reprimand_wait_months": 6,
     "warning_wait_months": 9, "removal_wait_months": 12},
]
CASH = {30: "1.5", 40: "2", 45: None, 50: "3", 55: "3.5", 60: "5", 65: "6",
        70: None, 75: None, 80: None, 85: None, 90: None}
BASE_SALARY = [
    (datetime.date(2016, 5, 1), 1_210_000, "47/2016/NĐ-CP"),
    (datetime.date(2017, 7, 1), 1_300_000, "47/2017/NĐ-CP"),
    (datetime.date(2018, 7, 1), 1_390_000, "72/2018/NĐ-CP"),
    (datetime.date(2019, 7, 1), 1_490_000, "38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), 1_800_000, "24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2_340_000, "73/2024/NĐ-CP"),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("awards", "BadgeRuleSet")
    CashRate = apps.get_model("awards", "BadgeCashRate")
    BaseSalary = apps.get_model("awards", "BadgeBaseSalary")
    if not RuleSet.objects.exists():
        for fields in RULE_SETS:
            RuleSet.objects.create(**fields)
    if not CashRate.objects.exists():
        for milestone, multiple in CASH.items():
            CashRate.objects.create(valid_from=datetime.date(2015, 1, 1), milestone=milestone,
                                    multiple=Decimal(multiple) if multiple else None, source="56-HD/VPTW")
    if not BaseSalary.objects.exists():
        for valid_from, amount, source in BASE_SALARY:
            BaseSalary.objects.create(valid_from=valid_from, amount=amount, source=source)


def unseed(apps, schema_editor):
    for name in ("BadgeRuleSet", "BadgeCashRate", "BadgeBaseSalary"):
        apps.get_model("awards", name).objects.all().delete()


Migration.operations.append(migrations.RunPython(seed, unseed))
