"""The report builder: gathers the figures of an organization for a period through the
registers' selectors and measures, and lays them out as a `document.Document` in the order
of a year-end Party-building report (RULES.md, Documents): part one, the period's results
(targets, enterprises, Party building, assessment); part two, directions and the next
period's targets; the statistical annexes of the organization department.

It holds no rule of its own: every count is a measure of the register that keeps the
records (``plans.selectors.measure_values``: one rollup over the tree as it stood), every
achievement is ``plans.selectors.figures``. The same period a year before is counted the
same way for the comparisons.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from dangvu.awards import selectors as awards
from dangvu.awards.badges import MILESTONES
from dangvu.core import charts, formatting, measures
from dangvu.core.periods import HALF, TERM, YEAR, Period, half, parse, year
from dangvu.core.text import vi_sorted
from dangvu.inspections.models import Discipline
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import visible_organizations
from dangvu.plans import achievement
from dangvu.plans import selectors as plans
from dangvu.ratings.models import LEVELS, Level

from . import narrative as say
from .document import (
    DECIMAL,
    PERCENT,
    TEXT,
    Chart,
    Column,
    Document,
    Header,
    Margins,
    Paragraph,
    Row,
    Section,
    Signature,
    Table,
)
from .models import DocumentSettings, Report

ProgressFn = Callable[[int, str], None]

ADMITTED = ("admissions.decided", "members.admitted")
MEMBER_KEYS = ["members.on_roll", "members.full", "members.probationary", "members.admitted", "admissions.decided",
               "members.recognized_full", "members.deceased", "members.expelled", "members.removed", "members.left",
               "orgs.grassroots"]
INSPECTION_KEYS = ["inspections.organizations_inspected", "inspections.members_inspected",
                   "inspections.organizations_inspected_on_signs", "inspections.members_inspected_on_signs",
                   "inspections.organizations_supervised_thematic", "inspections.members_supervised_thematic",
                   "inspections.organizations_disciplined", "inspections.members_disciplined"]
DISCIPLINE_FORMS = [Discipline.Form.REPRIMAND, Discipline.Form.WARNING, Discipline.Form.REMOVAL,
                    Discipline.Form.EXPULSION]
RATING_KEYS = [f"ratings.{subject}_{level}" for subject in ("grassroots", "members") for level in LEVELS] + [
    "ratings.grassroots_rated", "ratings.members_rated", "ratings.grassroots_not_rated", "ratings.members_not_rated"]
CLASS_KEYS = ["classes.awareness_held", "classes.new_member_held", "classes.professional_held", "classes.held",
              "classes.attendees", "classes.certificates", "classes.studies"]
AWARD_KEYS = ["awards.commendations_organizations", "awards.commendations_members", "awards.badges_awarded",
              *[f"awards.badges_awarded_{m}" for m in MILESTONES]]
KEYS = [*MEMBER_KEYS, *INSPECTION_KEYS, *[f"inspections.members_disciplined.{f}" for f in DISCIPLINE_FORMS],
        *RATING_KEYS, *CLASS_KEYS, *AWARD_KEYS]
# How many units a missed target names before "và N đơn vị khác".
NAMED_UNITS = 5
CHART_UNITS = 15


@dataclass
class Request:
    """What to build: organization × kind × period (× plan for an action-program report)."""

    organization: Organization
    kind: str
    period: Period
    plan: object = None
    number: str = ""
    issued_on: datetime.date | None = None


def previous(period: Period) -> Period:
    """The same period a year before (a term: the term before it)."""
    if period.kind == YEAR:
        return year(period.year - 1)
    if period.kind == HALF:
        return half(period.year - 1, 1 if period.start.month == 1 else 2)
    return period.previous()[0]


def following(period: Period) -> Period:
    """The period the directions are for: the next year (a half: the rest of the year, its
    year's targets; a term: the next term)."""
    if period.kind == TERM:
        span = period.end.year - period.start.year
        return parse(f"{period.end.year + 1}-{period.end.year + 1 + span}")
    if period.kind == HALF and period.start.month == 1:
        return year(period.year)
    return year(period.year + 1)


def before_start(period: Period) -> Period:
    """A period ending the day before `period` starts (members carried over are those on the
    rolls at its end)."""
    day = period.start - datetime.timedelta(days=1)
    return Period(day, day, "day", day.isoformat())


class _Counts:
    """The measures of an organization for the period and the same period a year before."""

    def __init__(self, actor, organization: Organization, period: Period):
        self.period, self.before_period = period, previous(period)
        self.now = self._read(actor, organization, period)
        self.before = self._read(actor, organization, self.before_period)
        carried = plans.measure_values(actor=actor, keys=["members.on_roll"], period=before_start(period),
                                       root=organization)
        carried_before = plans.measure_values(actor=actor, keys=["members.on_roll"],
                                              period=before_start(self.before_period), root=organization)
        self.carried = (int(carried.get(("members.on_roll", organization.pk), 0)),
                        int(carried_before.get(("members.on_roll", organization.pk), 0)))

    @staticmethod
    def _read(actor, organization, period) -> dict[str, int]:
        values = plans.measure_values(actor=actor, keys=KEYS, period=period, root=organization)
        return {key: int(values.get((key, organization.pk)) or 0) for key in KEYS}

    def pair(self, key: str) -> tuple[int, int]:
        return self.now[key], self.before[key]


class Builder:
    def __init__(self, *, actor, request: Request, settings: DocumentSettings | None = None,
                 progress: ProgressFn | None = None, today: datetime.date | None = None):
        self.actor, self.request = actor, request
        self.org, self.period = request.organization, request.period
        self.settings = settings
        self.progress = progress or (lambda pct, text: None)
        self.today = today or timezone.localdate()
        self._indicators: dict | None = None
        self._rankings: dict[tuple[int, int], list[dict]] = {}

    # -- the whole document -------------------------------------------------------------

    def build(self) -> Document:
        self.progress(5, _("Counting the registers"))
        self.counts = _Counts(self.actor, self.org, self.period)
        self.progress(30, _("Holding the figures against the targets"))
        self.plan_figures = [pf for pf in plans.figures(actor=self.actor, organization=self.org, period=self.period,
                                                        plan=self.request.plan, today=self.today) if pf.rows]
        self.progress(50, _("Writing the sections"))
        self._enterprise_sections = self._enterprises()
        part_one = Section("part1", _("PART ONE\nRESULTS OF %(period)s") % {"period": self._period_caps()}, 1, [
            self._targets(),
            *self._enterprise_sections,
            self._party_building(),
            self._assessment(),
        ])
        self.progress(70, _("Writing the directions"))
        part_two = Section("part2", _("PART TWO\nDIRECTIONS AND TASKS FOR %(period)s")
                           % {"period": self._next_caps()}, 1, self._directions())
        self.progress(80, _("Writing the annexes"))
        annexes = self._annexes()
        document = Document(header=self._header(), kind=_("REPORT"), subject=self._subject(),
                            sections=[part_one, part_two], signature=self._signature(),
                            recipients=self._recipients(), annexes=annexes, margins=self._margins(),
                            title=self._title())
        for paragraph in document.paragraphs():
            paragraph.labels = {key: self._label(key) for key in paragraph.figures}
            paragraph.sources = {key: self._source(key) for key in paragraph.figures}
        return document

    def _indicator_codes(self) -> dict[str, object]:
        """The catalog by code (read once a build)."""
        if self._indicators is None:
            self._indicators = {i.code: i for i in plans.indicator_list()}
        return self._indicators

    def _source(self, key: str) -> str:
        """The indicator whose value a figure is (by code), for its explanation: the
        indicator named in the key, the one counting the measure named, the admissions'."""
        indicators = self._indicator_codes()
        if key.startswith("next."):  # a target of the next period, not a value
            return ""
        if key in ("admissions", "admissions.pct"):
            key = "admissions.decided"
        code = key.partition(".")[0]
        if code in indicators:
            return code
        counting = [c for c, i in indicators.items() if i.source == "measure" and i.measure_key == key]
        return counting[0] if counting else ""

    def _label(self, key: str) -> str:
        """What a figure of a paragraph is, in words (a page shows it beside a figure that
        changed under an edit): a measure's label, an indicator's name, or one of the
        builder's own figures."""
        own = {"admissions": _("Members admitted"), "admissions.pct": _("Admissions against the target (%)"),
               "exceeded": _("Targets exceeded"), "missed": _("Targets not met")}
        if key in own:
            return str(own[key])
        if key.startswith("tally."):
            return str(_("Targets reached, of those assessed"))
        if key.startswith("next."):
            key = key[len("next."):]
        code, _dot, suffix = key.partition(".")
        if code in self._indicator_codes():
            name = self._indicator_codes()[code].name
            return {"pct": f"{name} (%)", "behind": _("%(target)s: units behind") % {"target": name}}.get(
                suffix, name)
        try:
            return str(measures.get(key).label)
        except KeyError:
            return ""

    def _period_caps(self) -> str:
        return say.period_name(self.period).upper()

    def _next_caps(self) -> str:
        return say.period_name(following(self.period)).upper()

    def _subject(self) -> str:
        kind, name, nxt = self.request.kind, say.period_name(self.period), say.period_name(following(self.period))
        if kind == Report.Kind.PROGRAM and self.request.plan is not None:
            return _("results of carrying out %(plan)s") % {"plan": self.request.plan.title[:1].lower()
                                                           + self.request.plan.title[1:]}
        if kind == Report.Kind.MID_TERM:
            return _("mid-term review of carrying out the Resolution of the Congress,\n%(period)s") % {"period": name}
        if kind == Report.Kind.HALF_YEAR:
            return _("Party-building work in %(period)s,\ntasks for %(next)s") % {"period": name, "next": nxt}
        return _("review of Party-building work in %(period)s,\ndirections and tasks for %(next)s") % {
            "period": name, "next": nxt}

    def _title(self) -> str:
        return f"{_('Report')} {self._subject().replace(chr(10), ' ')}"

    # -- header, signature ----------------------------------------------------------------

    def _header(self) -> Header:
        s, org = self.settings, self.org
        symbol = s.number_symbol if s else "BC/ĐU"
        number = _("No. %(number)s-%(symbol)s") % {"number": self.request.number or "     ", "symbol": symbol}
        superior = s.superior_body if s else (org.parent.name.upper() if org.parent_id else "")
        return Header(superior_body=superior, issuing_body=(s.issuing_body if s else org.name.upper()),
                      number=number, place=(s.place if s else "........"), date=self.request.issued_on)

    def _signature(self) -> Signature:
        s = self.settings
        if s is None:
            return Signature(mode="T/M", body=_("STANDING COMMITTEE"), position=_("SECRETARY"))
        return Signature(mode=s.signature_mode, body=s.signing_body, position=s.position,
                         deputy_position=s.deputy_position, signer=s.signer)

    def _recipients(self) -> list[str]:
        lines = (self.settings.recipients if self.settings else "").splitlines()
        return [line.strip() for line in lines if line.strip()] or [_("- As above,"), _("- Filed at the office.")]

    def _margins(self) -> Margins:
        s = self.settings
        return Margins(s.margin_top, s.margin_bottom, s.margin_left, s.margin_right) if s else Margins()

    # -- part one: targets ----------------------------------------------------------------

    def _targets(self) -> Section:
        section = Section("targets", _("I. CARRYING OUT THE TARGETS"), 1)
        if not self.plan_figures:
            section.blocks.append(Paragraph("targets.none", _("%(period)s, no target was set for the organization.")
                                            % {"period": say.period_phrase(self.period)}))
            return section
        for pf in self.plan_figures:
            code = pf.plan.code
            reference = say.plan_reference(pf.plan.kind)
            tally = pf.tally
            sentence = tally.sentence() or _("no target has a verdict yet")
            section.blocks.append(Paragraph(
                f"targets.{code}.tally",
                _("%(period)s, carrying out %(plan)s (%(title)s): %(tally)s.") % {
                    "period": say.period_phrase(self.period), "plan": reference, "title": pf.plan.title,
                    "tally": sentence},
                figures={f"tally.{code}": f"{tally.reached}/{tally.decided}/{tally.above_60}/{tally.running}"}))
            section.blocks.append(self._target_table(pf))
            bars = [(r.indicator.name, r.achievement) for r in pf.rows if r.achievement is not None]
            if bars:
                section.blocks.append(Chart(f"targets.{code}.chart", _("Achievement of the targets (%)"),
                                            charts.Bars(bars, reference=Decimal(100), reference_label="100%",
                                                        decimals=1, suffix="%")))
            section.blocks.extend(self._behind(pf))
        return section

    def _target_table(self, pf) -> Table:
        rows = []
        for n, r in enumerate(pf.rows, start=1):
            ind = r.indicator
            rows.append(Row([str(n), ind.name, ind.unit, r.target.value, r.actual,
                             r.achievement, r.status_label]))
        decimals = max([r.indicator.decimals for r in pf.rows] + [0])
        return Table(
            f"targets.{pf.plan.code}.table", pf.plan.title,
            [Column(_("No."), TEXT, width=0.7), Column(pgettext("report table", "Target"), TEXT, width=4),
             Column(pgettext("report table", "Unit"), TEXT, width=1.2),
             Column(_("Set"), DECIMAL, max(decimals, 2), width=1), Column(_("Done"), DECIMAL, max(decimals, 2), width=1),
             Column(_("Achieved (%)"), PERCENT, 1, width=1), Column(_("Verdict"), TEXT, width=1.3)],
            rows, note=self._source_note())

    def _ranked(self, plan, indicator) -> list[dict]:
        """The units under the organization on `indicator` (``children_ranked``), counted once
        a build: the units behind a missed target and the units chart read the same."""
        key = (plan.pk, indicator.pk)
        if key not in self._rankings:
            self._rankings[key] = plans.children_ranked(actor=self.actor, plan=plan, organization=self.org,
                                                        period=self.period, indicator=indicator, today=self.today)
        return self._rankings[key]

    @staticmethod
    def _value_text(indicator, value) -> str:
        return say.value_text(value, indicator.unit, indicator.value_type, indicator.decimals)

    def _source_note(self) -> str:
        return _("Counted by dangvu from the registers and the units' returns on %(date)s.") % {
            "date": formatting.date(self.today)}

    def _behind(self, pf) -> list[Paragraph]:
        """For each target not met (or at risk), the units under the organization that are
        behind on it, named."""
        out = []
        for r in pf.rows:
            if r.status not in (achievement.NOT_MET, achievement.AT_RISK):
                continue
            ranked = self._ranked(pf.plan, r.indicator)
            behind = [(x["organization"], x["row"].achievement_label) for x in ranked if x["row"] is not None
                      and x["row"].status in (achievement.NOT_MET, achievement.AT_RISK)]
            if not any(x["row"] for x in ranked) and not r.indicator.is_flow:
                # No share handed down: a rate or a level is held against the organization's
                # own target (a count is not: a unit's share of it is unknown).
                behind = [(x["organization"], self._value_text(r.indicator, x["value"])) for x in ranked
                          if x["value"] is not None and achievement.status(
                              x["value"], r.target.value, r.target.comparator) == achievement.NOT_MET]
            words = (_("not met") if r.status == achievement.NOT_MET else _("at risk of not being met"))
            text = _("The target “%(target)s” is %(words)s (%(pct)s).") % {
                "target": r.indicator.name, "words": words, "pct": r.achievement_label or "—"}
            if behind:
                names = ", ".join(f"{org.name} ({label or '—'})" for org, label in behind[:NAMED_UNITS])
                text += " " + ngettext("The unit behind: %(names)s", "The units behind: %(names)s",
                                       len(behind)) % {"names": names}
                if len(behind) > NAMED_UNITS:
                    text += " " + _("and %(n)s other units") % {"n": len(behind) - NAMED_UNITS}
                text += "."
            out.append(Paragraph(f"targets.{pf.plan.code}.behind.{r.indicator.code}", text,
                                 figures={f"{r.indicator.code}.pct": r.achievement_label,
                                          f"{r.indicator.code}.behind": str(len(behind))}))
        return out

    # -- part one: enterprises ------------------------------------------------------------

    def _enterprises(self) -> list[Section]:
        amounts = [i for i in plans.indicator_list() if i.value_type == "amount" and i.source == "entered"]
        if not amounts:
            return []
        before_period = previous(self.period)
        now = plans.figure_values(actor=self.actor, indicators=amounts, period=self.period, root=self.org)
        before = plans.figure_values(actor=self.actor, indicators=amounts, period=before_period, root=self.org)
        parts, figures, rows = [], {}, []
        for ind in amounts:
            v, b = now.get((ind.pk, self.org.pk)), before.get((ind.pk, self.org.pk))
            if v is None:
                continue
            text = f"{ind.name[:1].lower()}{ind.name[1:]} {say.amount(v, ind.unit)}"
            pct = formatting.share(v, b)
            if pct is not None:
                text += " " + _("(%(pct)s of %(period)s)") % {"pct": formatting.percent_sign(pct, 2),
                                                              "period": say.period_name(before_period)}
            parts.append(text)
            figures[ind.code] = say.amount(v, ind.unit)
            rows.append(Row([ind.name, ind.unit, v, b, pct]))
        if not parts:
            return []
        paragraph = Paragraph("enterprises.results", _("%(period)s, the enterprises reported: %(parts)s.") % {
            "period": say.period_phrase(self.period), "parts": "; ".join(parts)}, figures=figures)
        table = Table("enterprises.table", _("Business results of the enterprises"),
                      [Column(_("Figure"), TEXT, width=3.5), Column(_("Unit"), TEXT, width=1.2),
                       Column(_("This period"), decimals=1), Column(_("Same period last year"), decimals=1),
                       Column(_("Compared (%)"), PERCENT, 1)], rows)
        return [Section("enterprises", _("II. BUSINESS RESULTS OF THE ENTERPRISES"), 1, [paragraph, table])]

    # -- part one: Party building ---------------------------------------------------------

    def _party_building(self) -> Section:
        number = "III" if self._enterprise_sections else "II"
        return Section("building", _("%(n)s. PARTY-BUILDING WORK") % {"n": number}, 1, [
            Section("building.education", _("1. Political and ideological education"), 2, [self._education()]),
            Section("building.organization", _("2. Organization building and members"), 2, self._members()),
            Section("building.ratings", _("3. Review and rating"), 2, self._ratings()),
            Section("building.training", _("4. Training"), 2, [self._training()]),
            Section("building.inspections", _("5. Inspection, supervision and discipline"), 2, self._inspections()),
            Section("building.awards", _("6. Commendations and Party badges"), 2, self._awards()),
            Section("building.mass", _("7. Mass mobilization"), 2, [Paragraph(
                "mass.text", _("(No register keeps the figures of mass mobilization: the office writes this "
                               "paragraph.)"), style="note")]),
        ])

    def _education(self) -> Paragraph:
        now, before = self.counts.pair("classes.studies")
        text = _("%(period)s, the Party organizations held %(n)s sessions to study and carry out the resolutions "
                 "and directives of the Party") % {"period": say.period_phrase(self.period), "n": formatting.number(now)}
        compared = say.change(now, before, "", self.counts.before_period)
        return Paragraph("education.studies", text + (f" ({compared})" if compared else "") + ".",
                         figures={"classes.studies": str(now)})

    def _admissions_row(self):
        """The target of admissions held in the report: the resolution's first, then the
        program's, then any plan's."""
        rows = [(pf.plan, r) for pf in self.plan_figures for r in pf.rows
                if r.indicator.source == "measure" and r.indicator.measure_key in ADMITTED
                and r.target.period == self.period.code]
        order = {"resolution": 0, "action_program": 1}
        rows.sort(key=lambda pr: order.get(pr[0].kind, 2))
        return rows[0] if rows else (None, None)

    def _members(self) -> list:
        c, period = self.counts, self.period
        on_roll, full, probationary = c.now["members.on_roll"], c.now["members.full"], c.now["members.probationary"]
        grassroots = c.now["orgs.grassroots"]
        blocks = [Paragraph("members.total", _(
            "At the end of the period the Party organization has %(orgs)s grassroots organizations and %(members)s "
            "members (%(full)s full members, %(probationary)s probationary members); %(change)s.") % {
            "orgs": formatting.number(grassroots), "members": formatting.number(on_roll),
            "full": formatting.number(full), "probationary": formatting.number(probationary),
            "change": say.change(on_roll, c.before["members.on_roll"], _("members"), c.before_period)},
            figures={"members.on_roll": str(on_roll), "orgs.grassroots": str(grassroots)})]
        plan, row = self._admissions_row()
        admitted, admitted_before = c.pair("admissions.decided")
        if row is not None and row.actual is not None:
            admitted = int(row.actual)
        text = _("%(period)s, the whole Party organization admitted %(n)s members") % {
            "period": say.period_phrase(period), "n": formatting.number(admitted)}
        figures = {"admissions": str(admitted)}
        if row is not None and row.achievement is not None:
            text += ", " + _("reaching %(pct)s%% of %(plan)s") % {
                "pct": formatting.percent(row.achievement), "plan": say.plan_reference(plan.kind)}
            figures["admissions.pct"] = formatting.percent(row.achievement)
        compared = say.change(admitted, admitted_before, _("members"), c.before_period)
        blocks.append(Paragraph("members.admissions", text + (f"; {compared}" if compared else "") + ".",
                                figures=figures))
        recognized = c.now["members.recognized_full"]
        losses = [(c.now["members.deceased"], _("deceased")), (c.now["members.expelled"], _("expelled")),
                  (c.now["members.removed"], _("removed from the rolls")), (c.now["members.left"], _("left the Party"))]
        text = _("Recognized %(n)s probationary members as full members") % {"n": formatting.number(recognized)}
        lost = [f"{formatting.number(n)} {words}" for n, words in losses if n]
        if lost:
            text += "; " + _("members leaving the rolls: %(list)s") % {"list": ", ".join(lost)}
        blocks.append(Paragraph("members.changes", text + ".", figures={
            "members.recognized_full": str(recognized), **{k: str(c.now[k]) for k in (
                "members.deceased", "members.expelled", "members.removed", "members.left")}}))
        if row is not None:
            blocks.extend(self._admission_charts(plan, row))
        return blocks

    def _admission_charts(self, plan, row) -> list[Chart]:
        out = []
        ranked = self._ranked(plan, row.indicator)
        # The units holding the largest shares of the target (where the count is made), the
        # weakest first: a list of the smallest cells at 0% would say little.
        held = [x for x in ranked if x["row"] is not None and x["row"].achievement is not None]
        largest = sorted(held, key=lambda x: -x["row"].target.value)[:CHART_UNITS]
        bars = [(x["organization"].short_name or x["organization"].name, x["row"].achievement)
                for x in sorted(largest, key=lambda x: x["row"].achievement)]
        if bars:
            out.append(Chart("members.admissions.units", _("Admissions against the target, the units with the "
                                                           "largest targets (%)"),
                             charts.Bars(bars, reference=Decimal(100), reference_label="100%", decimals=1,
                                         suffix="%")))
        span = self._term()
        if span is not None:
            points = plans.trend_points(actor=self.actor, indicators=[row.indicator], organization=self.org,
                                        period=span, today=self.today)[row.indicator.pk]
            out.append(Chart("members.admissions.trend", _("Members admitted over the term (adding up)"),
                             charts.Trend(points)))
        return out

    def _term(self) -> Period | None:
        """The term of the organization's resolution that holds the period."""
        for plan in plans.visible_plans(self.actor).filter(organization=self.org, kind="resolution"):
            span = parse(plan.period)
            if span.kind == TERM and span.start <= self.period.start and self.period.end <= span.end:
                return span
        return None

    def _ratings(self) -> list[Paragraph]:
        c = self.counts
        out = []
        labels = {Level.EXCELLENT: _("excellently completed their duties"),
                  Level.GOOD: _("well completed their duties"), Level.ADEQUATE: _("completed their duties"),
                  Level.FAILED: _("did not complete their duties")}
        for subject, what in (("grassroots", _("grassroots organizations")), ("members", _("members"))):
            rated = c.now[f"ratings.{subject}_rated"]
            if not rated:
                out.append(Paragraph(f"ratings.{subject}", _("No %(what)s were rated in the period.") % {"what": what}))
                continue
            parts = [f"{formatting.number(c.now[f'ratings.{subject}_{level}'])} {labels[level]}"
                     f"{say.share(c.now[f'ratings.{subject}_{level}'], rated)}" for level in LEVELS
                     if c.now[f"ratings.{subject}_{level}"]]
            text = _("Of %(n)s %(what)s rated: %(parts)s.") % {"n": formatting.number(rated), "what": what,
                                                               "parts": "; ".join(parts)}
            out.append(Paragraph(f"ratings.{subject}", text, figures={
                f"ratings.{subject}_{level}": str(c.now[f"ratings.{subject}_{level}"]) for level in LEVELS}))
        return out

    def _training(self) -> Paragraph:
        c = self.counts
        text = _("Held %(awareness)s Party awareness classes, %(new)s political theory classes for new members and "
                 "%(professional)s professional training classes, with %(attendees)s attendees; %(studies)s "
                 "resolution study sessions.") % {
            "awareness": formatting.number(c.now["classes.awareness_held"]),
            "new": formatting.number(c.now["classes.new_member_held"]),
            "professional": formatting.number(c.now["classes.professional_held"]),
            "attendees": formatting.number(c.now["classes.attendees"]),
            "studies": formatting.number(c.now["classes.studies"])}
        return Paragraph("training.classes", text, figures={k: str(c.now[k]) for k in (
            "classes.awareness_held", "classes.new_member_held", "classes.professional_held", "classes.attendees")})

    def _inspections(self) -> list[Paragraph]:
        n = {k: self.counts.now[k] for k in INSPECTION_KEYS}
        text = _("%(period)s, the committees and inspection commissions at all levels inspected %(o)s Party "
                 "organizations and %(m)s members; thematic supervision covered %(so)s Party organizations and "
                 "%(sm)s members") % {
            "period": say.period_phrase(self.period),
            "o": formatting.number(n["inspections.organizations_inspected"]),
            "m": formatting.number(n["inspections.members_inspected"]),
            "so": formatting.number(n["inspections.organizations_supervised_thematic"]),
            "sm": formatting.number(n["inspections.members_supervised_thematic"])}
        if n["inspections.organizations_inspected_on_signs"] or n["inspections.members_inspected_on_signs"]:
            text += "; " + _("inspected on signs of violation %(o)s Party organizations and %(m)s members") % {
                "o": formatting.number(n["inspections.organizations_inspected_on_signs"]),
                "m": formatting.number(n["inspections.members_inspected_on_signs"])}
        out = [Paragraph("inspections.done", text + ".", figures={k: str(v) for k, v in n.items()})]
        disciplined = n["inspections.members_disciplined"]
        if disciplined:
            forms = [f"{Discipline.Form(f).label} {formatting.number(self.counts.now[f'inspections.members_disciplined.{f}'])}"
                     for f in DISCIPLINE_FORMS if self.counts.now[f"inspections.members_disciplined.{f}"]]
            text = _("Disciplined %(n)s members (%(forms)s)") % {"n": formatting.number(disciplined),
                                                                "forms": ", ".join(forms)}
        else:
            text = _("No member was disciplined")
        if n["inspections.organizations_disciplined"]:
            text += "; " + _("disciplined %(n)s Party organizations") % {
                "n": formatting.number(n["inspections.organizations_disciplined"])}
        out.append(Paragraph("inspections.discipline", text + ".", figures={
            "inspections.members_disciplined": str(disciplined),
            "inspections.organizations_disciplined": str(n["inspections.organizations_disciplined"])}))
        return out

    def _awards(self) -> list[Paragraph]:
        c = self.counts
        orgs, members = c.now["awards.commendations_organizations"], c.now["awards.commendations_members"]
        out = [Paragraph("awards.commendations", _("Commended %(o)s Party organizations and %(m)s members.") % {
            "o": formatting.number(orgs), "m": formatting.number(members)},
            figures={"awards.commendations_organizations": str(orgs), "awards.commendations_members": str(members)})]
        total = c.now["awards.badges_awarded"]
        text = _("Awarded %(n)s Party badges") % {"n": formatting.number(total)}
        by = [_("%(years)s-year badge: %(n)s") % {"years": m, "n": formatting.number(c.now[f"awards.badges_awarded_{m}"])}
              for m in MILESTONES if c.now[f"awards.badges_awarded_{m}"]]
        out.append(Paragraph("awards.badges", text + (f" ({'; '.join(by)})" if by else "") + ".",
                             figures={"awards.badges_awarded": str(total)}))
        return out

    # -- part one: assessment -------------------------------------------------------------

    def _assessment(self) -> Section:
        rows = [r for pf in self.plan_figures for r in pf.rows if r.final]
        exceeded = [r for r in rows if r.status == achievement.EXCEEDED]
        missed = [r for r in rows if r.status == achievement.NOT_MET]
        number = "IV" if self._enterprise_sections else "III"
        strengths = (_("Targets exceeded: %(list)s.") % {"list": "; ".join(
            f"{r.indicator.name} ({r.achievement_label})" for r in exceeded)} if exceeded
            else _("No target was exceeded."))
        shortcomings = (_("Targets not met: %(list)s.") % {"list": "; ".join(
            f"{r.indicator.name} ({r.achievement_label or '—'})" for r in missed)} if missed
            else _("Every target whose period is over was met."))
        return Section("assessment", _("%(n)s. ASSESSMENT") % {"n": number}, 1, [
            Section("assessment.strengths", _("1. Strengths"), 2, [Paragraph(
                "assessment.strengths", strengths, figures={"exceeded": str(len(exceeded))})]),
            Section("assessment.shortcomings", _("2. Shortcomings and their causes"), 2, [
                Paragraph("assessment.shortcomings", shortcomings, figures={"missed": str(len(missed))}),
                Paragraph("assessment.causes", _("(The causes, as the standing committee assesses them: the office "
                                                 "writes this paragraph.)"), style="note")]),
            Section("assessment.lessons", _("3. Lessons learned"), 2, [Paragraph(
                "assessment.lessons", _("(The lessons learned: the office writes this paragraph.)"), style="note")]),
        ])

    # -- part two ---------------------------------------------------------------------------

    def _directions(self) -> list:
        nxt = following(self.period)
        targets = [pf for pf in plans.figures(actor=self.actor, organization=self.org, period=nxt, today=self.today)
                   if pf.rows]
        if not targets:
            return [Paragraph("next.none", _("The targets for %(period)s are not set yet: they will be written "
                                             "here once the plan for it is recorded.")
                              % {"period": say.period_name(nxt)})]
        out = [Paragraph("next.intro", _("Strive to reach the following targets in %(period)s:")
                         % {"period": say.period_name(nxt)})]
        seen = set()
        for pf in targets:
            for r in pf.rows:
                if r.indicator.pk in seen:
                    continue
                seen.add(r.indicator.pk)
                ind = r.indicator
                value = say.value_text(r.target.value, ind.unit, ind.value_type, ind.decimals)
                wording = {"gte": _("%(value)s or more"), "lte": _("at most %(value)s")}.get(
                    r.target.comparator, "%(value)s") % {"value": value}
                out.append(Paragraph(f"next.{ind.code}", f"{ind.name}: {wording}",
                                     figures={f"next.{ind.code}": value}, style="bullet"))
        return out

    # -- annexes --------------------------------------------------------------------------

    def _compare(self, label: str, now: int, before: int, *, bold: bool = False, indent: int = 0) -> Row:
        return Row([label, now, before, formatting.share(now, before)], bold=bold, indent=indent)

    def _columns(self, first: str) -> list[Column]:
        return [Column(first, TEXT, width=4), Column(_("This period")), Column(_("Same period last year")),
                Column(_("Compared (%)"), PERCENT, 1)]

    def _annexes(self) -> list[Section]:
        c = self.counts
        start_now, start_before = c.carried
        form = awards.badge_work_form(actor=self.actor, organization=self.org, start=self.period.start,
                                      end=self.period.end)
        moved_in, moved_out = form.transfers_in, form.transfers_out
        movement = Table("annex.members", _("Form 1. Members: increase and decrease"), self._columns(_("Item")), [
            self._compare(_("Members at the start of the period"), start_now, start_before, bold=True),
            self._compare(_("Increase"), c.now["members.admitted"] + moved_in[0],
                          c.before["members.admitted"] + moved_in[1], bold=True),
            self._compare(_("Admitted (including re-admitted)"), *c.pair("members.admitted"), indent=1),
            self._compare(_("Transferred in"), *moved_in, indent=1),
            self._compare(_("Decrease"), *[sum(x) for x in zip(*[c.pair(k) for k in (
                "members.deceased", "members.expelled", "members.removed", "members.left")], moved_out,
                strict=False)], bold=True),
            self._compare(_("Deceased"), *c.pair("members.deceased"), indent=1),
            self._compare(_("Expelled"), *c.pair("members.expelled"), indent=1),
            self._compare(_("Removed from the rolls"), *c.pair("members.removed"), indent=1),
            self._compare(_("Left the Party"), *c.pair("members.left"), indent=1),
            self._compare(_("Transferred out"), *moved_out, indent=1),
            self._compare(_("Members at the end of the period"), *c.pair("members.on_roll"), bold=True),
            self._compare(_("of which probationary members"), *c.pair("members.probationary"), indent=1),
        ], note=self._source_note())
        tables = [movement, self._by_kind_of_unit(), self._ratings_table(), self._work_table(form),
                  self._training_table()]
        return [Section("annexes", _("ANNEX\nSTATISTICS OF %(period)s") % {"period": self._period_caps()}, 1,
                        tables)]

    def _by_kind_of_unit(self) -> Table:
        units = list(visible_organizations(self.actor).filter(parent=self.org))
        ids = [u.pk for u in units]
        keys = ["admissions.decided"]
        now = plans.measure_values(actor=self.actor, keys=keys, period=self.period, root=self.org, organization_ids=ids)
        before = plans.measure_values(actor=self.actor, keys=keys, period=previous(self.period), root=self.org,
                                      organization_ids=ids)
        groups: dict[str, list[int]] = {}
        labels = dict(Organization.Sector.choices)
        for u in units:
            label = str(labels.get(u.sector, _("Other units")))
            pair = groups.setdefault(label, [0, 0])
            pair[0] += int(now.get(("admissions.decided", u.pk)) or 0)
            pair[1] += int(before.get(("admissions.decided", u.pk)) or 0)
        rows = [self._compare(label, *groups[label]) for label in vi_sorted(groups)]
        rows.append(self._compare(_("Total"), sum(g[0] for g in groups.values()), sum(g[1] for g in groups.values()),
                                  bold=True))
        return Table("annex.admissions", _("Form 2. New members by kind of unit"), self._columns(_("Kind of unit")),
                     rows)

    def _ratings_table(self) -> Table:
        c = self.counts
        labels = dict(Level.choices)
        rows = []
        for subject, title in (("grassroots", _("Grassroots organizations")), ("members", _("Members"))):
            rows.append(self._compare(title, *c.pair(f"ratings.{subject}_rated"), bold=True))
            rows += [self._compare(str(labels[level]), *c.pair(f"ratings.{subject}_{level}"), indent=1)
                     for level in LEVELS]
            rows.append(self._compare(_("Not rated"), *c.pair(f"ratings.{subject}_not_rated"), indent=1))
        return Table("annex.ratings", _("Form 3. Review and rating results"), self._columns(_("Rating level")), rows)

    def _work_table(self, form) -> Table:
        rows = []
        for section, lines in form.sections():
            rows.append(Row([str(section), None, None, None], bold=True))
            rows += [Row([str(label), now, before, pct], bold=total, indent=0 if total else 1)
                     for label, now, before, pct, total in lines]
        return Table("annex.work", _("Form 4. Member work"), self._columns(_("Item")), rows)

    def _training_table(self) -> Table:
        c = self.counts
        return Table("annex.training", _("Form 5. Training"), self._columns(_("Item")), [
            self._compare(_("Party awareness classes"), *c.pair("classes.awareness_held")),
            self._compare(_("Political theory classes for new members"), *c.pair("classes.new_member_held")),
            self._compare(_("Professional Party-building training classes"), *c.pair("classes.professional_held")),
            self._compare(_("Classes held, total"), *c.pair("classes.held"), bold=True),
            self._compare(_("Attendees"), *c.pair("classes.attendees")),
            self._compare(_("Certificates issued"), *c.pair("classes.certificates")),
            self._compare(_("Resolution study sessions"), *c.pair("classes.studies")),
        ])


def build(*, actor, request: Request, settings: DocumentSettings | None = None, progress: ProgressFn | None = None,
          today: datetime.date | None = None) -> Document:
    builder = Builder(actor=actor, request=request, settings=settings, progress=progress, today=today)
    return builder.build()
