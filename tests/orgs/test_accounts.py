"""Accounts (dangvu.orgs.accounts): who manages which account, the self rules, passwords
(temporary ones, the validators), unlocking, the audit; the account selectors; the role
rules of restructuring organizations; the `dangvu user` command."""

from __future__ import annotations

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationError, codes
from dangvu.orgs import accounts, selectors, services
from dangvu.orgs.models import User
from tests.factories import PASSWORD, audit_rows, make_org, make_user, message
from tests.support import OUTSIDE, READ_ONLY, refused_alike

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date
ADMIN_ONLY = "Only an administrator of the organization may do this."
NEW_PASSWORD = "mot-mat-khau-moi-2026"


def create(actor, org, username, role=User.Role.STAFF, **kw):
    kw.setdefault("password", accounts.temporary_password())
    kw.setdefault("temporary", True)
    return accounts.user_create(actor=actor, username=username, organization=org, role=role, **kw)


def update(actor, user, **kw):
    fields = {"full_name": user.first_name, "organization": user.organization, "role": user.role,
              "is_active": user.is_active} | kw
    return accounts.user_update(actor=actor, user=user, **fields)


def lock_out(username: str, failures: int = 5) -> None:
    AccessAttempt.objects.create(username=username, ip_address="10.0.0.1", user_agent="test", get_data="",
                                 post_data="", http_accept="", path_info="/login/", failures_since_start=failures)


# --- create ----------------------------------------------------------------------------

def test_an_admin_creates_an_account_with_a_temporary_password_audited_without_it(tree, users):
    password = accounts.temporary_password()
    user = create(users.bloc_admin, tree.committee_b, "  canbo_syt ", full_name=" Cán bộ Sở Y tế ", password=password)
    user.refresh_from_db()
    assert (user.username, user.first_name, user.organization_id, user.role, user.must_change_password) == (
        "canbo_syt", "Cán bộ Sở Y tế", tree.committee_b.pk, "staff", True)
    assert user.check_password(password)
    [row] = audit_rows(user)
    assert (row.action, row.actor_id, row.scope_path) == ("account.create", users.bloc_admin.pk, tree.committee_b.path)
    assert row.changes == {
        "username": [None, "canbo_syt"], "first_name": [None, "Cán bộ Sở Y tế"],
        "organization": [None, {"id": tree.committee_b.pk, "repr": "Đảng bộ Sở Y tế"}],
        "role": [None, "staff"], "is_active": [None, True],
    }
    assert password not in str(row.changes) and password not in row.note


def test_a_temporary_password_is_twelve_readable_characters_in_three_groups():
    passwords = {accounts.temporary_password() for _i in range(50)}
    assert len(passwords) == 50
    for p in passwords:
        groups = p.split("-")
        assert [len(g) for g in groups] == [4, 4, 4]
        assert set("".join(groups)) <= set("abcdefghijkmnpqrstuvwxyz23456789")


@pytest.mark.parametrize(
    ("actor_name", "org", "expected"),
    [
        ("staff_a", "committee_a", ADMIN_ONLY),
        ("viewer", "bloc", READ_ONLY),
        ("bloc_admin", "province", OUTSIDE),
        ("admin_a", "committee_b", OUTSIDE),
        ("admin_a", "bloc", OUTSIDE),
    ],
)
def test_only_an_admin_creates_an_account_in_its_subtree(tree, users, actor_name, org, expected):
    n = User.objects.count()
    with pytest.raises(PermissionDenied) as exc:
        create(getattr(users, actor_name), getattr(tree, org), "x1")
    assert str(exc.value) == expected
    assert User.objects.count() == n


@pytest.mark.parametrize(
    ("username", "role", "field", "expected", "code"),
    [
        ("staff_stc", "staff", None, "The username staff_stc is already taken.", "username_taken"),
        ("STAFF_STC", "staff", None, "The username STAFF_STC is already taken.", "username_taken"),
        ("  ", "staff", "username", "Enter a username.", "username_empty"),
        ("nguyen van a", "staff", "username",
         "A username may contain only letters, digits and the characters @ . + - _ (no spaces).", "username_invalid"),
        ("x" * 151, "staff", "username", "A username has at most 150 characters.", "username_too_long"),
        ("x4", "owner", "role", "Unknown role: owner.", "role_unknown"),
    ],
)
def test_create_refuses_a_bad_username_or_role_with_its_code(tree, users, username, role, field, expected, code):
    n = User.objects.count()
    with pytest.raises(ValidationError) as exc:
        create(users.bloc_admin, tree.bloc, username, role)
    assert (message(exc), codes(exc.value)) == (expected, [code])
    if field:
        assert list(exc.value.message_dict) == [field]
    assert User.objects.count() == n


def test_create_refuses_a_dissolved_organization(tree, users):
    services.organization_dissolve(actor=SYSTEM, organization=tree.cell_b2, on=D(2024, 1, 1))
    tree.refresh()
    with pytest.raises(ValidationError) as exc:
        create(users.bloc_admin, tree.cell_b2, "x5")
    assert (message(exc), codes(exc.value)) == (
        "Chi bộ Trung tâm Y tế was dissolved: no account can be bound to it.", ["organization_dissolved"])


def test_a_chosen_password_goes_through_the_validators(tree, users):
    with pytest.raises(ValidationError) as exc:
        create(users.bloc_admin, tree.bloc, "x6", password="abc123", temporary=False)
    assert exc.value.message_dict == {"password": [
        "This password is too short. It must contain at least 8 characters.", "This password is too common."]}
    assert codes(exc.value) == ["password_too_short", "password_too_common"]
    assert not User.objects.filter(username="x6").exists()


# --- update, deactivate ------------------------------------------------------------------

def test_an_admin_changes_name_organization_role_and_activity_audited(tree, users):
    user = update(users.bloc_admin, users.staff_a, full_name="Cán bộ Sở Y tế", organization=tree.committee_b,
                  role=User.Role.VIEWER)
    user.refresh_from_db()
    assert (user.first_name, user.organization_id, user.role, user.is_active) == (
        "Cán bộ Sở Y tế", tree.committee_b.pk, "viewer", True)
    row = audit_rows(user)[-1]
    assert (row.action, row.actor_id, row.scope_path) == ("account.update", users.bloc_admin.pk, tree.committee_b.path)
    assert row.changes == {
        "first_name": ["Cán bộ Sở Tài chính", "Cán bộ Sở Y tế"],
        "organization": [{"id": tree.committee_a.pk, "repr": "Đảng bộ Sở Tài chính"},
                         {"id": tree.committee_b.pk, "repr": "Đảng bộ Sở Y tế"}],
        "role": ["staff", "viewer"],
    }
    # Nothing changed: no audit row.
    n = len(audit_rows(user))
    update(users.bloc_admin, user)
    assert len(audit_rows(user)) == n


def test_an_admin_of_committee_a_cannot_take_an_account_out_of_its_subtree(tree, users):
    with pytest.raises(PermissionDenied) as exc:
        update(users.admin_a, users.staff_a, organization=tree.committee_b)
    assert str(exc.value) == OUTSIDE
    with pytest.raises(PermissionDenied) as exc:
        update(users.admin_a, users.viewer, role=User.Role.STAFF)
    assert str(exc.value) == OUTSIDE
    moved = update(users.admin_a, users.staff_a, organization=tree.cell_a1)
    assert moved.organization_id == tree.cell_a1.pk


@pytest.mark.parametrize(
    ("change", "expected", "code"),
    [
        ({"is_active": False}, "You cannot deactivate your own account: an administrator of the level above can.",
         "deactivate_self"),
        ({"role": User.Role.STAFF}, "You cannot lower the role of your own account: an administrator of the level "
         "above can.", "demote_self"),
        ({"organization": "cell_a1"}, "You cannot move your own account to another organization: an administrator "
         "of the level above can.", "move_self"),
    ],
)
def test_an_admin_neither_deactivates_demotes_nor_moves_itself(tree, users, change, expected, code):
    if change.get("organization"):
        change["organization"] = getattr(tree, change["organization"])
    with pytest.raises(RuleViolation) as exc:
        update(users.admin_a, users.admin_a, **change)
    assert (message(exc), codes(exc.value)) == (expected, [code])
    users.admin_a.refresh_from_db()
    assert (users.admin_a.role, users.admin_a.is_active, users.admin_a.organization_id) == (
        "admin", True, tree.committee_a.pk)
    # The level above may.
    assert update(users.bloc_admin, users.admin_a, **change).pk == users.admin_a.pk


def test_deactivate_rules_and_audit(tree, users):
    refusal = accounts.user_deactivate_refusal(actor=users.admin_a, user=users.admin_a)
    assert refusal == "You cannot deactivate your own account: an administrator of the level above can."
    refused_alike(refusal, lambda: accounts.user_deactivate(actor=users.admin_a, user=users.admin_a), "deactivate_self")
    refused_alike(accounts.user_deactivate_refusal(actor=users.staff_a, user=users.staff_a),
                  lambda: accounts.user_deactivate(actor=users.staff_a, user=users.staff_a), None)
    assert accounts.user_deactivate_refusal(actor=users.staff_a, user=users.staff_a) == ADMIN_ONLY
    assert accounts.user_deactivate_refusal(actor=users.admin_a, user=users.viewer) == OUTSIDE

    user = accounts.user_deactivate(actor=users.admin_a, user=users.staff_a, reason="Nghỉ hưu")
    assert User.objects.get(pk=user.pk).is_active is False
    row = audit_rows(user)[-1]
    assert (row.action, row.actor_id, row.changes, row.note) == (
        "account.deactivate", users.admin_a.pk, {"is_active": [True, False]}, "Nghỉ hưu")
    refusal = accounts.user_deactivate_refusal(actor=users.admin_a, user=user)
    assert refusal == "The account staff_stc is already deactivated."
    refused_alike(refusal, lambda: accounts.user_deactivate(actor=users.admin_a, user=user), "already_inactive")
    # An inactive account is reactivated by a change.
    assert update(users.admin_a, user, is_active=True).is_active is True


def test_a_superuser_account_is_managed_by_superusers_only(tree, users):
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    with pytest.raises(NotFound):
        selectors.account_get(actor=users.bloc_admin, pk=root.pk)
    with pytest.raises(PermissionDenied) as exc:
        accounts.user_password_reset(actor=users.bloc_admin, user=root)
    assert str(exc.value) == "Only a superuser may change the account of a superuser."
    assert accounts.user_password_reset(actor=SYSTEM, user=root)


# --- passwords -------------------------------------------------------------------------------

def test_a_reset_gives_a_temporary_password_once_audited_without_it(tree, users):
    password = accounts.user_password_reset(actor=users.admin_a, user=users.staff_a)
    user = User.objects.get(pk=users.staff_a.pk)
    assert user.check_password(password) and not user.check_password(PASSWORD)
    assert user.must_change_password is True
    row = audit_rows(user)[-1]
    assert (row.action, row.actor_id, row.changes, row.note) == (
        "account.password_reset", users.admin_a.pk, {"must_change_password": [False, True]}, "")
    assert accounts.user_password_reset_refusal(actor=users.staff_a, user=users.staff_a) == ADMIN_ONLY
    assert accounts.user_password_reset_refusal(actor=users.admin_a, user=users.bloc_admin) == OUTSIDE
    user = accounts.user_deactivate(actor=users.admin_a, user=user)
    refusal = accounts.user_password_reset_refusal(actor=users.admin_a, user=user)
    assert refusal == "The account staff_stc is deactivated: activate it before resetting its password."
    refused_alike(refusal, lambda: accounts.user_password_reset(actor=users.admin_a, user=user), "reset_inactive")


def test_own_password_change_checks_the_old_one_and_clears_the_temporary_flag(tree, users):
    temporary = accounts.user_password_reset(actor=users.admin_a, user=users.staff_a)
    staff = User.objects.get(pk=users.staff_a.pk)
    with pytest.raises(ValidationError) as exc:
        accounts.password_change(actor=staff, old_password=PASSWORD, new_password=NEW_PASSWORD)
    assert (exc.value.message_dict, codes(exc.value)) == (
        {"old_password": ["The current password is wrong."]}, ["old_password_wrong"])
    with pytest.raises(ValidationError) as exc:
        accounts.password_change(actor=staff, old_password=temporary, new_password=temporary)
    assert (exc.value.message_dict, codes(exc.value)) == (
        {"new_password": ["The new password must differ from the current one."]}, ["password_same"])
    user = accounts.password_change(actor=staff, old_password=temporary, new_password=NEW_PASSWORD)
    user = User.objects.get(pk=user.pk)
    assert user.check_password(NEW_PASSWORD) and user.must_change_password is False
    row = audit_rows(user)[-1]
    assert (row.action, row.actor_id, row.changes) == (
        "account.password_change", staff.pk, {"must_change_password": [True, False]})
    assert NEW_PASSWORD not in str(row.changes) and temporary not in str(row.changes)


@pytest.mark.parametrize(
    ("new", "expected", "code"),
    [
        ("kg2026", ["This password is too short. It must contain at least 8 characters."], ["password_too_short"]),
        ("password123", ["This password is too common."], ["password_too_common"]),
        ("12345", ["This password is too short. It must contain at least 8 characters.",
                   "This password is too common."], ["password_too_short", "password_too_common"]),
    ],
)
def test_own_password_change_runs_the_password_validators(tree, users, new, expected, code):
    with pytest.raises(ValidationError) as exc:
        accounts.password_change(actor=users.viewer, old_password=PASSWORD, new_password=new)
    assert (exc.value.message_dict, codes(exc.value)) == ({"new_password": expected}, code)
    assert User.objects.get(pk=users.viewer.pk).check_password(PASSWORD)


# --- unlock, lockouts ---------------------------------------------------------------------

def test_unlock_clears_the_lockout_of_that_username_only(tree, users):
    assert selectors.account_locked(username="staff_stc") is False
    refusal = accounts.user_unlock_refusal(actor=users.admin_a, user=users.staff_a)
    assert refusal == "The account staff_stc is not locked."
    refused_alike(refusal, lambda: accounts.user_unlock(actor=users.admin_a, user=users.staff_a), "not_locked")
    lock_out("staff_stc")
    lock_out("viewer_khoi")
    lock_out("admin_khoi", failures=4)  # under the limit: not locked
    assert selectors.account_locked(username="staff_stc") is True
    assert selectors.locked_usernames(["staff_stc", "viewer_khoi", "admin_khoi", "admin_stc"]) == {
        "staff_stc", "viewer_khoi"}
    assert accounts.user_unlock_refusal(actor=users.staff_a, user=users.staff_a) == ADMIN_ONLY
    assert accounts.user_unlock_refusal(actor=users.admin_a, user=users.viewer) == OUTSIDE
    assert accounts.user_unlock(actor=users.admin_a, user=users.staff_a) == 1
    assert selectors.locked_usernames(["staff_stc", "viewer_khoi"]) == {"viewer_khoi"}
    row = audit_rows(users.staff_a)[-1]
    assert (row.action, row.actor_id, row.note) == ("account.unlock", users.admin_a.pk, "1 failed logins cleared.")


def test_an_old_lockout_has_expired(tree, users):
    lock_out("staff_stc")
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert selectors.account_locked(username="staff_stc") is False


# --- account selectors --------------------------------------------------------------------

def test_accounts_are_read_by_administrators_in_their_subtree(tree, users, django_assert_num_queries):
    other = make_user(tree.cell_b1, "canbo_bv", User.Role.STAFF, actor=users.bloc_admin)
    with django_assert_num_queries(1):
        rows = [(u.username, u.organization.name) for u in selectors.account_list(actor=users.bloc_admin)]
    assert rows == [
        ("admin_khoi", "Đảng bộ các cơ quan Đảng tỉnh"), ("viewer_khoi", "Đảng bộ các cơ quan Đảng tỉnh"),
        ("admin_stc", "Đảng bộ Sở Tài chính"), ("staff_stc", "Đảng bộ Sở Tài chính"),
        ("canbo_bv", "Chi bộ Bệnh viện"),
    ]
    assert [u.username for u in selectors.account_list(actor=users.admin_a)] == ["admin_stc", "staff_stc"]
    assert list(selectors.account_list(actor=users.staff_a)) == []
    assert list(selectors.account_list(actor=users.viewer)) == []
    assert selectors.account_get(actor=users.admin_a, pk=users.staff_a.pk) == users.staff_a
    for actor, account in ((users.admin_a, other), (users.admin_a, users.bloc_admin), (users.staff_a, users.staff_a)):
        with pytest.raises(NotFound):
            selectors.account_get(actor=actor, pk=account.pk)
    assert [o.name for o in selectors.account_organizations(actor=users.admin_a)] == [
        "Đảng bộ Sở Tài chính", "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Đảng bộ bộ phận Kho bạc", "Chi bộ Kho bạc 1"]
    assert list(selectors.account_organizations(actor=users.staff_a)) == []


# --- roles mean something: restructuring organizations ---------------------------------------

RESTRUCTURE_OWN = ("Đảng bộ Sở Tài chính is the organization of your own account: only an administrator of the level "
                   "above may rename, move, merge or dissolve it.")


def restructuring(actor, org, target) -> list:
    """Renaming, moving (under `target`), merging (into `target`) and dissolving `org`."""
    return [
        lambda: services.organization_rename(actor=actor, organization=org, name="Tên mới", on=D(2024, 1, 1)),
        lambda: services.organization_move(actor=actor, organization=org, new_parent=target, on=D(2024, 1, 1)),
        lambda: services.organization_merge(actor=actor, source=org, target=target, on=D(2024, 1, 1)),
        lambda: services.organization_dissolve(actor=actor, organization=org, on=D(2024, 1, 1)),
    ]


def test_staff_enter_but_do_not_restructure(tree, users):
    with pytest.raises(PermissionDenied) as exc:
        make_org(tree.committee_a, "CB-MOI", "Chi bộ mới", "cell", actor=users.staff_a)
    assert str(exc.value) == ADMIN_ONLY
    for write in restructuring(users.staff_a, tree.cell_a2, tree.sub_a):
        with pytest.raises(PermissionDenied) as exc:
            write()
        assert str(exc.value) == ADMIN_ONLY
    assert services.organization_dissolve_refusal(actor=users.staff_a, organization=tree.cell_a2, on=D(2024, 1, 1)) == (
        ADMIN_ONLY)
    # Committees are still theirs to record.
    assert services.committee_create(actor=users.staff_a, organization=tree.committee_a, term_start=D(2020, 10, 1),
                                     term_end=D(2025, 10, 1)).pk


def test_nobody_restructures_the_root_of_their_own_scope(tree, users):
    for write in restructuring(users.admin_a, tree.committee_a, tree.sub_a):
        with pytest.raises(RuleViolation) as exc:
            write()
        assert (message(exc), codes(exc.value)) == (RESTRUCTURE_OWN, ["restructure_own_organization"])
    assert services.organization_move_refusal(actor=users.admin_a, organization=tree.committee_a,
                                              new_parent=tree.committee_b, on=D(2024, 1, 1)) == OUTSIDE
    assert services.organization_dissolve_refusal(actor=users.admin_a, organization=tree.committee_a,
                                                  on=D(2024, 1, 1)) == RESTRUCTURE_OWN
    assert list(selectors.move_targets(actor=users.admin_a, organization=tree.committee_a)) == []
    assert list(selectors.merge_targets(actor=users.admin_a, organization=tree.committee_a)) == []
    tree.refresh()
    assert tree.committee_a.name == "Đảng bộ Sở Tài chính" and tree.committee_a.is_active
    # The level above may; and the admin of A adds under A and restructures what stands under it.
    renamed = services.organization_rename(actor=users.bloc_admin, organization=tree.committee_a,
                                           name="Đảng bộ Sở Tài chính tỉnh", on=D(2024, 1, 1))
    assert renamed.name == "Đảng bộ Sở Tài chính tỉnh"
    cell = make_org(tree.committee_a, "CB-MOI", "Chi bộ mới", "cell", actor=users.admin_a)
    services.organization_move(actor=users.admin_a, organization=cell, new_parent=tree.sub_a, on=D(2024, 1, 1))
    services.organization_merge(actor=users.admin_a, source=cell, target=tree.cell_sub, on=D(2024, 2, 1))
    services.organization_dissolve(actor=users.admin_a, organization=tree.cell_a2, on=D(2024, 3, 1))
    tree.refresh()
    assert (cell.__class__.objects.get(pk=cell.pk).merged_into_id, tree.cell_a2.dissolved_on) == (
        tree.cell_sub.pk, D(2024, 3, 1))


# --- the command ---------------------------------------------------------------------------

def run(*args, stdin=None) -> str:
    out = io.StringIO()
    call_command("user", *args, stdout=out, stdin=stdin)
    return out.getvalue()


def test_command_creates_resets_and_deactivates_as_the_system(tree, users, monkeypatch):
    passwords = iter(["abcd-efgh-jkmn", "pqrs-tuvw-xyz2"])
    monkeypatch.setattr(accounts, "temporary_password", lambda: next(passwords))
    out = run("create", "canbo_bv", "--org", "CB-SYT-BV", "--role", "staff", "--name", "Trần Văn Bệnh")
    assert out == (
        "Account canbo_bv created (Staff, Chi bộ Bệnh viện).\n"
        "Temporary password of canbo_bv: abcd-efgh-jkmn\n"
        "Hand it to the person: it is shown only once and must be changed at the next login.\n"
    )
    user = User.objects.get(username="canbo_bv")
    assert (user.first_name, user.organization_id, user.role, user.must_change_password) == (
        "Trần Văn Bệnh", tree.cell_b1.pk, "staff", True)
    assert user.check_password("abcd-efgh-jkmn")
    assert run("reset", "canbo_bv") == (
        "Temporary password of canbo_bv: pqrs-tuvw-xyz2\n"
        "Hand it to the person: it is shown only once and must be changed at the next login.\n"
    )
    assert run("deactivate", "canbo_bv") == "Account canbo_bv deactivated.\n"
    user.refresh_from_db()
    assert user.is_active is False and user.check_password("pqrs-tuvw-xyz2")
    rows = audit_rows(user)
    assert [(r.action, r.actor_id, r.actor_name) for r in rows] == [
        ("account.create", None, "system"), ("account.password_reset", None, "system"),
        ("account.deactivate", None, "system")]


def test_command_reads_a_chosen_password_and_says_why_it_refuses(tree, users):
    out = run("create", "tudat", "--org", "DUK", "--role", "viewer", "--password-stdin",
              stdin=io.StringIO(NEW_PASSWORD + "\n"))
    assert out == "Account tudat created (Read-only, Đảng bộ các cơ quan Đảng tỉnh).\n"
    user = User.objects.get(username="tudat")
    assert user.check_password(NEW_PASSWORD) and user.must_change_password is False
    cases = [
        (("create", "x", "--org", "KHONG-CO", "--role", "staff"), "No organization with the code KHONG-CO."),
        (("create", "staff_stc", "--org", "DUK", "--role", "staff"), "The username staff_stc is already taken."),
        (("reset", "khong_co"), "No account khong_co."),
        (("deactivate", "tudat"), None),
        (("deactivate", "tudat"), "The account tudat is already deactivated."),
    ]
    for args, expected in cases:
        if expected is None:
            run(*args)
            continue
        with pytest.raises(CommandError) as exc:
            run(*args)
        assert str(exc.value) == expected
    with pytest.raises(CommandError) as exc:
        run("create", "ngan", "--org", "DUK", "--role", "staff", "--password-stdin", stdin=io.StringIO("kg2026x\n"))
    assert str(exc.value) == "This password is too short. It must contain at least 8 characters."
