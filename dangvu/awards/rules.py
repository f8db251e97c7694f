"""The rules of periodic commendation as data with the years they govern (the shape of
``members/party_age.py``: plain rows, a function picking the rows of a year).

06-HD/TW (2025): a grassroots committee's giấy khen for a member rated excellent in the
year; the level above grassroots' giấy khen for 5 excellent years in a row; the province's
bằng khen for 5 years in a row; organizations likewise; a flag (cờ) for a grassroots
organization outstanding 5 years in a row. The guidance before 2025 is **unsure**: the
rows of 06-HD/TW are kept for 2017–2024 under a name saying so, until someone checks it.

A streak is read from the ratings register: N years in a row rated excellent (decided),
following the tree's history (``selectors.excellent_years``):
- a renamed unit is the same row: its years carry over by themselves;
- a unit that absorbed others (``OrganizationEvent`` ABSORBED, ``related`` the unit merged
  into it) keeps its own years, and in a year before the merger where it has no rating of
  its own (it did not exist yet, or was not rated) it continues its predecessors: that year
  counts when every predecessor rated that year was rated excellent (at least one was).
  Predecessors' own predecessors count the same way, recursively.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dangvu.orgs.models import GRASSROOTS_KINDS, Organization

from .models import Commendation

#: The bodies that give each kind of commendation (06-HD/TW): a grassroots organization its
#: giấy khen; the province or the committee directly under it the giấy khen of the level above
#: and the flag; the province its bằng khen.
_ABOVE_GRASSROOTS = (Organization.Kind.PROVINCE, Organization.Kind.BLOC)
BODY_KINDS: dict[str, tuple[str, ...]] = {
    Commendation.Kind.GRASSROOTS_CERTIFICATE: tuple(GRASSROOTS_KINDS),
    Commendation.Kind.UPPER_CERTIFICATE: _ABOVE_GRASSROOTS,
    Commendation.Kind.PROVINCE_MERIT: (Organization.Kind.PROVINCE,),
    Commendation.Kind.FLAG: _ABOVE_GRASSROOTS,
}

DEFAULT_STREAK = 5
Kind = Commendation.Kind


@dataclass(frozen=True)
class Rule:
    name: str  # lazy text for the rows of an unsure guidance
    first_year: int
    last_year: int | None
    subject: str  # "members" | "organizations" | "grassroots" (grassroots organizations only)
    years: int  # excellent years in a row required (1: the year itself)
    kind: str


def _rows(name: str, first: int, last: int | None) -> list[Rule]:
    return [
        Rule(name, first, last, "members", 1, Kind.GRASSROOTS_CERTIFICATE),
        Rule(name, first, last, "members", 5, Kind.UPPER_CERTIFICATE),
        Rule(name, first, last, "members", 5, Kind.PROVINCE_MERIT),
        Rule(name, first, last, "organizations", 1, Kind.GRASSROOTS_CERTIFICATE),
        Rule(name, first, last, "organizations", 5, Kind.UPPER_CERTIFICATE),
        Rule(name, first, last, "organizations", 5, Kind.PROVINCE_MERIT),
        Rule(name, first, last, "grassroots", 1, Kind.UPPER_CERTIFICATE),
        Rule(name, first, last, "grassroots", 5, Kind.FLAG),
    ]


RULES: list[Rule] = [
    *_rows(_("guidance before 06-HD/TW (unsure)"), 2017, 2024),
    *_rows("06-HD/TW", 2025, None),
]


def rules_for(year: int) -> list[Rule]:
    return [r for r in RULES if r.first_year <= year and (r.last_year is None or year <= r.last_year)]


def kinds_for(*, year: int, subject: str, years: int) -> list[str]:
    """The kinds of commendation the rules of `year` propose for `subject` with a streak of
    `years` excellent years (1: excellent in the year), in the order of the kinds."""
    found = {r.kind for r in rules_for(year) if r.subject == subject and r.years == years}
    return [k for k in Kind.values if k in found]


def streak(excellent: set[int], *, year: int, years: int) -> bool:
    """Whether the years `year - years + 1` .. `year` are all in `excellent`."""
    return all(y in excellent for y in range(year - years + 1, year + 1))


def streak_text(*, year: int, years: int) -> str:
    return f"{year - years + 1} - {year}"
