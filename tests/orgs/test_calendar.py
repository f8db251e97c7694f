"""Recording and removing the government's changes to the working days (orgs.calendar): who
may, the audit row, and each refusal in words and code."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from dangvu.core import workdays
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, ValidationError, codes
from dangvu.core.models import AuditEntry, CalendarChange
from dangvu.orgs import calendar
from dangvu.orgs.models import User
from tests.factories import make_user
from tests.support import READ_ONLY, hold_while, on_postgresql, refused_alike

D = datetime.date
DAY_OFF, WORKING_DAY = CalendarChange.Kind.DAY_OFF, CalendarChange.Kind.WORKING_DAY
DOCUMENT = {"document_number": "07/TB-BNV", "document_date": D(2026, 10, 1),
            "document_summary": "Nghỉ thêm một ngày"}
TOP_ONLY = ("Only an administrator of the provincial committee or of the Party committee directly under it may "
            "change the working-day calendar: the days off are the same for every organization.")


def create(actor, on, kind=DAY_OFF, **document):
    return calendar.calendar_change_create(actor=actor, on=on, kind=kind, **(DOCUMENT | document))


def refused(actor, on, kind, **document) -> tuple[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        create(actor, on, kind, **document)
    return " ".join(exc.value.messages), codes(exc.value)


def test_the_bloc_administrator_records_a_day_off_audited_and_counted_at_once(users, english):
    assert workdays.add_working_days(D(2027, 3, 5), 1) == D(2027, 3, 8)
    change = create(users.bloc_admin, D(2027, 3, 8))
    assert (change.on, change.kind, change.recorded_by, change.document_number) == (
        D(2027, 3, 8), DAY_OFF, users.bloc_admin, "07/TB-BNV")
    assert workdays.add_working_days(D(2027, 3, 5), 1) == D(2027, 3, 9)
    entry = AuditEntry.objects.get(action="calendar.change_create")
    assert (entry.actor, entry.object_id, entry.scope_path) == (users.bloc_admin, change.pk, users.bloc_admin.organization.path)
    assert entry.changes == {"on": [None, "2027-03-08"], "kind": [None, "day_off"],
                             "document_number": [None, "07/TB-BNV"], "document_date": [None, "2026-10-01"],
                             "document_summary": [None, "Nghỉ thêm một ngày"]}


def test_removing_a_change_is_audited_and_the_day_follows_the_package_again(users):
    saturday = CalendarChange.objects.get(on=D(2025, 4, 26))
    assert workdays.is_working_day(saturday.on)
    calendar.calendar_change_delete(actor=users.bloc_admin, change=saturday, reason="Nhập nhầm")
    assert not CalendarChange.objects.filter(on=D(2025, 4, 26)).exists()
    assert not workdays.is_working_day(D(2025, 4, 26))
    entry = AuditEntry.objects.get(action="calendar.change_delete")
    assert (entry.object_id, entry.note, entry.changes["on"]) == (saturday.pk, "Nhập nhầm", ["2025-04-26", None])
    with pytest.raises(RuleViolation) as exc:
        calendar.calendar_change_delete(actor=users.bloc_admin, change=saturday)
    assert codes(exc.value) == ["calendar_change_gone"]


def test_who_may_change_the_calendar(tree, users, english):
    superuser = User.objects.create_superuser("root", password="x")
    province_admin = make_user(tree.province, "admin_tinh", User.Role.ADMIN, actor=SYSTEM, full_name="Quản trị Tỉnh")
    for allowed in (superuser, province_admin, users.bloc_admin, SYSTEM):
        assert calendar.calendar_admin_refusal(actor=allowed) == ""
    assert calendar.calendar_admin_refusal(actor=users.viewer) == READ_ONLY
    assert calendar.calendar_admin_refusal(actor=users.admin_a) == TOP_ONLY  # a grassroots committee's administrator
    assert calendar.calendar_admin_refusal(actor=users.staff_a) == TOP_ONLY
    bloc_staff = make_user(tree.bloc, "staff_khoi", User.Role.STAFF, actor=users.bloc_admin, full_name="Cán bộ Khối")
    assert calendar.calendar_admin_refusal(actor=bloc_staff) == TOP_ONLY
    for actor, words in [(users.viewer, READ_ONLY), (users.admin_a, TOP_ONLY), (bloc_staff, TOP_ONLY)]:
        refused_alike(words, lambda a=actor: create(a, D(2027, 3, 8)), None)
        refused_alike(words, lambda a=actor: calendar.calendar_change_delete(
            actor=a, change=CalendarChange.objects.first()), None)
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()
    assert CalendarChange.objects.count() == 13


@pytest.mark.parametrize(("on", "kind", "words", "code"), [
    (D(2025, 4, 26), WORKING_DAY, "A change is already recorded for Saturday 26/04/2025 (make-up working day): "
                                  "remove it first to record another.", "calendar_change_exists"),
    (D(2027, 3, 9), WORKING_DAY, "Tuesday 09/03/2027 is already a working day: a make-up working day is a "
                                 "Saturday, a Sunday or a public holiday that is worked.", "calendar_already_working_day"),
    (D(2027, 3, 6), DAY_OFF, "Saturday 06/03/2027 is a weekend day, already a day off: an extra day off is a "
                             "Monday to Friday.", "calendar_day_off_weekend"),
    (D(2027, 9, 2), DAY_OFF, "Thursday 02/09/2027 is already a public holiday (National Day): recording it again "
                             "would count it twice.", "calendar_day_off_holiday"),
    (D(2025, 5, 2), DAY_OFF, "Friday 02/05/2025 is already a public holiday (Day off (substituted from "
                             "26/04/2025)): recording it again would count it twice.", "calendar_day_off_holiday"),
    (D(1929, 12, 31), DAY_OFF, "The calendar covers the years 1930 to 2100; 31/12/1929 is outside them.",
     "calendar_year_out_of_range"),
])
def test_nonsense_is_refused_with_the_rule(users, english, on, kind, words, code):
    assert refused(users.bloc_admin, on, kind) == (words, [code])
    assert calendar.calendar_change_refusal(actor=users.bloc_admin, on=on, kind=kind) == words


def test_the_document_is_required(users, english):
    words, found = refused(users.bloc_admin, D(2027, 3, 8), DAY_OFF, document_number=" ", document_date=None,
                           document_summary="")
    assert found == ["calendar_document_number", "calendar_document_date", "calendar_document_summary"]
    assert words == ("Give the number of the document that set this change (e.g. 2450/VPCP-KGVX). "
                     "Give the date of the document that set this change. "
                     "Say in a few words what the document decided (e.g. a day off moved, a Saturday worked).")
    assert refused(users.bloc_admin, D(2027, 3, 8), DAY_OFF, document_date=D(2099, 1, 1))[1] == ["date_in_future"]
    assert not CalendarChange.objects.filter(on=D(2027, 3, 8)).exists()


def test_a_holiday_worked_and_a_sunday_worked_are_make_up_days(users):
    create(users.bloc_admin, D(2027, 9, 3), WORKING_DAY)  # Fri, the day after National Day
    create(users.bloc_admin, D(2027, 3, 7), WORKING_DAY)  # a Sunday
    assert workdays.is_working_day(D(2027, 9, 3)) and workdays.is_working_day(D(2027, 3, 7))


def test_refusals_in_vietnamese(users):
    assert calendar.calendar_change_refusal(actor=users.bloc_admin, on=D(2027, 3, 6), kind=DAY_OFF) == (
        "Thứ Bảy 06/03/2027 là ngày nghỉ cuối tuần, vốn đã là ngày nghỉ: ngày nghỉ thêm phải là một ngày từ thứ Hai "
        "đến thứ Sáu.")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_administrators_recording_the_same_date_at_once_one_is_refused():
    with translation.override("en"):
        def record():
            return calendar.calendar_change_create(actor=SYSTEM, on=D(2027, 3, 8), kind=DAY_OFF, **DOCUMENT)

        first, second = hold_while(record, record)
    assert first.error is None and first.value.pk
    assert second.waited  # on the unique date, until the first committed
    assert isinstance(second.error, ValidationError)
    assert codes(second.error) == ["calendar_change_exists"]
    assert second.error.messages == [
        "A change is already recorded for Monday 08/03/2027: remove it first to record another."]
    assert CalendarChange.objects.filter(on=D(2027, 3, 8)).count() == 1
    assert AuditEntry.objects.filter(action="calendar.change_create").count() == 1
