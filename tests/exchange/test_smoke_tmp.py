import datetime, time
from dangvu.core.actors import SYSTEM
from dangvu.members import services as ms
from dangvu.members.models import Member

def test_smoke(tree, english, settings):
    settings.DEBUG = False
    N = 3000
    import cProfile, pstats; pr = cProfile.Profile(); pr.enable()
    t = time.perf_counter()
    for i in range(N):
        ms.member_draft(actor=SYSTEM, organization=tree.cell_a1, full_name=f"Nguyễn Văn {i}", gender="male", birth_date=datetime.date(1980,1,2), admission_decision_date=datetime.date(2015,1,17), check_taken=False, citizen_id=f"{i:012d}", biography_number=f"{i:06d}KG", card_number=f"{10000000+i}", hometown="xã Vĩnh Hòa")
    t1 = time.perf_counter()
    pr.disable(); pstats.Stats(pr).sort_stats("tottime").print_stats(25)
    for i in range(N):
        Member(full_name=f"Nguyễn Văn {i}", gender="male", birth_date=datetime.date(1980,1,2), admission_decision_date=datetime.date(2015,1,17), citizen_id=f"{i:012d}", biography_number=f"{i:06d}KG", card_number=f"{10000000+i}", hometown="xã Vĩnh Hòa", organization=tree.cell_a1)
    t2 = time.perf_counter()
    m = Member(full_name=f"Nguyễn Văn", gender="male", birth_date=datetime.date(1980,1,2), admission_decision_date=datetime.date(2015,1,17), citizen_id=f"{i:012d}", biography_number=f"{i:06d}KG", card_number=f"{10000000+i}", hometown="xã Vĩnh Hòa", organization=tree.cell_a1)
    for i in range(N):
        m.full_clean(exclude=["organization", "status", "status_since", "party_age_start", "party_age_end", "name_normalized", "name_sort_key", "on_roll"], validate_unique=False, validate_constraints=False)
    t3 = time.perf_counter()
    from dangvu.members import rules
    for i in range(N):
        rules.record_dates(m, datetime.date(2026,1,1))
    t4 = time.perf_counter()
    from dangvu.core.text import name_sort_key, normalize
    for i in range(N):
        normalize(m.full_name); name_sort_key(m.full_name)
    t5 = time.perf_counter()
    print(f"draft {1e6*(t1-t)/N:.0f}us init {1e6*(t2-t1)/N:.0f}us full_clean {1e6*(t3-t2)/N:.0f}us dates {1e6*(t4-t3)/N:.0f}us names {1e6*(t5-t4)/N:.0f}us")
    assert 0
