"""Writes to the working-day calendar (``core.workdays``): the government's changes, kept
as data. A change is the same for the whole province, so only a superuser or an
administrator of a top organization (the provincial committee, or a Party committee directly
under it: the level that runs dangvu) records or removes one; everyone reads the calendar.

Preconditions are check functions (``_check_calendar_admin``, ``_check_calendar_change``);
``calendar_change_refusal`` runs them for the page (``core.errors.refusal``)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dangvu.core import audit, formatting, registry, workdays
from dangvu.core.dates import event_date_error
from dangvu.core.errors import (
    PermissionDenied,
    RuleViolation,
    field_error,
    field_errors,
    get_or_not_found,
    refusal,
)
from dangvu.core.models import CalendarChange
from dangvu.core.workdays import day_label, weekday_name  # noqa: F401  (pages and messages)

from .models import Organization
from .scope import is_admin, require_write

#: The calendar covers these years (the Party's founding to the last year the package knows).
FIRST_YEAR, LAST_YEAR = 1930, 2100
#: Organizations whose administrators keep the calendar.
TOP_KINDS = {Organization.Kind.PROVINCE, Organization.Kind.BLOC}
AUDIT_FIELDS = ["on", "kind", "document_number", "document_date", "document_summary"]


def _check_calendar_admin(*, actor) -> None:
    if getattr(actor, "is_superuser", False):
        return
    organization = getattr(actor, "organization", None)
    if organization is None:
        raise PermissionDenied(_("Your account is bound to no organization."))
    require_write(actor, organization)
    if not is_admin(actor) or organization.kind not in TOP_KINDS:
        raise PermissionDenied(_(
            "Only an administrator of the provincial committee or of the Party committee directly under it "
            "may change the working-day calendar: the days off are the same for every organization."))


def calendar_admin_refusal(*, actor) -> str:
    """Why the actor may not record or remove a change, or ""."""
    return refusal(_check_calendar_admin, actor=actor)


def _check_calendar_change(*, on: datetime.date, kind: str) -> None:
    """The change makes sense: within the calendar's years, none recorded on that date
    already, a make-up working day on a day off, an extra day off on a working weekday."""
    if not FIRST_YEAR <= on.year <= LAST_YEAR:
        raise field_error("on", _("The calendar covers the years %(first)s to %(last)s; %(date)s is outside them.") % {
            "first": FIRST_YEAR, "last": LAST_YEAR, "date": formatting.date(on)}, "calendar_year_out_of_range")
    existing = CalendarChange.objects.filter(on=on).first()
    if existing is not None:
        raise field_error("on", _("A change is already recorded for %(day)s (%(kind)s): remove it first to record "
                                  "another.") % {"day": day_label(on), "kind": existing.get_kind_display().lower()},
                          "calendar_change_exists")
    holiday = {h.on: h.name for h in workdays.holidays_of(on.year)}.get(on)
    if kind == CalendarChange.Kind.WORKING_DAY and workdays.is_working_day(on):
        raise field_error("on", _("%(day)s is already a working day: a make-up working day is a Saturday, a Sunday "
                                  "or a public holiday that is worked.") % {"day": day_label(on)},
                          "calendar_already_working_day")
    if kind == CalendarChange.Kind.DAY_OFF and workdays.is_weekend(on):
        raise field_error("on", _("%(day)s is a weekend day, already a day off: an extra day off is a Monday to "
                                  "Friday.") % {"day": day_label(on)}, "calendar_day_off_weekend")
    if kind == CalendarChange.Kind.DAY_OFF and holiday:
        raise field_error("on", _("%(day)s is already a public holiday (%(name)s): recording it again would count "
                                  "it twice.") % {"day": day_label(on), "name": holiday}, "calendar_day_off_holiday")


def calendar_change_refusal(*, actor, on: datetime.date, kind: str) -> str:
    """Why `calendar_change_create` would refuse this date and kind, or ""."""
    return refusal(_check_calendar_admin, actor=actor) or refusal(_check_calendar_change, on=on, kind=kind)


def _check_document(document_number: str, document_date: datetime.date | None, document_summary: str) -> None:
    errors = []
    if not document_number.strip():
        errors.append(field_error("document_number", _(
            "Give the number of the document that set this change (e.g. 2450/VPCP-KGVX)."), "calendar_document_number"))
    if document_date is None:
        errors.append(field_error("document_date", _("Give the date of the document that set this change."),
                                  "calendar_document_date"))
    else:
        error = event_date_error("document_date", document_date)
        if error is not None:
            errors.append(error)
    if not document_summary.strip():
        errors.append(field_error("document_summary", _(
            "Say in a few words what the document decided (e.g. a day off moved, a Saturday worked)."),
            "calendar_document_summary"))
    if errors:
        raise field_errors(*errors)


def _scope_path(actor) -> str:
    organization = getattr(actor, "organization", None)
    return organization.path if organization is not None else ""


@transaction.atomic
def calendar_change_create(*, actor, on: datetime.date, kind: str, document_number: str,
                           document_date: datetime.date | None, document_summary: str) -> CalendarChange:
    """Record a change to the working days of `on`: ``CalendarChange.Kind.DAY_OFF`` or
    ``WORKING_DAY``, with the document that set it (number, date, a few words)."""
    _check_calendar_admin(actor=actor)
    if kind not in CalendarChange.Kind.values:
        raise field_error("kind", _("Choose a day off or a make-up working day."), "calendar_kind")
    document_number, document_summary = (document_number or "").strip(), (document_summary or "").strip()
    _check_document(document_number, document_date, document_summary)
    _check_calendar_change(on=on, kind=kind)
    change = CalendarChange(on=on, kind=kind, document_number=document_number, document_date=document_date,
                            document_summary=document_summary,
                            recorded_by=actor if getattr(actor, "pk", None) else None)
    change.full_clean(exclude=["recorded_by"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError as exc:  # recorded meanwhile by someone else
        raise field_error("on", _("A change is already recorded for %(day)s: remove it first to record another.")
                          % {"day": day_label(on)}, "calendar_change_exists") from exc
    audit.record(actor=actor, action="calendar.change_create", obj=change, scope_path=_scope_path(actor),
                 changes={k: [None, v] for k, v in audit.snapshot(change, AUDIT_FIELDS).items()})
    workdays.clear_cache()
    registry.run_calendar_listeners()
    transaction.on_commit(workdays.clear_cache)
    return change


@transaction.atomic
def calendar_change_delete(*, actor, change: CalendarChange, reason: str = "") -> None:
    """Remove a change recorded by mistake (the date then follows the package and the weekend)."""
    _check_calendar_admin(actor=actor)
    locked = CalendarChange.objects.select_for_update().filter(pk=change.pk).first()
    if locked is None:
        raise RuleViolation(_("This change was already removed."), code="calendar_change_gone")
    audit.record(actor=actor, action="calendar.change_delete", obj=locked, scope_path=_scope_path(actor),
                 changes={k: [v, None] for k, v in audit.snapshot(locked, AUDIT_FIELDS).items()},
                 note=(reason or "").strip())
    locked.delete()
    workdays.clear_cache()
    registry.run_calendar_listeners()
    transaction.on_commit(workdays.clear_cache)


def calendar_change_get(pk: int) -> CalendarChange:
    """One change of the calendar (NotFound when there is none)."""
    return get_or_not_found(CalendarChange.objects.all(), pk=pk)
