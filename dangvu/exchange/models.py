"""What data exchange keeps: the column mapping chosen per organization, and the imports
under way (a file being checked or written, its progress and its summary)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanCharField
from dangvu.orgs.models import Organization


class RegisterKind(models.TextChoices):
    MEMBERS = "members", _("Party members")
    ORGANIZATIONS = "organizations", _("Party organizations")


class ColumnMapping(models.Model):
    """The fields an organization's files put under each header, as last chosen: the
    next file with the same headers is mapped the same way."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = CleanCharField(max_length=20, choices=RegisterKind.choices)
    headers = models.JSONField(default=dict)  # normalized header text -> field name ("" = ignored)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="one_mapping_per_kind")]


class ImportJob(models.Model):
    """One uploaded file on its way: mapped, checked (a dry run), then written."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked")
        WRITING = "writing", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")

    RUNNING = (State.CHECKING, State.WRITING)

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = CleanCharField(max_length=20, choices=RegisterKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = CleanCharField(max_length=200)
    stored_as = models.CharField(max_length=200)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # column index (as text) -> field name
    state = CleanCharField(max_length=12, choices=State.choices, default=State.UPLOADED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
