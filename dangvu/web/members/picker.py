"""The member pickers' searches: each form offering a member names its purpose, and the
purpose says which members it may offer (the same selector the form validates the posted
member with). ``members:pick?scope=<purpose>&q=<words>`` answers at most 20 of them."""

from __future__ import annotations

from dangvu.awards import selectors as award_selectors
from dangvu.core.errors import NotFound
from dangvu.inspections import selectors as inspection_selectors
from dangvu.members import selectors as member_selectors
from dangvu.orgs import selectors as org_selectors
from dangvu.web.common.pages import root_of


def _root(request, params):
    return root_of(request)


def _organization(request, params):
    """The organization named by the parameter ``org`` (a committee whose seats are filled)."""
    pk = str(params.get("org", ""))
    if not pk.isdigit() or len(pk) > 18:
        raise NotFound("org")
    return org_selectors.organization_get(actor=request.user, pk=int(pk))


#: purpose -> (the organization the members are under, from the request and its parameters;
#: the members of it the form may name).
PURPOSES = {
    "discipline": (_root, inspection_selectors.subject_members),
    "inspection": (_root, inspection_selectors.subject_members),
    "title": (_root, award_selectors.title_members),
    "seat": (_organization, member_selectors.seat_candidates),
}


def candidates(request, purpose: str, params=None):
    """The members the form of `purpose` may offer the user (a queryset), or NotFound.
    `params`: the purpose's parameters (``org`` for a seat), else the query string's."""
    if purpose not in PURPOSES:
        raise NotFound(purpose)
    where, members = PURPOSES[purpose]
    return members(actor=request.user, organization=where(request, request.GET if params is None else params))


def offer(field, request, purpose: str, **params) -> None:
    """Let the member picker `field` offer the members of `purpose` (`params`: ``org=pk``
    for a seat)."""
    field.choose_from(actor=request.user, candidates=candidates(request, purpose, params), purpose=purpose,
                      params=params)
