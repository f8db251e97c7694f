"""Review reports: the organization's document settings, review conferences, reports with
the staff's paragraph edits, and the files built from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.orgs.models import Organization
from dangvu.plans.models import Plan


class DocumentSettings(models.Model):
    """How an organization's documents are headed and signed (36-HD/VPTW). The 2025 reform
    renamed many bodies: every name here is the organization's own, none is in the code."""

    class SignatureMode(models.TextChoices):
        ON_BEHALF = "T/M", _("On behalf of the standing committee (T/M)")
        DEPUTY = "K/T", _("Signed by a deputy (K/T)")
        BY_ORDER = "T/L", _("By order (T/L)")

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="document_settings")
    superior_body = CleanCharField(_("superior body"), max_length=200, blank=True)
    issuing_body = CleanCharField(_("issuing body"), max_length=200)
    number_symbol = CleanCharField(_("number symbol"), max_length=30, default="BC/ĐU")
    place = CleanCharField(_("place"), max_length=100)
    signature_mode = CleanCharField(_("signature"), max_length=3, choices=SignatureMode.choices,
                                    default=SignatureMode.ON_BEHALF)
    signing_body = CleanCharField(_("signing body"), max_length=100, default="BAN THƯỜNG VỤ")
    position = CleanCharField(_("position"), max_length=100, default="BÍ THƯ")
    deputy_position = CleanCharField(_("position of the one signing"), max_length=100, blank=True)
    signer = CleanCharField(_("signer"), max_length=100, blank=True)
    recipients = CleanTextField(_("recipients"), max_length=2000, blank=True)  # one per line
    margin_top = models.PositiveSmallIntegerField(_("top margin (mm)"), default=20)
    margin_bottom = models.PositiveSmallIntegerField(_("bottom margin (mm)"), default=20)
    margin_left = models.PositiveSmallIntegerField(_("left margin (mm)"), default=30)
    margin_right = models.PositiveSmallIntegerField(_("right margin (mm)"), default=15)

    class Meta:
        verbose_name = _("document settings")


class Conference(models.Model):
    """A review conference (hội nghị tổng kết / sơ kết) of an organization for a period."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    period = CleanCharField(_("period"), max_length=12)
    name = CleanCharField(_("name"), max_length=300)
    held_on = models.DateField(_("date"))
    place = CleanCharField(_("place"), max_length=300, blank=True)
    chair = CleanCharField(_("chaired by"), max_length=300, blank=True)
    guests = CleanTextField(_("guests"), max_length=2000, blank=True)
    documents = CleanTextField(_("documents"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    class Kind(models.TextChoices):
        YEAR_END = "year-end", _("Year-end review")
        MID_TERM = "mid-term", _("Mid-term review")
        HALF_YEAR = "half-year", _("Half-year review")
        PROGRAM = "program", _("Action program report")

    class State(models.TextChoices):
        DRAFT = "draft", _("Not built yet")
        QUEUED = "queued", _("Waiting to be built")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Built")
        FAILED = "failed", pgettext_lazy("report state", "Failed")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    kind = CleanCharField(_("kind"), max_length=10, choices=Kind.choices)
    period = CleanCharField(_("period"), max_length=12)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    conference = models.ForeignKey(Conference, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="reports")
    number = CleanCharField(_("number"), max_length=10, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    state = CleanCharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100
    progress_text = CleanCharField(max_length=200, blank=True)
    error = CleanTextField(max_length=2000, blank=True)
    # The paragraphs of the last build, in document order (a list: PostgreSQL's jsonb keeps
    # no key order): [{"key", "section": heading, "text": the text generated, "figures":
    # {figure key: as written}, "labels": {figure key: what it is, in words}, "sources":
    # {figure key: the indicator's code explaining it}}].
    paragraphs = models.JSONField(default=list)
    built_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "organization__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "period"], name="report_once")]

    def paragraph(self, key: str) -> dict | None:
        """The paragraph `key` of the last build, or None."""
        return next((p for p in self.paragraphs if p["key"] == key), None)


class Edit(models.Model):
    """A paragraph as the staff rewrote it. `figures`: the figures the paragraph stated
    when they edited it; a build that finds one of them changed flags the edit."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="edits")
    key = models.CharField(max_length=120)
    text = CleanTextField(_("text"), max_length=20000)
    figures = models.JSONField(default=dict)
    flagged = models.BooleanField(default=False)
    changed = models.JSONField(default=dict)  # figure key -> [was, now], when flagged
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    edited_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="report_edit_once")]


class File(models.Model):
    """A built file of a report (the bytes in the database: a report is 50 KB to 1 MB, and
    the backup takes it with everything else)."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (.xlsx)"
        HTML = "html", "HTML"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = CleanCharField(max_length=4, choices=Format.choices)
    content = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="report_file_once")]
