from django.contrib.auth.models import AbstractUser
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.fields import CleanCharField

SEGMENT_WIDTH = 8


def path_segment(pk: int) -> str:
    """One level of a materialized path: the id, zero padded, and a dot."""
    return f"{pk:0{SEGMENT_WIDTH}d}."


def path_ids(path: str) -> list[int]:
    """The ids along a path, root first."""
    return [int(p) for p in path.split(".") if p]


# Subtree reads. A path's subtree is every path starting with it. PostgreSQL serves
# `LIKE 'prefix%'` from the varchar_pattern_ops indexes on the path columns; SQLite never
# serves a LIKE from an index (Django's startswith adds an ESCAPE clause, and SQLite's LIKE
# ignores case), but it serves the range of the paths that start with the prefix:
# prefix <= path < the prefix with its last character incremented ("…02." to "…02/":
# every path under it carries the "." there, which sorts before "/").

def subtree_range(prefix: str) -> tuple[str, str]:
    """(low, high): the paths starting with `prefix` are exactly low <= path < high
    (for the empty prefix: every path, digits and dots all sorting before "~")."""
    if not prefix:
        return "", "~"
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def under(prefix: str, field: str = "path") -> Q:
    """Rows whose `field` (a path: "path", "organization__path", a placement's "path", ...)
    lies in the subtree of `prefix`, the prefix's own row included: the one subtree filter,
    in the form each database serves from its path index. An empty prefix is everything."""
    if not prefix:
        return Q()
    if connection.vendor == "sqlite":
        low, high = subtree_range(prefix)
        return Q(**{f"{field}__gte": low, f"{field}__lt": high})
    return Q(**{f"{field}__startswith": prefix})


def under_sql(column: str, key: str) -> str:
    """`under` for raw SQL: `column` lies in the subtree given by the named parameters
    `under_params(key, prefix)` (``%(key)s``-style placeholders)."""
    if connection.vendor == "sqlite":
        return f"({column} >= %({key}_low)s AND {column} < %({key}_high)s)"
    return f"{column} LIKE %({key})s"


def under_params(key: str, prefix: str) -> dict[str, str]:
    """The named parameters of `under_sql(column, key)` for the subtree of `prefix`."""
    low, high = subtree_range(prefix)
    return {key: prefix + "%", f"{key}_low": low, f"{key}_high": high}  # digits and dots: nothing to escape


class Organization(models.Model):
    """A Party organization. `parent` is the truth; `path` and `depth` are derived from it."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Provincial Party committee")
        # Until 2025 the provincial bloc committee (Đảng ủy Khối); since the 2025
        # reorganization e.g. the Party committee of the provincial Party agencies.
        BLOC = "bloc", _("Party committee directly under the provincial committee")
        GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee")
        GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party cell")
        SUB_COMMITTEE = "sub_committee", _("Sub-committee")
        CELL = "cell", _("Cell")

    class Sector(models.TextChoices):
        AGENCY = "agency", _("Agencies")
        ENTERPRISE = "enterprise", _("Enterprises")
        PUBLIC_SERVICE = "public_service", _("Public service units")
        COMMUNE = "commune", _("Communes, wards and special zones")
        ARMED_FORCES = "armed_forces", _("Armed forces")

    code = CleanCharField(_("code"), max_length=40, unique=True, error_messages={
        "unique": _("This code is already used by another organization.")})
    name = CleanCharField(_("name"), max_length=300)
    short_name = CleanCharField(_("short name"), max_length=120, blank=True)
    kind = CleanCharField(_("kind"), max_length=30, choices=Kind.choices)
    sector = CleanCharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent organization"),
    )
    path = models.CharField(max_length=255, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    established_on = models.DateField(_("established on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="absorbed",
        verbose_name=_("merged into"),
    )
    name_normalized = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        verbose_name = _("Party organization")
        verbose_name_plural = _("Party organizations")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="org_path_pattern_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "kind"], name="org_parent_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("established_on")),
                name="org_dissolved_after_established",
                violation_error_message=_("An organization cannot be dissolved before it was established."),
                violation_error_code="dissolved_before_established",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


# Which kind may stand under which (None: may be a root). Since July 2025 communes and wards
# are grassroots committees directly under the province.
_K = Organization.Kind
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    _K.PROVINCE: {None},
    _K.BLOC: {None, _K.PROVINCE},
    _K.GRASSROOTS_COMMITTEE: {_K.PROVINCE, _K.BLOC},
    _K.GRASSROOTS_CELL: {_K.PROVINCE, _K.BLOC},
    _K.SUB_COMMITTEE: {_K.GRASSROOTS_COMMITTEE},
    _K.CELL: {_K.GRASSROOTS_COMMITTEE, _K.SUB_COMMITTEE},
}
GRASSROOTS_KINDS = (_K.GRASSROOTS_COMMITTEE, _K.GRASSROOTS_CELL)
# Which kinds an organization may be merged into. The target takes the source's place: the
# source's units then stand under it (so every kind allowed under the source is allowed
# under the target) and the source's members, if it holds any, go to it (so a unit holding
# members goes to a unit holding members). Hence: the same kind; a cell and a grassroots
# cell into one another (a small agency's cell joining the Party organization of the
# department that absorbs it); a sub-committee into a grassroots committee (its cells then
# stand directly under the committee).
MERGE_TARGET_KINDS: dict[str, set[str]] = {
    _K.PROVINCE: {_K.PROVINCE},
    _K.BLOC: {_K.BLOC},
    _K.GRASSROOTS_COMMITTEE: {_K.GRASSROOTS_COMMITTEE},
    _K.GRASSROOTS_CELL: {_K.GRASSROOTS_CELL, _K.CELL},
    _K.SUB_COMMITTEE: {_K.SUB_COMMITTEE, _K.GRASSROOTS_COMMITTEE},
    _K.CELL: {_K.CELL, _K.GRASSROOTS_CELL},
}
del _K


class Placement(models.Model):
    """Where an organization stood in the tree from `valid_from` (inclusive) to `valid_to`
    (exclusive, open when null). The tree as it stood on a date is the set of placements
    valid on that date; their paths give subtree reads by prefix, as for the current tree."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="placements")
    parent = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, related_name="+")
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["path"], name="placement_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["organization", "valid_from"], name="placement_org_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(valid_to__isnull=True), name="one_open_placement",
                violation_error_message=_("An organization stands under one parent at a time."),
                violation_error_code="placement_open",
            ),
        ]


class OrganizationEvent(models.Model):
    """Life events of an organization, shown on its page."""

    class Kind(models.TextChoices):
        ESTABLISHED = "established", _("Established")
        RENAMED = "renamed", _("Renamed")
        MOVED = "moved", _("Moved")
        MERGED = "merged", _("Merged into another organization")
        ABSORBED = "absorbed", _("Absorbed another organization")
        DISSOLVED = "dissolved", _("Dissolved")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    kind = CleanCharField(_("event"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    related = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, related_name="+")
    detail = CleanCharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["on", "id"]


class Committee(models.Model):
    """The executive committee (cấp ủy) of an organization for one term."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="committees")
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))

    class Meta:
        ordering = ["-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term_start"], name="one_committee_per_term",
                violation_error_message=_("This organization already has a committee for a term starting that day."),
                violation_error_code="term_overlap",
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="committee_term_order",
                violation_error_message=_("A term must end after it starts."), violation_error_code="term_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.term_start.year}-{self.term_end.year})"


class User(AbstractUser):
    """An account, bound to one organization: it sees and changes only that subtree."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        STAFF = "staff", _("Staff")
        VIEWER = "viewer", _("Read-only")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("organization"),
    )
    role = CleanCharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    # One field for the whole name, as Vietnamese writes it ("Nguyễn Văn An"); last_name unused.
    first_name = CleanCharField(_("full name"), max_length=150, blank=True)
    # Set by a password reset (a temporary password): every page leads to the change of
    # password until the owner has chosen their own.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(organization__isnull=False),
                name="user_bound_to_organization",
                violation_error_message=_("An account must belong to an organization."),
                violation_error_code="organization_required",
            ),
        ]

    @property
    def can_write(self) -> bool:
        return self.is_superuser or self.role in (User.Role.ADMIN, User.Role.STAFF)

    @property
    def is_admin(self) -> bool:
        """May manage accounts and restructure organizations (in its subtree)."""
        return self.is_superuser or self.role == User.Role.ADMIN

    @property
    def full_name(self) -> str:
        return self.first_name
