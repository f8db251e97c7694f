
from dangvu.admissions.models import Candidate, Step
from tests.admissions.conftest import make_candidate, walk


def test_walk_to_full(tree, full_members, today):
    c = make_candidate(tree.cell_a1, helper=full_members[0])
    c = walk(c, until=Step.Kind.RECOGNITION, introducers=full_members)
    assert c.state == Candidate.State.FULL
    assert c.member.status == "full"
    assert c.member.full_membership_date == c.probation_end
    print(c.ceremony_date, c.probation_end, c.member.full_membership_date)
