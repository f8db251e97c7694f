"""Every form and every query parameter of the site, fuzzed with hostile values (Hypothesis):
huge numbers, far dates, control characters, combining marks, HTML, formulas, 10.000
characters. Posted as the bloc's administrator, so that each form is processed: never a
server error, and a refused post writes nothing (no audit row, no record added)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core.models import AuditEntry, CalendarChange
from dangvu.members.models import Member
from dangvu.orgs.models import Organization, User
from dangvu.plans.models import Plan, Result, Target, Task
from tests.support import client_for, text
from tests.web.routes import build_site

#: Values a careless or malicious user may type.
FIXED = [
    "9" * 30, "9" * 5000, "-" + "9" * 30, "999999999999999999", "1e400", "NaN", "-0", "0,00001", "1.2.3",
    "31/12/9999", "01/01/0001", "29/02/2023", "9999-12-31", "0001-01-01", "31/12/99999", "00/00/0000",
    "\x00", "a\x00b", "".join(map(chr, range(1, 32))), "a\u0301" * 500, "\u202e\u200b\ufeff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "=HYPERLINK(\"http://x\",\"y\")",
    "+cmd|' /C calc'!A0", "@SUM(1+1)", "x" * 10000, "Đ" * 10000, " ", "", "0", "-1", "²", "٣", "1.234,5",
]
HOSTILE = st.one_of(
    st.sampled_from(FIXED),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(st.characters(codec="utf-8"), max_size=60),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
)
EXAMPLES = 25
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MODELS = [AuditEntry,  # first: the audit log
           Member, Organization, User, Plan, Result, Target, Task, CalendarChange]


def _targets(tree, site) -> list[tuple[str, str, dict]]:
    """(method, address, valid values): every form of the site and the query parameters
    of the pages that read them. The fuzz replaces some values by hostile ones."""
    member, code = site["member"], site["plan"].code
    a, a1 = tree.committee_a, tree.cell_a1
    identity = {"full_name": "Trần Văn Bình", "gender": "male", "birth_date": "15/03/1985",
                "admission_decision_date": "19/05/2015", "ethnicity": "Kinh", "religion": "", "hometown": "",
                "education": "", "profession": "", "biography_number": "", "card_number": "", "ceremony_date": "",
                "full_membership_date": "", "full_membership_note": "", "citizen_id": "", "phone": "",
                "position": ""}
    dated = {"on": "01/06/2025", "decision": "1-QĐ/ĐU"}
    org = lambda action, pk=tree.sub_a.pk: reverse("orgs:action", args=[pk, action])  # noqa: E731
    return [
        ("post", reverse("members:new"), {"how": "existing", "organization": a1.pk, **identity,
                                          "transferred_in_from": "", "joined_on": "", "letter_number": "",
                                          "letter_date": ""}),
        ("post", reverse("members:edit", args=[member.pk]), identity | {"full_name": member.full_name}),
        ("post", reverse("members:status", args=[member.pk]), {"status": "died", **dated}),
        ("post", reverse("members:transfer", args=[member.pk]), {"to_organization": a1.pk, **dated}),
        ("post", reverse("members:transfer_out", args=[member.pk]),
         {"destination": "Tỉnh ủy An Giang", "letter_number": "", "letter_date": "", **dated}),
        ("post", reverse("members:temporary", args=[member.pk]),
         {"to_organization": a1.pk, "external_unit": "", "start": "01/06/2025", "end": "01/12/2025",
          "for_study": "", "letter_number": "", "letter_date": "", "decision": ""}),
        ("post", reverse("members:status_annul", args=[member.pk, site["change"].pk]), {"reason": "Nhầm", "decision": ""}),
        ("post", reverse("members:transfer_annul", args=[member.pk, site["transfer"].pk]), {"reason": "Nhầm"}),
        ("post", reverse("members:seats", args=[a.pk]),
         {"member": member.pk, "role": "deputy_secretary", "start": "01/06/2025", "decision": ""}),
        ("post", reverse("members:seat_end", args=[site["seat"].pk]), {"end": "01/06/2026", "reason": "Nghỉ hưu"}),
        ("get", reverse("members:list"), {"q": "An", "org": a.pk, "status": "", "gender": "", "age": "",
                                         "party_age": "", "page": "1"}),
        ("get", reverse("members:export"), {"q": "An", "org": a.pk, "page": "1"}),
        ("get", reverse("members:new"), {"org": a1.pk}),
        ("post", org("new", a.pk), {"code": "CB-MOI", "name": "Chi bộ Mới", "short_name": "", "kind": "cell",
                                     "sector": "", "established_on": "01/06/2025"}),
        ("post", org("rename"), {"name": "Đảng bộ bộ phận Kho bạc Nhà nước", "short_name": "", "on": "01/06/2025"}),
        ("post", org("move"), {"target": tree.committee_b.pk, "on": "01/06/2025"}),
        ("post", org("merge", tree.cell_a2.pk), {"target": a1.pk, "on": "01/06/2025"}),
        ("post", org("dissolve", tree.cell_b2.pk), {"on": "01/06/2025", "reason": ""}),
        ("post", reverse("plans:new"), {"kind": "annual_plan", "organization": a.pk, "code": "KH-MOI",
                                        "number": "", "title": "Kế hoạch mới", "issued_on": "05/01/2025",
                                        "period": "2025", "parent": ""}),
        ("post", reverse("plans:targets", args=[code]), {"indicator": site["codes"]["KET_NAP"].pk,
                                                         "period": "2023", "comparator": "gte", "value": "5"}),
        ("get", reverse("plans:targets", args=[code]), {"edit": site["target"].pk}),
        ("post", reverse("plans:cascade", args=[code, site["target"].pk]),
         {f"share-{tree.committee_a.pk}": "6", f"share-{tree.committee_b.pk}": "4",
          f"share-{tree.grassroots_cell.pk}": "0"}),
        ("post", reverse("tasks:list", args=[code, a.pk]),
         {"title": "Việc mới", "unit": a.pk, "source": "program", "due_on": "31/12/2025"}),
        ("get", reverse("tasks:list", args=[code, a.pk]),
         {"status": "", "source": "", "unit": a.pk, "overdue": "", "page": "1"}),
        ("post", reverse("tasks:status", args=[code, site["task"].pk]),
         {"status": "done", "on": "01/06/2025", "org": a.pk, "back": "status=open&page=1"}),
        ("post", reverse("reporting:entry", args=[a.pk, "2023"]),
         {"HN_CHUYEN_DE-value": "5", "HN_CHUYEN_DE-version": "1", "HN_CHUYEN_DE-was": "4",
          "HN_CHUYEN_DE-comment": "", "HN_CHUYEN_DE-was_comment": "", "DOANH_THU-value": "1.234,5",
          "action": ""}),
        ("post", reverse("reporting:reopen", args=[a.pk, "2023"]), {"reason": "Sai số liệu"}),
        ("post", reverse("reporting:approve_many"), {"period": "2023", "org": a.pk}),
        ("get", reverse("reporting:due"), {"period": "2023", "org": a.pk}),
        ("get", reverse("reporting:unit"), {"year": "2023"}),
        ("get", reverse("dashboard:plans"), {"year": "2023"}),
        ("get", reverse("dashboard:dashboard", args=[code, a.pk]), {"period": "2023", "indicator": "KET_NAP",
                                                                    "ytd": "1"}),
        ("get", reverse("dashboard:ranking", args=[code, a.pk]), {"period": "2023", "indicator": "KET_NAP"}),
        ("get", reverse("dashboard:trends", args=[code, a.pk]), {"period": "2023", "indicator": "KET_NAP"}),
        ("get", reverse("search"), {"q": "Nguyễn"}),
        ("post", reverse("accounts:new"), {"username": "can_bo_moi", "full_name": "Cán bộ Mới",
                                           "organization": a.pk, "role": "staff"}),
        ("post", reverse("accounts:edit", args=[site["account"].pk]),
         {"full_name": "Cán bộ Chi bộ", "organization": a1.pk, "role": "staff", "is_active": "on"}),
        ("post", reverse("accounts:deactivate", args=[site["account"].pk]), {"reason": "Nghỉ việc"}),
        ("post", reverse("accounts:password"), {"old_password": "x", "new_password": "y", "new_password2": "y"}),
        ("post", reverse("login"), {"username": "admin_khoi", "password": "x"}),
        ("get", reverse("calendar:index"), {"year": "2025", "start": "24/01/2025", "days": "60", "end": ""}),
        ("post", reverse("calendar:add"), {"on": "09/01/2027", "kind": "working_day", "document_number": "1/TB-BNV",
                                           "document_date": "01/06/2025", "document_summary": "Làm bù"}),
        ("post", reverse("calendar:remove"), {"change": CalendarChange.objects.order_by("pk").first().pk}),
    ]


def _counts() -> list[int]:
    return [m.objects.count() for m in MODELS]


def test_hostile_values_in_every_form_never_a_server_error_nor_a_partial_write(tree, users, make_member):
    site = build_site(tree, users, make_member)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.raise_request_exception = False
    targets = _targets(tree, site)
    assert len(targets) >= 40
    tried = 0

    def fuzz(method: str, url: str, valid: dict) -> None:
        @FUZZ
        @given(hostile=st.dictionaries(st.sampled_from(sorted(valid)), HOSTILE, min_size=1, max_size=3))
        def one(hostile):
            nonlocal tried
            tried += 1
            client.force_login(users.bloc_admin)
            before = _counts()
            response = getattr(client, method)(url, {**valid, **hostile})
            assert response.status_code != 500, (method, url, hostile)
            after = _counts()
            # Refused: nothing written. Written: with its audit row (no write without one).
            if response.status_code >= 400 or after[0] == before[0]:
                assert after == before, (url, hostile, response.status_code)

        one()

    for method, url, valid in targets:
        fuzz(method, url, valid)
    print(f"fuzz: {len(targets)} forms and pages, {tried} examples")
    assert tried >= len(targets) * 10


# Server errors the fuzz found, each fixed at its root

def test_a_share_of_30_digits_is_too_large_not_a_server_error(tree, users, make_member):
    """The cascade page added the typed shares up before checking their size: 30 digits
    overflowed the decimal context when the total was shown."""
    site = build_site(tree, users, make_member)
    url = reverse("plans:cascade", args=[site["plan"].code, site["target"].pk])
    before = _counts()
    response = client_for(users.bloc_admin).post(url, {f"share-{tree.committee_a.pk}": "9" * 30})
    assert response.status_code == 400
    assert "Số quá lớn." in text(response)
    assert _counts() == before
