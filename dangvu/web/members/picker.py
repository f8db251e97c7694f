"""The member pickers' searches: each form offering a member names its purpose, and the
purpose says which members it may offer (the same selector the form validates the posted
member with). ``members:pick?scope=<purpose>&q=<words>`` answers at most 20 of them."""

from __future__ import annotations

from dangvu.awards import selectors as award_selectors
from dangvu.core.errors import NotFound
from dangvu.inspections import selectors as inspection_selectors
from dangvu.web.common.pages import root_of

#: purpose -> the members of the actor's tree (under `organization`) the form may name.
PURPOSES = {
    "discipline": lambda actor, organization: inspection_selectors.subject_members(actor=actor, organization=organization),
    "inspection": lambda actor, organization: inspection_selectors.subject_members(actor=actor, organization=organization),
    "title": lambda actor, organization: award_selectors.title_members(actor=actor, organization=organization),
}


def candidates(request, purpose: str):
    """The members the form of `purpose` may offer the user (a queryset), or NotFound."""
    if purpose not in PURPOSES:
        raise NotFound(purpose)
    return PURPOSES[purpose](request.user, root_of(request))


def offer(field, request, purpose: str) -> None:
    """Let the member picker `field` offer the members of `purpose`."""
    field.choose_from(actor=request.user, candidates=candidates(request, purpose), purpose=purpose)
