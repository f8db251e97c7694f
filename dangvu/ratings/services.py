"""Writes to the rating records. Each checks permission and the rules, and audits in the same
transaction.

Who writes: a round is opened by an organization over its subtree (one round per grassroots
organization and year). The self-assessment and the appraisal (proposed level) of a member
or a cell are written for its unit (the cell); the decision by the competent level: the
grassroots organization for its members and cells, the level above it for the grassroots
organization itself.

The cap on excellent members is counted inside the grassroots organization's round: every
write that changes a member's level locks the round's row first (``select_for_update``), so
that two appraisers proposing "excellent" at once are counted one after the other.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Case, Count, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core import audit
from dangvu.core.errors import RuleViolation, refusal
from dangvu.inspections.selectors import disciplined_in_year
from dangvu.members.models import IN_PARTY, Member
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, under
from dangvu.orgs.scope import require_write

from . import facts as facts_
from . import rules
from .models import Level, Rating, RatingExemption, RatingRound

RATING_FIELDS = ["self_level", "self_note", "proposed_level", "score", "automatic", "proposal_note", "level",
                 "decision_note"]
ADMITTED_MONTHS = 6
CELL_KINDS = (Organization.Kind.CELL, Organization.Kind.SUB_COMMITTEE)


# Opening a round

def _grassroots_in(organization: Organization, year: int):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (Organization.objects.filter(under(organization.path), kind__in=GRASSROOTS_KINDS, established_on__lte=end)
            .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start)).order_by("path"))


def _check_round_open(*, actor, organization: Organization, year: int, today: datetime.date | None = None) -> None:
    require_write(actor, organization)
    today = today or timezone.localdate()
    if year > today.year:
        raise RuleViolation(_("A rating round for %(year)s cannot be opened before the year begins.") % {
            "year": year}, code="round_year_future")
    if rules.rule_set_for(year) is None:
        raise RuleViolation(_("No rating rule set governs %(year)s.") % {"year": year}, code="no_rule_set")
    if organization.kind in CELL_KINDS:
        raise RuleViolation(_("%(org)s is rated inside its grassroots organization: open the round there.") % {
            "org": organization.name}, code="round_below_grassroots")
    orgs = _grassroots_in(organization, year)
    if not orgs.exists():
        raise RuleViolation(_("%(org)s has no grassroots organization to rate in %(year)s.") % {
            "org": organization.name, "year": year}, code="round_nothing_to_rate")
    if not orgs.exclude(rating_rounds__year=year).exists():
        raise RuleViolation(_("The rating round of %(year)s is already open for every grassroots organization of "
                              "%(org)s.") % {"org": organization.name, "year": year}, code="round_exists")


def round_open_refusal(*, actor, organization: Organization, year: int) -> str:
    return refusal(_check_round_open, actor=actor, organization=organization, year=year)


def subjects(grassroots: Organization, year: int, rule_set) -> tuple[list[Organization], list[tuple[Member, str]]]:
    """The organizations rated in a grassroots organization's round (itself, and its cells and
    sub-committees where the rule set rates them) and its members with the reason each is
    not rated ("" for those rated): admitted less than 6 months before the end of the year,
    exempt or suspended (``RatingExemption``). Members on the rolls now, admitted by the end
    of the year."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    orgs = [grassroots]
    if rule_set.rates_cells and grassroots.kind == Organization.Kind.GRASSROOTS_COMMITTEE:
        orgs += list(Organization.objects.filter(under(grassroots.path), kind__in=CELL_KINDS, established_on__lte=end)
                     .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start)).order_by("path"))
    members = list(Member.objects.filter(under(grassroots.path, "organization__path"), on_roll=True,
                                         status__in=IN_PARTY, admission_decision_date__lte=end)
                   .order_by("name_sort_key", "id"))
    exempt = dict(RatingExemption.objects.filter(year=year, member__in=members).values_list("member_id", "reason"))
    recent = end - relativedelta(months=ADMITTED_MONTHS)
    out = []
    for m in members:
        reason = exempt.get(m.pk, "")
        if not reason and m.admission_decision_date > recent:
            reason = Rating.NotRated.ADMITTED_RECENTLY
        out.append((m, reason))
    return orgs, out


@transaction.atomic
def round_open(*, actor, organization: Organization, year: int, today: datetime.date | None = None
               ) -> list[RatingRound]:
    """Open the rating round of `year` for every grassroots organization of `organization`'s
    subtree that has none yet, with a rating row for every subject (``subjects``)."""
    today = today or timezone.localdate()
    _check_round_open(actor=actor, organization=organization, year=year, today=today)
    rule_set = rules.rule_set_for(year)
    rounds = []
    for grassroots in _grassroots_in(organization, year).exclude(rating_rounds__year=year):
        rnd = RatingRound.objects.create(organization=grassroots, year=year, rule_set=rule_set, opened_on=today)
        orgs, members = subjects(grassroots, year, rule_set)
        Rating.objects.bulk_create(
            [Rating(round=rnd, organization=o, unit=o) for o in orgs]
            + [Rating(round=rnd, member=m, unit_id=m.organization_id, not_rated=reason) for m, reason in members])
        audit.record(actor=actor, action="rating_round.open", obj=rnd, scope_path=grassroots.path,
                     note=_("%(rule)s; %(orgs)s organizations, %(members)s members") % {
                         "rule": rule_set.name, "orgs": len(orgs), "members": len(members)})
        rounds.append(rnd)
    return rounds


# The steps of a rating

def competent_level(rating: Rating) -> Organization:
    """The level deciding a rating: the grassroots organization for its members and cells,
    the level above it for the grassroots organization itself."""
    grassroots = rating.round.organization
    if rating.organization_id == grassroots.pk:
        return grassroots.parent or grassroots
    return grassroots


def _check_open(rating: Rating) -> None:
    if rating.not_rated:
        raise RuleViolation(_("%(name)s is not rated in %(year)s: %(reason)s.") % {
            "name": rating.subject_name, "year": rating.round.year, "reason": rating.get_not_rated_display()},
            code="not_to_be_rated")
    if rating.level:
        raise RuleViolation(_("The rating of %(name)s for %(year)s is already decided (%(level)s).") % {
            "name": rating.subject_name, "year": rating.round.year, "level": rating.get_level_display()},
            code="already_decided")


def _check_appraise(*, actor, rating: Rating) -> None:
    require_write(actor, rating.unit)
    _check_open(rating)


def rating_propose_refusal(*, actor, rating: Rating) -> str:
    return refusal(_check_appraise, actor=actor, rating=rating)


def _check_decide(*, actor, rating: Rating) -> None:
    require_write(actor, competent_level(rating))
    _check_open(rating)
    if not rating.proposed_level:
        raise RuleViolation(_("%(name)s has no proposed level yet: the appraisal comes before the decision.") % {
            "name": rating.subject_name}, code="not_proposed")


def rating_decide_refusal(*, actor, rating: Rating) -> str:
    return refusal(_check_decide, actor=actor, rating=rating)


def _lock(rating: Rating) -> Rating:
    """Lock the round's row (the cap is counted under it), then read the rating afresh."""
    RatingRound.objects.select_for_update().filter(pk=rating.round_id).values_list("pk", flat=True).get()
    return Rating.objects.select_related("round", "round__rule_set", "round__organization", "member",
                                         "organization", "unit").get(pk=rating.pk)


def member_counts(rnd: RatingRound, *, excluding: int | None = None) -> dict[str, int]:
    """{level: members} of a round at their current level (decided, else proposed)."""
    qs = Rating.objects.filter(round=rnd, member__isnull=False, not_rated="")
    if excluding:
        qs = qs.exclude(pk=excluding)
    current = Case(When(level="", then=F("proposed_level")), default=F("level"))
    rows = qs.annotate(current=current).values("current").order_by().annotate(n=Count("id"))
    return {r["current"]: r["n"] for r in rows if r["current"]}


def _check_cap(rating: Rating, level: str) -> None:
    if not rating.is_member:
        return
    rnd = rating.round
    counts = member_counts(rnd, excluding=rating.pk)
    before = dict(counts)
    counts[level] = counts.get(level, 0) + 1
    if rating.current_level:
        before[rating.current_level] = before.get(rating.current_level, 0) + 1
    if counts == before:
        return
    rules.check_cap(rule_set=rnd.rule_set, share_=rnd.share, counts=counts)


def _facts(rating: Rating, *, tasks: int = 0, tasks_late: int = 0, tasks_not_done: int = 0,
           beyond: Decimal | None = None) -> rules.Facts:
    year = rating.round.year
    disciplined = disciplined_in_year(year)
    if rating.is_member:
        return facts_.member_facts(rating.member_id, disciplined, tasks=tasks, tasks_late=tasks_late,
                                   tasks_not_done=tasks_not_done, beyond=beyond)
    return facts_.organization_facts(rating.organization, year, disciplined)


def _check_level_choice(level: str) -> None:
    if level not in Level.values:
        raise RuleViolation(_("Choose one of the four levels."), code="level_unknown")


@transaction.atomic
def rating_self_assess(*, actor, rating: Rating, level: str, note: str = "") -> Rating:
    """Record the subject's self-assessment (a level and what it says)."""
    rating = _lock(rating)
    _check_appraise(actor=actor, rating=rating)
    _check_level_choice(level)
    old = audit.snapshot(rating, RATING_FIELDS)
    rating.self_level, rating.self_note = level, note.strip()
    rating.save(update_fields=["self_level", "self_note"])
    audit.record(actor=actor, action="rating.self_assess", obj=rating, scope_path=rating.unit.path,
                 changes=audit.diff(old, audit.snapshot(rating, RATING_FIELDS)))
    return rating


def rating_check(*, rating: Rating, level: str, score: Decimal | None = None, tasks: int = 0, tasks_late: int = 0,
                 tasks_not_done: int = 0, beyond: Decimal | None = None) -> tuple[rules.Facts, list[str]]:
    """The rules a proposal of `level` must pass (without writing): the facts read, the
    automatic cases. Raises the refusal that names the rule and its numbers."""
    _check_level_choice(level)
    if min(tasks, tasks_late, tasks_not_done) < 0 or tasks_late + tasks_not_done > tasks:
        raise RuleViolation(_("Tasks late and not done are among the tasks of the year (%(tasks)s).") % {
            "tasks": tasks}, code="tasks_inconsistent")
    facts = _facts(rating, tasks=tasks, tasks_late=tasks_late, tasks_not_done=tasks_not_done, beyond=beyond)
    rule_set = rating.round.rule_set
    cases = rules.check_level(rule_set=rule_set, level=level, score=score, facts=facts, year=rating.round.year)
    _check_cap(rating, level)
    return facts, cases


@transaction.atomic
def rating_propose(*, actor, rating: Rating, level: str, score: Decimal | None = None, note: str = "",
                   tasks: int = 0, tasks_late: int = 0, tasks_not_done: int = 0, beyond: Decimal | None = None,
                   points: dict | None = None) -> Rating:
    """The appraisal: propose a level (with the score under a scored rule set: given, or the
    sum of `points` per item of the criteria catalog). An automatic case proposes "not
    completed" with its reason; a member's level counts toward the cap."""
    rating = _lock(rating)
    _check_appraise(actor=actor, rating=rating)
    rule_set = rating.round.rule_set
    if points and rule_set.scored:
        subject = "member" if rating.is_member else "collective"
        score = rules.check_items(rule_set=rule_set, criteria=criteria_for(rule_set, subject, rating.round.year),
                                  points=points)
    facts, cases = rating_check(rating=rating, level=level, score=score, tasks=tasks, tasks_late=tasks_late,
                                tasks_not_done=tasks_not_done, beyond=beyond)
    old = audit.snapshot(rating, RATING_FIELDS)
    rating.proposed_level, rating.score, rating.proposal_note = level, score, note.strip()
    rating.automatic = "; ".join(cases)
    rating.facts = facts.as_json()
    rating.proposed_by = actor if getattr(actor, "pk", None) else None
    rating.save(update_fields=["proposed_level", "score", "proposal_note", "automatic", "facts", "proposed_by"])
    audit.record(actor=actor, action="rating.propose", obj=rating, scope_path=rating.unit.path,
                 changes=audit.diff(old, audit.snapshot(rating, RATING_FIELDS)))
    return rating


def criteria_for(rule_set, subject: str, year: int):
    return rule_set.criteria.filter(subject=subject, first_year__lte=year).exclude(last_year__lt=year)


@transaction.atomic
def rating_decide(*, actor, rating: Rating, level: str, note: str = "") -> Rating:
    """The decision of the competent level. A level other than the proposal (an automatic
    case overridden, for a self-found and remedied violation) needs its reason."""
    rating = _lock(rating)
    _check_decide(actor=actor, rating=rating)
    _check_level_choice(level)
    note = note.strip()
    if level != rating.proposed_level and not note:
        raise RuleViolation(_("The decision changes the proposed level (%(proposed)s) to %(level)s: give the "
                              "reason.") % {"proposed": rating.get_proposed_level_display(),
                                            "level": rules.level_label(level)}, code="decision_reason_required")
    _check_cap(rating, level)
    old = audit.snapshot(rating, RATING_FIELDS)
    rating.level, rating.decision_note = level, note
    rating.decided_by = actor if getattr(actor, "pk", None) else None
    rating.decided_at = timezone.now()
    rating.save(update_fields=["level", "decision_note", "decided_by", "decided_at"])
    audit.record(actor=actor, action="rating.decide", obj=rating, scope_path=rating.unit.path,
                 changes=audit.diff(old, audit.snapshot(rating, RATING_FIELDS)))
    return rating


@transaction.atomic
def round_cap_allow(*, actor, rating_round: RatingRound, share: Decimal, note: str) -> RatingRound:
    """The competent level (the level above the grassroots organization) allows a higher share
    of excellent members, up to the rule set's maximum, with its reason."""
    rnd = RatingRound.objects.select_for_update().select_related("rule_set", "organization").get(pk=rating_round.pk)
    require_write(actor, rnd.organization.parent or rnd.organization)
    rule_set = rnd.rule_set
    if share < rule_set.cap_share or share > rule_set.cap_max_share:
        raise RuleViolation(_("%(rule)s: the share of excellent members may be raised from %(share)s%% up to "
                              "%(max)s%%, not %(given)s%%.") % {
            "rule": rule_set.name, "share": rules.pct(rule_set.cap_share), "max": rules.pct(rule_set.cap_max_share),
            "given": rules.pct(share)}, code="cap_share_out_of_range")
    if not note.strip():
        raise RuleViolation(_("Give the reason for allowing a higher share."), code="cap_reason_required")
    old = {"cap_share": str(rnd.share)}
    rnd.cap_share, rnd.cap_note = share, note.strip()
    rnd.save(update_fields=["cap_share", "cap_note"])
    audit.record(actor=actor, action="rating_round.cap", obj=rnd, scope_path=rnd.organization.path,
                 changes=audit.diff(old, {"cap_share": str(share)}), note=rnd.cap_note)
    return rnd


@transaction.atomic
def exemption_create(*, actor, member: Member, year: int, reason: str, note: str = "") -> RatingExemption:
    """Record that `member` is not rated for `year` (exempt or suspended); an open rating of
    that year not yet decided becomes "not rated" with the reason."""
    require_write(actor, member.organization)
    if reason not in RatingExemption.Reason.values:
        raise RuleViolation(_("Choose why the member is not rated."), code="exemption_reason_unknown")
    if RatingExemption.objects.filter(member=member, year=year).exists():
        raise RuleViolation(_("%(name)s is already recorded as not rated in %(year)s.") % {
            "name": member.full_name, "year": year}, code="exemption_exists")
    exemption = RatingExemption.objects.create(member=member, year=year, reason=reason, note=note.strip())
    Rating.objects.filter(member=member, round__year=year, level="").update(
        not_rated=reason, proposed_level="", score=None, automatic="")
    audit.record(actor=actor, action="rating_exemption.create", obj=exemption, scope_path=member.organization.path,
                 note=f"{year}: {exemption.get_reason_display()}")
    return exemption


