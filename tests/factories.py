"""Builders of test data. Everything goes through the services, as a real user would.

Import these from any test (``from tests.factories import build_tree``) or use the
fixtures of ``tests/conftest.py`` (``tree``, ``users``, ``make_member``) that wrap them.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass

from dangvu.core.actors import SYSTEM
from dangvu.members import services as member_services
from dangvu.members.models import Member
from dangvu.orgs import accounts
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization, User

#: Password of every account made by :func:`build_users` (for browser logins).
PASSWORD = "mat-khau-thu-nghiem-2026"
#: The day every organization of :func:`build_tree` was established.
ESTABLISHED = datetime.date(2010, 1, 1)


@dataclass
class Tree:
    """The organizations of :func:`build_tree`, by role in the tree::

        province                     Tỉnh ủy Kiên Giang                  (province)
        └── bloc                     Đảng bộ các cơ quan Đảng tỉnh  (bloc)
            ├── committee_a          Đảng bộ Sở Tài chính                (grassroots_committee)
            │   ├── cell_a1          Chi bộ Văn phòng                    (cell)
            │   ├── cell_a2          Chi bộ Thanh tra                    (cell)
            │   └── sub_a            Đảng bộ bộ phận Kho bạc             (sub_committee)
            │       └── cell_sub     Chi bộ Kho bạc 1                    (cell)
            ├── committee_b          Đảng bộ Sở Y tế                     (grassroots_committee)
            │   ├── cell_b1          Chi bộ Bệnh viện                    (cell)
            │   └── cell_b2          Chi bộ Trung tâm Y tế               (cell)
            └── grassroots_cell      Chi bộ Báo Kiên Giang               (grassroots_cell)

    Members can be put on the rolls of the cells: ``cell_a1``, ``cell_a2``, ``cell_sub``,
    ``cell_b1``, ``cell_b2`` and ``grassroots_cell``.
    """

    province: Organization
    bloc: Organization
    committee_a: Organization
    cell_a1: Organization
    cell_a2: Organization
    sub_a: Organization
    cell_sub: Organization
    committee_b: Organization
    cell_b1: Organization
    cell_b2: Organization
    grassroots_cell: Organization

    def refresh(self) -> Tree:
        """Reload every organization from the database (after a move, merge, ...)."""
        for name in self.__dataclass_fields__:
            getattr(self, name).refresh_from_db()
        return self

    def all(self) -> list[Organization]:
        return [getattr(self, name) for name in self.__dataclass_fields__]


def make_org(
    parent: Organization | None, code: str, name: str, kind: str, *,
    established_on: datetime.date = ESTABLISHED, actor=SYSTEM, **extra,
) -> Organization:
    """One organization through ``orgs.services.organization_create``."""
    return org_services.organization_create(
        actor=actor, code=code, name=name, kind=kind, parent=parent,
        established_on=established_on, **extra,
    )


def build_tree(*, actor=SYSTEM, established_on: datetime.date = ESTABLISHED) -> Tree:
    """The tree drawn in :class:`Tree`, created by ``actor`` (default: the system)."""
    def org(parent, code, name, kind):
        return make_org(parent, code, name, kind, established_on=established_on, actor=actor)

    province = org(None, "TU-KG", "Tỉnh ủy Kiên Giang", Organization.Kind.PROVINCE)
    bloc = org(province, "DUK", "Đảng bộ các cơ quan Đảng tỉnh", Organization.Kind.BLOC)
    committee_a = org(bloc, "DB-STC", "Đảng bộ Sở Tài chính", Organization.Kind.GRASSROOTS_COMMITTEE)
    cell_a1 = org(committee_a, "CB-STC-VP", "Chi bộ Văn phòng", Organization.Kind.CELL)
    cell_a2 = org(committee_a, "CB-STC-TT", "Chi bộ Thanh tra", Organization.Kind.CELL)
    sub_a = org(committee_a, "DBBP-KB", "Đảng bộ bộ phận Kho bạc", Organization.Kind.SUB_COMMITTEE)
    cell_sub = org(sub_a, "CB-KB-1", "Chi bộ Kho bạc 1", Organization.Kind.CELL)
    committee_b = org(bloc, "DB-SYT", "Đảng bộ Sở Y tế", Organization.Kind.GRASSROOTS_COMMITTEE)
    cell_b1 = org(committee_b, "CB-SYT-BV", "Chi bộ Bệnh viện", Organization.Kind.CELL)
    cell_b2 = org(committee_b, "CB-SYT-TT", "Chi bộ Trung tâm Y tế", Organization.Kind.CELL)
    grassroots_cell = org(bloc, "CB-BKG", "Chi bộ Báo Kiên Giang", Organization.Kind.GRASSROOTS_CELL)
    return Tree(
        province=province, bloc=bloc, committee_a=committee_a, cell_a1=cell_a1, cell_a2=cell_a2,
        sub_a=sub_a, cell_sub=cell_sub, committee_b=committee_b, cell_b1=cell_b1,
        cell_b2=cell_b2, grassroots_cell=grassroots_cell,
    )


@dataclass
class Users:
    """Accounts bound to organizations of a :class:`Tree`, all with password ``PASSWORD``.

    - ``bloc_admin`` (username ``admin_khoi``): administrator of the bloc;
    - ``staff_a`` (username ``staff_stc``): staff of grassroots committee A (Sở Tài chính);
    - ``viewer`` (username ``viewer_khoi``): read-only account of the bloc;
    - ``admin_a`` (username ``admin_stc``): administrator of grassroots committee A.
    """

    bloc_admin: User
    staff_a: User
    viewer: User
    admin_a: User


def make_user(
    organization: Organization, username: str, role: str = User.Role.VIEWER, *, actor=SYSTEM,
    password: str = PASSWORD, full_name: str = "",
) -> User:
    """One account through ``orgs.accounts.user_create``."""
    return accounts.user_create(
        actor=actor, username=username, password=password, organization=organization,
        role=role, full_name=full_name,
    )


def build_users(tree: Tree) -> Users:
    """The bloc admin (made by the system), then the staff of A, the bloc viewer and the
    admin of A (made by the bloc admin)."""
    admin = make_user(tree.bloc, "admin_khoi", User.Role.ADMIN, full_name="Quản trị Đảng bộ")
    staff_a = make_user(tree.committee_a, "staff_stc", User.Role.STAFF, actor=admin,
                        full_name="Cán bộ Sở Tài chính")
    viewer = make_user(tree.bloc, "viewer_khoi", User.Role.VIEWER, actor=admin, full_name="Người xem Đảng bộ")
    admin_a = make_user(tree.committee_a, "admin_stc", User.Role.ADMIN, actor=admin, full_name="Quản trị Sở Tài chính")
    return Users(bloc_admin=admin, staff_a=staff_a, viewer=viewer, admin_a=admin_a)


#: Defaults of :func:`make_member`; any of them can be overridden.
MEMBER_DEFAULTS = {
    "full_name": "Nguyễn Văn An",
    "gender": Member.Gender.MALE,
    "birth_date": datetime.date(1985, 3, 15),
    "admission_decision_date": datetime.date(2015, 5, 19),
}


def make_member(organization: Organization, *, actor=SYSTEM, **fields) -> Member:
    """One member on the rolls of ``organization`` through ``members.services.member_create``.

    ``fields`` override :data:`MEMBER_DEFAULTS` and take any other argument of
    ``member_create`` (``ceremony_date``, ``full_membership_date``, ``card_number``,
    ``joined_on``, ``transferred_in_from``, ...).
    """
    return member_services.member_create(actor=actor, organization=organization, **{**MEMBER_DEFAULTS, **fields})


# Reading back what a service wrote.

def audit_rows(obj) -> list:
    """Audit rows of ``obj``, oldest first."""
    from dangvu.core.audit import history_for

    return list(history_for(obj).order_by("id"))


def message(excinfo) -> str:
    """The one message of a ``pytest.raises`` on a ValidationError/PermissionDenied."""
    exc = excinfo.value
    messages = getattr(exc, "messages", None)
    if messages is None:
        return str(exc)
    assert len(messages) == 1, messages
    return messages[0]


#: The rows the data migrations seed: (model label, migration module, function).
SEEDS = [
    ("core.CalendarChange", "dangvu.core.migrations.0004_calendar_change_seed", "seed"),
    ("admissions.AdmissionRuleSet", "dangvu.admissions.migrations.0002_rule_sets_and_historical_files", "forward"),
    ("inspections.InspectionKind", "dangvu.inspections.migrations.0002_seed_inspection_kinds", "seed"),
    ("ratings.RuleSet", "dangvu.ratings.migrations.0002_seed_rule_sets", "seed"),
    ("classes.CourseKind", "dangvu.classes.migrations.0003_seed_course_kinds", "seed"),
    ("awards.BadgeRuleSet", "dangvu.awards.migrations.0002_badges", "seed"),
    ("ratings.RuleSet", "dangvu.ratings.migrations.0003_seed_rule_set_2014", "seed"),  # idempotent: always run
]


def ensure_seeds() -> None:
    """The rows the data migrations seed (make-up working Saturdays, admission and rating rule
    sets, inspection kinds), again when a transactional test before this one flushed the
    tables: the rules read them."""
    from django.apps import apps

    from dangvu.core import workdays

    for label, module, function in SEEDS:
        loaded = importlib.import_module(module)
        if getattr(loaded, "IDEMPOTENT", False) or not apps.get_model(label).objects.exists():
            getattr(loaded, function)(apps, None)
    workdays.clear_cache()
