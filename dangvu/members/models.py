import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanCharField, CleanTextField
from dangvu.orgs.models import Committee, Organization

BIOGRAPHY_NUMBER_RE = re.compile(r"^\d{6}[A-Z]{1,3}$")
CARD_NUMBER_RE = re.compile(r"^\d{8}$")
CITIZEN_ID_RE = re.compile(r"^\d{12}$")
PHONE_RE = re.compile(r"^\+?[\d ]{8,20}$")
# Members are on the rolls of a cell: a grassroots cell or a cell of a grassroots committee.
MEMBER_HOLDING_KINDS = (Organization.Kind.GRASSROOTS_CELL, Organization.Kind.CELL)


def canonical_biography_number(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value or "").upper()


def validate_biography_number(value: str) -> None:
    if value and not BIOGRAPHY_NUMBER_RE.match(value):
        raise ValidationError(
            _("A biography number is 6 digits followed by the 1–3 letter province code, e.g. 012345KG."),
            code="biography_number",
        )


def validate_card_number(value: str) -> None:
    if value and not CARD_NUMBER_RE.match(value):
        raise ValidationError(_("A Party card number is exactly 8 digits."), code="card_number")


def validate_citizen_id(value: str) -> None:
    if value and not CITIZEN_ID_RE.match(value):
        raise ValidationError(_("A citizen ID (CCCD) is exactly 12 digits."), code="citizen_id")


def validate_phone(value: str) -> None:
    if value and (not PHONE_RE.match(value) or not 8 <= sum(c.isdigit() for c in value) <= 15):
        raise ValidationError(
            _("A phone number has 8 to 15 digits; only digits, spaces and a leading + are allowed."), code="phone"
        )


class Member(models.Model):
    """A Party member. Current organization, status and Party-age start are derived from the
    history rows below and kept in step by the services."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Status(models.TextChoices):
        PROBATIONARY = "probationary", _("Probationary member")
        FULL = "full", _("Full member")
        LEFT = "left", _("Left the Party")
        REMOVED = "removed", _("Removed from the rolls")
        EXPELLED = "expelled", _("Expelled")
        DECEASED = "deceased", _("Deceased")

    full_name = CleanCharField(_("full name"), max_length=120)
    gender = CleanCharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = CleanCharField(_("ethnicity"), max_length=40, default="Kinh")
    religion = CleanCharField(_("religion"), max_length=40, blank=True, default="Không")
    hometown = CleanCharField(_("hometown"), max_length=200, blank=True)
    education = CleanCharField(_("education"), max_length=60, blank=True)
    profession = CleanCharField(_("profession"), max_length=120, blank=True)
    biography_number = CleanCharField(
        _("biography number"), max_length=9, blank=True, validators=[validate_biography_number]
    )
    card_number = CleanCharField(_("Party card number"), max_length=8, blank=True, validators=[validate_card_number])
    citizen_id = CleanCharField(_("citizen ID (CCCD)"), max_length=12, blank=True, validators=[validate_citizen_id])
    phone = CleanCharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    position = CleanCharField(_("position held"), max_length=200, blank=True,
                                help_text=_("In the government or mass organizations."))
    admission_decision_date = models.DateField(_("admission decision date"))
    ceremony_date = models.DateField(_("admission ceremony date"), null=True, blank=True)
    full_membership_date = models.DateField(_("full membership date"), null=True, blank=True)
    full_membership_note = CleanCharField(
        _("why full membership is not 12 months after the ceremony"), max_length=300, blank=True,
        help_text=_("Only when the decision states another date."),
    )

    # Derived, maintained by services.
    # No index of its own: member_org_status_idx starts with it (one index less to keep up
    # on every write; a load of 100.000 members keeps nine).
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name=_("organization"),
        db_index=False,
    )
    on_roll = models.BooleanField(_("on the rolls"), default=True)
    status = CleanCharField(_("status"), max_length=20, choices=Status.choices)
    status_since = models.DateField(_("since"))
    party_age_start = models.DateField(editable=False)
    party_age_end = models.DateField(null=True, editable=False)
    # Searched with LIKE '%q%', which no B-tree index serves: the search walks
    # member_sort_idx, which holds it, instead of the table.
    name_normalized = models.CharField(max_length=120, editable=False)
    name_sort_key = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        indexes = [
            models.Index(fields=["organization", "status"], name="member_org_status_idx"),
            # Covering the list in name order: a search walks this index without the table.
            models.Index(
                fields=["name_sort_key", "id", "on_roll", "name_normalized", "organization"],
                name="member_sort_idx",
            ),
            models.Index(fields=["birth_date"], name="member_birth_idx"),
            models.Index(fields=["party_age_start"], name="member_party_age_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["biography_number"], condition=~Q(biography_number=""), name="unique_biography_number",
                violation_error_message=_("This biography number is already recorded for another member."),
                violation_error_code="biography_number_taken",
            ),
            models.UniqueConstraint(
                fields=["card_number"], condition=~Q(card_number=""), name="unique_card_number",
                violation_error_message=_("This Party card number is already recorded for another member."),
                violation_error_code="card_number_taken",
            ),
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id=""), name="unique_citizen_id",
                violation_error_message=_("This citizen ID (CCCD) is already recorded for another member."),
                violation_error_code="citizen_id_taken",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


IN_PARTY = (Member.Status.PROBATIONARY, Member.Status.FULL)
OUT_OF_PARTY = (Member.Status.LEFT, Member.Status.REMOVED, Member.Status.EXPELLED)


class StatusChange(models.Model):
    """Status over time. An annulled change (e.g. an expulsion later found wrong) is kept
    but ignored: the Party age then runs on continuously."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    status = CleanCharField(_("status"), max_length=20, choices=Member.Status.choices)
    on = models.DateField(_("date"))
    decision = CleanCharField(_("decision"), max_length=200, blank=True)
    annulled = models.BooleanField(_("annulled"), default=False)
    annul_reason = CleanTextField(_("reason for annulling"), max_length=300, blank=True)
    annulled_at = models.DateTimeField(null=True, blank=True)
    # Indexed where set only (status_change_annulled_by_idx): two changes a member are
    # written at every admission or import, none of them annulled.
    annulled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", db_index=False)

    class Meta:
        ordering = ["on", "id"]
        indexes = [
            models.Index(fields=["status", "on"], name="status_change_idx"),
            models.Index(fields=["annulled_by"], condition=Q(annulled_by__isnull=False),
                         name="status_change_annulled_by_idx"),
        ]


class Affiliation(models.Model):
    """The organization a member belonged to, from `start` to `end` (exclusive; open when null)."""

    class Reason(models.TextChoices):
        ADMISSION = "admission", _("Admission")
        TRANSFER = "transfer", _("Transfer")
        TRANSFER_IN = "transfer_in", _("Transferred in")
        TRANSFER_OUT = "transfer_out", _("Transferred out")
        MERGER = "merger", _("Merger of organizations")
        READMISSION = "readmission", _("Re-admission")
        STATUS = "status", _("Status change")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="affiliations")
    # No index of its own: affiliation_org_idx starts with it.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="affiliations",
                                     db_index=False)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    start_reason = CleanCharField(max_length=20, choices=Reason.choices)
    end_reason = CleanCharField(max_length=20, choices=Reason.choices, blank=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["organization", "start", "end"], name="affiliation_org_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(end__isnull=True), name="one_open_affiliation",
                violation_error_message=_("A member is on the rolls of one organization at a time."),
                violation_error_code="affiliation_open",
            ),
        ]


class Transfer(models.Model):
    """Chuyển sinh hoạt đảng: within the tree, in from outside, or out of it; or a temporary
    transfer (sinh hoạt tạm thời), which keeps the member on the home cell's rolls
    (`from_organization`) and records where they attend (`to_organization` or
    `external_unit`) from `on` to the expected `end`.

    An annulled transfer (entered by mistake) stays in the history, marked, with the reason,
    who annulled it and when; the move it made was undone."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Within the organization")
        IN = "in", _("Transferred in")
        OUT = "out", _("Transferred out")
        TEMPORARY = "temporary", _("Temporary transfer")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    kind = CleanCharField(_("kind"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("date"))
    from_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, related_name="+")
    to_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, related_name="+")
    external_unit = CleanCharField(_("outside unit"), max_length=300, blank=True)
    decision = CleanCharField(_("decision"), max_length=200, blank=True)
    letter_number = CleanCharField(_("letter number"), max_length=60, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    end = models.DateField(_("expected end"), null=True, blank=True)
    for_study = models.BooleanField(_("for study"), default=False)
    annulled = models.BooleanField(_("annulled"), default=False)
    annul_reason = CleanTextField(_("reason for annulling"), max_length=300, blank=True)
    annulled_at = models.DateTimeField(null=True, blank=True)
    annulled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["on", "id"]


class Interruption(models.Model):
    """A period outside Party life not shown by a status: lost contact, a gap in transfer."""

    class Reason(models.TextChoices):
        LOST_CONTACT = "lost_contact", _("Lost contact")
        TRANSFER_GAP = "transfer_gap", _("Gap during transfer")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="interruptions")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    reason = CleanCharField(_("reason"), max_length=20, choices=Reason.choices)

    class Meta:
        ordering = ["start"]
        constraints = [models.CheckConstraint(
            condition=Q(end__gt=models.F("start")), name="interruption_order",
            violation_error_message=_("An interruption must end after it starts."),
            violation_error_code="interruption_order",
        )]


class CommitteeSeat(models.Model):
    """A seat on a committee held by a member over (part of) its term."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        STANDING_MEMBER = "standing_member", _("Standing committee member")
        COMMITTEE_MEMBER = "committee_member", _("Committee member")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="seats")
    role = CleanCharField(_("role"), max_length=20, choices=Role.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    decision = CleanCharField(_("decision"), max_length=200, blank=True)
    end_reason = CleanCharField(_("reason for ending"), max_length=300, blank=True)

    class Meta:
        ordering = ["start", "id"]
