"""Reads of the rating rounds, scoped by the actor: a round is seen under the subtree of its
grassroots organization (and by the levels above it); a rating under its unit's subtree or
its round's. Outside the scope: ``NotFound``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dangvu.core.errors import get_or_not_found, refusal
from dangvu.orgs.models import Organization, under
from dangvu.orgs.scope import require_read, scope_path

from . import rules, services
from .models import LEVELS, Level, Rating, RatingRound, RuleSet


def _scoped(qs, actor, field: str):
    prefix = scope_path(actor)
    if prefix is None:
        return qs.none()
    return qs.filter(under(prefix, field)) if prefix else qs


def rule_sets():
    return RuleSet.objects.all()


def rule_set_for(year: int) -> RuleSet | None:
    return rules.rule_set_for(year)


def round_list(*, actor, year: int | None = None, organization: Organization | None = None):
    """The rounds of the grassroots organizations in the actor's subtree (narrowed to
    `organization`'s subtree and to `year`), latest year first, each with its counts."""
    qs = _scoped(RatingRound.objects.select_related("organization", "rule_set"), actor, "organization__path")
    if organization is not None:
        require_read(actor, organization.path)
        qs = qs.filter(under(organization.path, "organization__path"))
    if year:
        qs = qs.filter(year=year)
    rated = Q(ratings__not_rated="")
    return qs.annotate(
        members=Count("ratings", filter=rated & Q(ratings__member__isnull=False)),
        organizations=Count("ratings", filter=Q(ratings__organization__isnull=False)),
        proposed=Count("ratings", filter=rated & ~Q(ratings__proposed_level="")),
        decided=Count("ratings", filter=rated & ~Q(ratings__level="")),
        to_rate=Count("ratings", filter=rated),
    ).order_by("-year", "organization__path")


def round_years(*, actor) -> list[int]:
    qs = _scoped(RatingRound.objects.all(), actor, "organization__path")
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


def round_get(*, actor, pk: int) -> RatingRound:
    qs = _scoped(RatingRound.objects.select_related("organization", "organization__parent", "rule_set"), actor,
                 "organization__path")
    return get_or_not_found(qs, pk=pk)


def round_ratings(*, rating_round: RatingRound) -> list[Rating]:
    """The ratings of a round (already read through the scope): organizations first (the
    grassroots organization, then its cells), then members by name."""
    qs = (Rating.objects.filter(round=rating_round)
          .select_related("member", "organization", "unit", "round", "round__rule_set", "round__organization"))
    orgs = sorted((r for r in qs if r.organization_id), key=lambda r: r.organization.path)
    members = sorted((r for r in qs if r.member_id), key=lambda r: (bytes(r.member.name_sort_key), r.member_id))
    return orgs + members


def round_cap(*, rating_round: RatingRound) -> tuple[str, str]:
    """The cap's state in words and as "ok" | "near" | "full" | "over"."""
    return rules.cap_text(rule_set=rating_round.rule_set, share_=rating_round.share,
                          counts=services.member_counts(rating_round))


def rating_get(*, actor, pk: int) -> Rating:
    qs = Rating.objects.select_related("member", "organization", "unit", "round", "round__rule_set",
                                       "round__organization", "round__organization__parent")
    return get_or_not_found(_scoped(qs, actor, "round__organization__path") | _scoped(qs, actor, "unit__path"),
                            pk=pk)


def rating_propose_refusal(*, actor, rating: Rating) -> str:
    return services.rating_propose_refusal(actor=actor, rating=rating)


def rating_decide_refusal(*, actor, rating: Rating) -> str:
    return services.rating_decide_refusal(actor=actor, rating=rating)


def round_open_refusal(*, actor, organization: Organization, year: int) -> str:
    return services.round_open_refusal(actor=actor, organization=organization, year=year)


def proposal_refusal(*, rating: Rating, level: str, score: Decimal | None = None, tasks: int = 0,
                     tasks_late: int = 0, tasks_not_done: int = 0, beyond: Decimal | None = None) -> str:
    """What the rules say of a proposal as it is being typed ("" if it passes), the same
    words the service refuses with."""
    return refusal(services.rating_check, rating=rating, level=level, score=score, tasks=tasks,
                   tasks_late=tasks_late, tasks_not_done=tasks_not_done, beyond=beyond)


# The statistical form of review results (Biểu 6F-like)

KIND_ROWS = [
    ("grassroots_committee", [Organization.Kind.GRASSROOTS_COMMITTEE]),
    ("grassroots_cell", [Organization.Kind.GRASSROOTS_CELL]),
    ("cell", [Organization.Kind.CELL, Organization.Kind.SUB_COMMITTEE]),
]


@dataclass
class SummaryRow:
    key: str
    label: str
    to_rate: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    not_rated: dict[str, int] = field(default_factory=dict)
    undecided: int = 0

    @property
    def rated(self) -> int:
        return sum(self.levels.values())

    @property
    def good_or_above(self) -> int:
        return self.levels.get(Level.EXCELLENT, 0) + self.levels.get(Level.GOOD, 0)

    @property
    def excused(self) -> int:
        return sum(self.not_rated.values())

    def share(self, count: int) -> Decimal | None:
        return rules.share(count, self.rated)

    @property
    def level_counts(self) -> list[int]:
        return [self.levels.get(level, 0) for level in LEVELS]

    @property
    def reason_counts(self) -> list[int]:
        return [self.not_rated.get(reason, 0) for reason in Rating.NotRated.values]


@dataclass
class Summary:
    organization: Organization
    year: int
    rule_set: RuleSet | None
    rows: list[SummaryRow]


def summary(*, actor, organization: Organization, year: int) -> Summary:
    """The review results of `year` in `organization`'s subtree: per kind of organization and
    for the members, to be rated, rated by level, not rated by reason, not decided yet. One
    grouped query."""
    require_read(actor, organization.path)
    labels = {"grassroots_committee": _("Grassroots Party committees"), "grassroots_cell": _("Grassroots Party cells"),
              "cell": _("Cells and sub-committees under a grassroots committee"), "members": _("Party members")}
    rows = {key: SummaryRow(key, labels[key]) for key in [*(k for k, _kinds in KIND_ROWS), "members"]}
    kind_of = {kind: key for key, kinds in KIND_ROWS for kind in kinds}
    qs = (Rating.objects.filter(under(organization.path, "unit__path"), round__year=year)
          .values("member_id", "organization__kind", "level", "not_rated").order_by()
          .annotate(n=Count("id")))
    for r in qs:
        key = "members" if r["member_id"] else kind_of.get(r["organization__kind"])
        if key is None:
            continue
        row = rows[key]
        row.to_rate += r["n"]
        if r["not_rated"]:
            row.not_rated[r["not_rated"]] = row.not_rated.get(r["not_rated"], 0) + r["n"]
        elif r["level"]:
            row.levels[r["level"]] = row.levels.get(r["level"], 0) + r["n"]
        else:
            row.undecided += r["n"]
    return Summary(organization=organization, year=year, rule_set=rules.rule_set_for(year), rows=list(rows.values()))


def grassroots_choices(*, actor):
    """The organizations a summary or a round can be asked for: the actor's subtree down to
    the grassroots organizations."""
    prefix = scope_path(actor)
    if prefix is None:
        return Organization.objects.none()
    qs = Organization.objects.exclude(kind__in=services.CELL_KINDS)
    return (qs.filter(under(prefix)) if prefix else qs).order_by("path")


def organization_by_code(*, actor, code: str) -> Organization:
    return get_or_not_found(grassroots_choices(actor=actor), code=code)


# For the commendation registers (awards): levels decided, by subject and year, unscoped
# (the caller scopes the subjects it asks about).

def decided_levels(*, organization_ids=None, member_ids=None, first_year: int, last_year: int
                   ) -> dict[tuple[int, int], str]:
    """{(subject id, year): level decided} of the organizations `organization_ids` (or of the
    members `member_ids`) for `first_year`..`last_year`. One query."""
    qs = Rating.objects.filter(round__year__gte=first_year, round__year__lte=last_year).exclude(level="")
    if organization_ids is not None:
        rows = qs.filter(organization_id__in=list(organization_ids)).values_list("organization_id", "round__year",
                                                                                 "level")
    else:
        rows = qs.filter(member_id__in=list(member_ids or [])).values_list("member_id", "round__year", "level")
    return {(subject, year): level for subject, year, level in rows}


def rated_excellent(*, prefix: str, year: int, members: bool):
    """The ratings decided excellent for `year` whose unit lies under `prefix` (members, or
    organizations), with their subject."""
    qs = (Rating.objects.filter(under(prefix, "unit__path"), round__year=year, level=Level.EXCELLENT)
          .select_related("member", "member__organization", "organization", "unit"))
    return qs.filter(member__isnull=not members)
