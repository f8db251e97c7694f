"""The rules of the yearly rating, read from the rule set of the year (``RuleSet`` rows, seeded
by a data migration; RULES.md, "Annual rating"). A year is judged by its own rule set.

- Automatic "not completed" (``automatic_cases``): a member disciplined in the year (a
  decision dated in the year, whatever the violation's date); a member with over
  ``member_not_done_max``% of the year's tasks not completed; an organization disciplined in
  the year or with a member of its leadership disciplined; over ``units_disciplined_max``%
  of its subordinate units disciplined; under ``targets_met_min``% of its targets met; under
  ``leadership_tasks_min``% of its tasks completed. Each case names the rule set and the
  numbers. The appraisal proposes "not completed" with the reason; the deciding level may
  rate otherwise with a recorded note (self-found, remedied violations).
- Levels by criteria (132, 124): any level but an automatic case's.
- Levels by score (366, ``scored_level``): excellent ≥ 90 with every task done on time,
  ≥ 30% beyond requirement and (a collective) no subordinate unit nor leadership member
  disciplined; good ≥ 70 with every task on time; completed ≥ 50 with every task done and
  at most 20% late; else not completed. The level proposed must be the one the score and
  the facts give (``check_level`` says which condition fails).
- The cap (``check_cap``): members rated excellent at most ``share``% (the round's share:
  the rule set's, or up to its maximum where the competent level allows it) of the members
  rated good (or good or above, as the rule set says), rounded down, inside each grassroots
  organization.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.errors import RuleViolation
from dangvu.core.formatting import share

from .models import Level, RuleSet

HUNDRED = Decimal(100)


def rule_set_for(year: int) -> RuleSet | None:
    """The rule set governing `year` (None: no rule set is recorded for it)."""
    return (RuleSet.objects.filter(first_year__lte=year)
            .exclude(last_year__lt=year).order_by("-first_year").first())


def pct(value: Decimal | None) -> str:
    return formatting.decimal(value, 2) if value is not None else "—"


@dataclass
class Facts:
    """What the rules read about one subject for the year. An organization's come from the
    registers (plans: targets and key tasks; inspections: discipline); a member's discipline
    from inspections, its tasks as the appraisal states them."""

    collective: bool = False
    disciplined: list[str] = field(default_factory=list)  # forms of the decisions dated in the year
    leadership_disciplined: list[str] = field(default_factory=list)  # names
    units: int = 0
    units_disciplined: int = 0
    targets: int = 0  # targets with a final verdict
    targets_met: int = 0
    targets_exceeded: int = 0
    tasks: int = 0
    tasks_late: int = 0  # done after the due date
    tasks_not_done: int = 0
    beyond: Decimal | None = None  # % beyond requirement (a member's, as stated)

    @property
    def beyond_share(self) -> Decimal | None:
        if self.beyond is not None:
            return self.beyond
        return share(self.targets_exceeded, self.targets)

    def as_json(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if v not in (None, [], 0, False)}
        if self.beyond is not None:
            out["beyond"] = str(self.beyond)
        return out

    @classmethod
    def from_json(cls, data: dict) -> Facts:
        data = dict(data or {})
        if "beyond" in data:
            data["beyond"] = Decimal(data["beyond"])
        return cls(**data)


def level_label(level: str) -> str:
    return str(Level(level).label)


def automatic_cases(rule_set: RuleSet, facts: Facts, year: int) -> list[str]:
    """Why the subject is "not completed" whatever the appraisal (empty: no such case)."""
    rule = rule_set.name
    out = []
    if facts.disciplined and (facts.collective and rule_set.leadership_disciplined_fails
                              or not facts.collective and rule_set.member_disciplined_fails):
        out.append(_("%(rule)s: disciplined in %(year)s (%(forms)s)") % {
            "rule": rule, "year": year, "forms": ", ".join(facts.disciplined)})
    if facts.collective:
        if rule_set.leadership_disciplined_fails and facts.leadership_disciplined:
            out.append(_("%(rule)s: a member of its leadership disciplined in %(year)s (%(names)s)") % {
                "rule": rule, "year": year, "names": ", ".join(facts.leadership_disciplined)})
        units_share = share(facts.units_disciplined, facts.units)
        if rule_set.units_disciplined_max is not None and units_share is not None \
                and units_share > rule_set.units_disciplined_max:
            out.append(_("%(rule)s: %(n)s of %(total)s subordinate units disciplined in %(year)s, over %(max)s%%") % {
                "rule": rule, "n": facts.units_disciplined, "total": facts.units, "year": year,
                "max": pct(rule_set.units_disciplined_max)})
        met = share(facts.targets_met, facts.targets)
        if rule_set.targets_met_min is not None and met is not None and met < rule_set.targets_met_min:
            out.append(_("%(rule)s: %(n)s of %(total)s targets met (%(share)s%%), under %(min)s%%") % {
                "rule": rule, "n": facts.targets_met, "total": facts.targets, "share": pct(met),
                "min": pct(rule_set.targets_met_min)})
        done = share(facts.tasks - facts.tasks_not_done, facts.tasks)
        if rule_set.leadership_tasks_min is not None and done is not None and done < rule_set.leadership_tasks_min:
            out.append(_("%(rule)s: %(n)s of %(total)s tasks of the year completed (%(share)s%%), under %(min)s%%") % {
                "rule": rule, "n": facts.tasks - facts.tasks_not_done, "total": facts.tasks, "share": pct(done),
                "min": pct(rule_set.leadership_tasks_min)})
    else:
        not_done = share(facts.tasks_not_done, facts.tasks)
        if rule_set.member_not_done_max is not None and not_done is not None \
                and not_done > rule_set.member_not_done_max:
            out.append(_("%(rule)s: %(n)s of %(total)s tasks of the year not completed (%(share)s%%), over %(max)s%%") % {
                "rule": rule, "n": facts.tasks_not_done, "total": facts.tasks, "share": pct(not_done),
                "max": pct(rule_set.member_not_done_max)})
    return out


def _score_conditions(rule_set: RuleSet, level: str, score: Decimal, facts: Facts) -> str:
    """Why `level` is not reached with `score` and `facts` ("" if it is)."""
    rule = rule_set.name
    label = level_label(level)
    late = facts.tasks_late + facts.tasks_not_done
    if level == Level.EXCELLENT:
        if score < rule_set.excellent_score:
            return _("%(rule)s: \"%(level)s\" needs a score of %(min)s or more, not %(score)s") % {
                "rule": rule, "level": label, "min": pct(rule_set.excellent_score), "score": pct(score)}
        if late:
            return _("%(rule)s: \"%(level)s\" needs every task done on time (%(late)s of %(total)s late or not done)") % {
                "rule": rule, "level": label, "late": late, "total": facts.tasks}
        beyond = facts.beyond_share
        if rule_set.excellent_beyond_min is not None and (beyond is None or beyond < rule_set.excellent_beyond_min):
            return _("%(rule)s: \"%(level)s\" needs at least %(min)s%% of results beyond requirement (%(share)s%%)") % {
                "rule": rule, "level": label, "min": pct(rule_set.excellent_beyond_min), "share": pct(beyond)}
        if facts.collective and (facts.units_disciplined or facts.leadership_disciplined):
            return _("%(rule)s: \"%(level)s\" needs no subordinate unit nor leadership member disciplined "
                     "(%(units)s units, %(leaders)s leadership members disciplined)") % {
                "rule": rule, "level": label, "units": facts.units_disciplined,
                "leaders": len(facts.leadership_disciplined)}
        return ""
    if level == Level.GOOD:
        if score < rule_set.good_score:
            return _("%(rule)s: \"%(level)s\" needs a score of %(min)s or more, not %(score)s") % {
                "rule": rule, "level": label, "min": pct(rule_set.good_score), "score": pct(score)}
        if late:
            return _("%(rule)s: \"%(level)s\" needs every task done on time (%(late)s of %(total)s late or not done)") % {
                "rule": rule, "level": label, "late": late, "total": facts.tasks}
        return ""
    if level == Level.ADEQUATE:
        if score < rule_set.adequate_score:
            return _("%(rule)s: \"%(level)s\" needs a score of %(min)s or more, not %(score)s") % {
                "rule": rule, "level": label, "min": pct(rule_set.adequate_score), "score": pct(score)}
        late_share = share(facts.tasks_late, facts.tasks)
        if facts.tasks_not_done or (rule_set.adequate_late_max is not None and late_share is not None
                                    and late_share > rule_set.adequate_late_max):
            return _("%(rule)s: \"%(level)s\" needs every task done, at most %(max)s%% late "
                     "(%(late)s late, %(not_done)s not done of %(total)s)") % {
                "rule": rule, "level": label, "max": pct(rule_set.adequate_late_max), "late": facts.tasks_late,
                "not_done": facts.tasks_not_done, "total": facts.tasks}
        return ""
    return ""


def scored_level(rule_set: RuleSet, score: Decimal, facts: Facts) -> str:
    """The level a score and the facts give under a scored rule set (automatic cases aside)."""
    for level in (Level.EXCELLENT, Level.GOOD, Level.ADEQUATE):
        if not _score_conditions(rule_set, level, score, facts):
            return level
    return Level.FAILED


def check_level(*, rule_set: RuleSet, level: str, score: Decimal | None, facts: Facts, year: int) -> list[str]:
    """Refuse a proposed `level` the rules do not give; returns the automatic cases (the
    reasons recorded with a "not completed" proposal)."""
    cases = automatic_cases(rule_set, facts, year)
    if cases and level != Level.FAILED:
        raise RuleViolation(_("%(case)s: the level proposed is \"%(failed)s\"; the deciding level may rate otherwise "
                              "with a note.") % {"case": cases[0], "failed": level_label(Level.FAILED)},
                            code="automatic_not_completed")
    if not rule_set.scored:
        if score is not None:
            raise RuleViolation(_("%(rule)s rates by criteria, without a score.") % {"rule": rule_set.name},
                                code="score_not_used")
        return cases
    if score is None:
        raise RuleViolation(_("%(rule)s: give the score out of 100.") % {"rule": rule_set.name},
                            code="score_required")
    if not Decimal(0) <= score <= HUNDRED:
        raise RuleViolation(_("%(rule)s: the score is out of 100, not %(score)s.") % {
            "rule": rule_set.name, "score": pct(score)}, code="score_out_of_range")
    if cases:
        return cases
    why = _score_conditions(rule_set, level, score, facts)
    if why:
        raise RuleViolation(why, code="level_not_reached")
    given = scored_level(rule_set, score, facts)
    if given != level:
        raise RuleViolation(_("%(rule)s: a score of %(score)s with these results gives \"%(given)s\", "
                              "not \"%(level)s\".") % {"rule": rule_set.name, "score": pct(score),
                                                       "given": level_label(given), "level": level_label(level)},
                            code="level_not_scored")
    return cases


def check_items(*, rule_set: RuleSet, criteria, points: dict) -> Decimal:
    """The score from points per item of the criteria catalog (`points`: {criterion id:
    points}); each item at most its points, each group at most its total."""
    total = {"common": Decimal(0), "results": Decimal(0)}
    for criterion in criteria:
        given = Decimal(points.get(criterion.pk, 0) or 0)
        if given < 0 or given > criterion.points:
            raise RuleViolation(_("%(rule)s: \"%(item)s\" is worth at most %(max)s points, not %(given)s.") % {
                "rule": rule_set.name, "item": criterion.name, "max": pct(criterion.points), "given": pct(given)},
                code="criterion_points")
        total[criterion.group] += given
    for group, limit in (("common", rule_set.common_points), ("results", rule_set.results_points)):
        if total[group] > limit:
            raise RuleViolation(_("%(rule)s: the points of a group are at most %(max)s, not %(given)s.") % {
                "rule": rule_set.name, "max": pct(limit), "given": pct(total[group])}, code="group_points")
    return total["common"] + total["results"]


# The cap

def cap_base(rule_set: RuleSet, counts: dict[str, int]) -> int:
    base = counts.get(Level.GOOD, 0)
    if rule_set.cap_base == RuleSet.CapBase.GOOD_OR_ABOVE:
        base += counts.get(Level.EXCELLENT, 0)
    return base


def cap_limit(share_: Decimal, base: int) -> int:
    """The most excellent members `share_`% of `base` allows (rounded down)."""
    return math.floor(Decimal(base) * share_ / HUNDRED)


def check_cap(*, rule_set: RuleSet, share_: Decimal, counts: dict[str, int]) -> None:
    """Refuse member levels (`counts`: {level: members}) with more excellent members than the
    cap allows."""
    excellent = counts.get(Level.EXCELLENT, 0)
    base = cap_base(rule_set, counts)
    limit = cap_limit(share_, base)
    if excellent <= limit:
        return
    args = {"rule": rule_set.name, "excellent": excellent, "share": pct(share_), "base": base, "limit": limit}
    if rule_set.cap_base == RuleSet.CapBase.GOOD_OR_ABOVE:
        msg = _("%(rule)s: %(excellent)s excellent members exceed %(share)s%% of %(base)s members rated good or "
                "above (at most %(limit)s)") % args
    else:
        msg = _("%(rule)s: %(excellent)s excellent members exceed %(share)s%% of %(base)s members rated good "
                "(at most %(limit)s)") % args
    raise RuleViolation(msg, code="cap_exceeded")


def cap_text(*, rule_set: RuleSet, share_: Decimal, counts: dict[str, int]) -> tuple[str, str]:
    """(the state of the cap as words, "over" | "full" | "near" | "ok") for the round's page."""
    excellent = counts.get(Level.EXCELLENT, 0)
    base = cap_base(rule_set, counts)
    limit = cap_limit(share_, base)
    state = "over" if excellent > limit else "full" if excellent == limit else (
        "near" if excellent + 1 == limit else "ok")
    return _("Excellent members: %(excellent)s, at most %(limit)s (%(share)s%% of %(base)s members rated good)") % {
        "excellent": excellent, "limit": limit, "share": pct(share_), "base": base}, state
