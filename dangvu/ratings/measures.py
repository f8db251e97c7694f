"""Figures counted from the ratings (see core.measures).

A rating counts in the periods that hold the last day of its year (the year itself, its
second half, its fourth quarter, December), for its unit: the organization rated, or the
member's cell when the round was opened. "Rated" means decided by the competent level; a
subject neither decided nor excused is counted as not rated yet (``..._undecided``).

Keys (members; the same with ``organizations_`` for the organizations rated, and
``grassroots_`` for the grassroots organizations alone):
- ``ratings.members_to_rate``: every member of the rounds (rated or not);
- ``ratings.members_rated``; ``ratings.members_excellent`` / ``_good`` / ``_adequate`` /
  ``_failed``; ``ratings.members_good_or_above``;
- ``ratings.members_not_rated`` (excused: admitted under 6 months before, exempt,
  suspended) and one key per reason (``ratings.members_not_rated.exempt``, ...);
- ``ratings.members_undecided``: to be rated, not decided yet.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.measures import Measure, register
from dangvu.orgs.models import GRASSROOTS_KINDS

from .models import GOOD_OR_ABOVE, Level, Rating

SUBJECTS = {
    "members": Q(member__isnull=False),
    "organizations": Q(organization__isnull=False),
    "grassroots": Q(organization__isnull=False, organization__kind__in=GRASSROOTS_KINDS),
}


def _years(start: datetime.date, end: datetime.date) -> list[int]:
    return [y for y in range(start.year, end.year + 1) if start <= datetime.date(y, 12, 31) <= end]


def _ratings(subject: str, where: Q):
    def records(start, end):
        return (Rating.objects.filter(SUBJECTS[subject], where, round__year__in=_years(start, end))
                .select_related("member", "organization", "round"))
    return records


def _text(record) -> str:
    level = record.get_level_display() or record.get_not_rated_display() or _("not decided yet")
    return f"{record.subject_name} — {record.round.year}: {level}"


_LEVEL_LABELS = {
    "members": {
        Level.EXCELLENT: _("Members rated excellent"), Level.GOOD: _("Members rated good"),
        Level.ADEQUATE: _("Members rated as having completed their duties"),
        Level.FAILED: _("Members rated as not having completed their duties"),
    },
    "organizations": {
        Level.EXCELLENT: _("Party organizations rated excellent"), Level.GOOD: _("Party organizations rated good"),
        Level.ADEQUATE: _("Party organizations rated as having completed their duties"),
        Level.FAILED: _("Party organizations rated as not having completed their duties"),
    },
    "grassroots": {
        Level.EXCELLENT: _("Grassroots organizations rated excellent"),
        Level.GOOD: _("Grassroots organizations rated good"),
        Level.ADEQUATE: _("Grassroots organizations rated as having completed their duties"),
        Level.FAILED: _("Grassroots organizations rated as not having completed their duties"),
    },
}
_LABELS = {
    "members": (_("Members to be rated"), _("Members rated"), _("Members rated good or above"),
                _("Members not rated"), _("Members not rated yet")),
    "organizations": (_("Party organizations to be rated"), _("Party organizations rated"),
                      _("Party organizations rated good or above"), _("Party organizations not rated"),
                      _("Party organizations not rated yet")),
    "grassroots": (_("Grassroots organizations to be rated"), _("Grassroots organizations rated"),
                   _("Grassroots organizations rated good or above"), _("Grassroots organizations not rated"),
                   _("Grassroots organizations not rated yet")),
}
_REASON_LABELS = {
    Rating.NotRated.ADMITTED_RECENTLY: _("Members not rated: admitted less than 6 months before"),
    Rating.NotRated.EXEMPT: _("Members not rated: exempt from work and Party activity"),
    Rating.NotRated.SUSPENDED: _("Members not rated: suspended"),
}

KEYS: list[str] = []


def _register(key: str, label, records) -> None:
    register(Measure(key, label, records, org_field="unit_id", describe=_text))
    KEYS.append(key)


for _subject, (_all, _rated, _good, _not, _undecided) in _LABELS.items():
    _register(f"ratings.{_subject}_to_rate", _all, _ratings(_subject, Q()))
    _register(f"ratings.{_subject}_rated", _rated, _ratings(_subject, ~Q(level="")))
    for _level, _label in _LEVEL_LABELS[_subject].items():
        _register(f"ratings.{_subject}_{_level}", _label, _ratings(_subject, Q(level=_level)))
    _register(f"ratings.{_subject}_good_or_above", _good, _ratings(_subject, Q(level__in=GOOD_OR_ABOVE)))
    _register(f"ratings.{_subject}_not_rated", _not, _ratings(_subject, ~Q(not_rated="")))
    _register(f"ratings.{_subject}_undecided", _undecided, _ratings(_subject, Q(level="", not_rated="")))
for _reason, _label in _REASON_LABELS.items():
    _register(f"ratings.members_not_rated.{_reason}", _label, _ratings("members", Q(not_rated=_reason)))
