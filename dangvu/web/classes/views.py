"""Classes and resolution study pages: the list of classes (filters by year, kind,
organization subtree, with the count of each kind), one class with its sessions, attendees,
results and certificates; recording and correcting a class, adding sessions and attendees
(members and candidates of the organizer's subtree), recording results and issuing
certificates in bulk; adding a kind of class (an administrator); study sessions.

Views parse, scope (through ``classes.selectors`` and ``orgs.selectors``: outside the
actor's subtree answers 404), call one service and render. A read-only account gets the
403 page with the reason on every page that writes."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.classes import selectors, services
from dangvu.classes.models import Course
from dangvu.core.audit import history_for
from dangvu.core.errors import PermissionDenied
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import admin_refusal, writable_organizations, write_refusal
from dangvu.web.common.audit_display import audit_rows
from dangvu.web.common.pages import (
    paginate,
    query_without_page,
    register_filters,
    root_of,
    service_form,
    writable_root,
)
from dangvu.web.common.widgets import member_label, organization_choices

from .forms import (
    AttendeesForm,
    CertificatesForm,
    ConfirmForm,
    CourseFilterForm,
    CourseForm,
    KindForm,
    ResultsForm,
    SessionForm,
    StudyFilterForm,
    StudyForm,
)

HELP = {
    "course": gettext_lazy(
        "Record a class held by an organization: its kind, name, dates and place. The class counts in the figures "
        "of the organization holding it, in the year of its end date. The attendees, their results and the "
        "certificates are recorded on the class's page."),
    "attendees": gettext_lazy(
        "Choose who attends: members on the rolls of cells under the organizer, or admission candidates of those "
        "cells. The Party awareness class is for candidates; the new-member class for members."),
    "certificates": gettext_lazy(
        "Give the number of each certificate issued (leave it blank for those who receive none now). A Party "
        "awareness class certificate is also recorded as the first step of the candidate's admission file, and a "
        "new-member class certificate in the member's file, with the same number and date."),
    "study": gettext_lazy(
        "Record a session in which an organization studied a resolution, with the members present and those "
        "expected."),
}


def _writable_course(request, pk: int) -> Course:
    course = selectors.course_get(actor=request.user, pk=pk)
    refusal = write_refusal(request.user, course.organizer)
    if refusal:
        raise PermissionDenied(refusal)
    return course


def _kind_choices():
    return [(k.pk, k.name) for k in selectors.course_kinds()]


# Classes

def course_list(request):
    root = root_of(request)
    form = CourseFilterForm(request.GET)
    form.fields["kind"].choices = [("", _("All")), *_kind_choices()]
    filters, org = register_filters(request, form, root)
    kind = selectors.kind_get(filters["kind"]) if filters["kind"] else None
    qs = selectors.course_list(actor=request.user, year=filters["year"], kind=kind, organization=org)
    return render(request, "web/classes/list.html", {
        "form": form, "page": paginate(qs, filters["page"]), "params": query_without_page(request),
        "counts": selectors.counts_by_kind(actor=request.user, year=filters["year"], organization=org),
        "year": filters["year"], "can_write": not write_refusal(request.user, root),
        "can_add_kind": not admin_refusal(request.user, root)})


def course_detail(request, pk: int):
    course = selectors.course_get(actor=request.user, pk=pk)
    attendees = selectors.attendees(course)
    can_write = not write_refusal(request.user, course.organizer)
    return render(request, "web/classes/detail.html", {
        "course": course, "sessions": list(course.sessions.all()), "attendees": attendees,
        "passed": sum(1 for a in attendees if a.result == "passed"),
        "certified": sum(1 for a in attendees if a.certificate_date),
        "can_write": can_write, "results_refusal": services.results_refusal(actor=request.user, course=course),
        "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=course.organizer),
        "history": audit_rows(history_for(course)[:50], Course)})


def course_new(request):
    actor = request.user
    writable_root(request)
    today = timezone.localdate()
    form = CourseForm(request.POST or None, initial={"start": today, "end": today})
    form.fields["kind"].choices = _kind_choices()
    form.fields["organizer"].choices = organization_choices(
        writable_organizations(actor).filter(dissolved_on__isnull=True).order_by("path"))

    def call(data):
        data = dict(data)
        organizer = org_selectors.organization_get(actor=actor, pk=data.pop("organizer"))
        services.course_create(actor=actor, kind=selectors.kind_get(data.pop("kind")), organizer=organizer, **data)

    return service_form(request, form, call, "web/classes/form.html", {
        "form_title": _("Record a class"), "help": HELP["course"], "cancel_url": reverse("classes:list")},
        reverse("classes:list"))


def course_edit(request, pk: int):
    course = _writable_course(request, pk)
    url = reverse("classes:detail", args=[course.pk])
    form = CourseForm(request.POST or None, initial={
        "kind": course.kind_id, "name": course.name, "start": course.start, "end": course.end, "place": course.place,
        "note": course.note})
    del form.fields["organizer"]
    form.fields["kind"].choices = _kind_choices()

    def call(data):
        data = dict(data)
        services.course_update(actor=request.user, course=course, kind=selectors.kind_get(data.pop("kind")), **data)

    return service_form(request, form, call, "web/classes/form.html", {
        "form_title": _("Correct the class"), "subject": course, "cancel_url": url}, url)


def session_new(request, pk: int):
    course = _writable_course(request, pk)
    url = reverse("classes:detail", args=[course.pk])
    form = SessionForm(request.POST or None, initial={"on": course.start})
    return service_form(request, form, lambda data: services.session_add(actor=request.user, course=course, **data),
                        "web/classes/form.html", {"form_title": _("Add a session"), "subject": course,
                                                  "cancel_url": url}, url)


def attendees_add(request, pk: int):
    actor = request.user
    course = _writable_course(request, pk)
    url = reverse("classes:detail", args=[course.pk])
    form = AttendeesForm(request.POST or None)
    form.fields["members"].choices = [(m.pk, member_label(m))
                                      for m in selectors.member_choices(actor=actor, course=course)]
    form.fields["candidates"].choices = [(c.pk, member_label(c))
                                         for c in selectors.candidate_choices(actor=actor, course=course)]

    def call(data):
        services.attendees_add(
            actor=actor, course=course,
            members=[selectors.member_get(actor=actor, course=course, pk=p) for p in data["members"]],
            candidates=[selectors.candidate_get(actor=actor, course=course, pk=p) for p in data["candidates"]])

    return service_form(request, form, call, "web/classes/form.html", {
        "form_title": _("Add attendees"), "help": HELP["attendees"], "subject": course, "cancel_url": url}, url)


def attendee_remove(request, pk: int, attendee: int):
    course = _writable_course(request, pk)
    row = selectors.attendee_get(course=course, pk=attendee)
    url = reverse("classes:detail", args=[course.pk])
    context = {"form_title": _("Remove %(name)s from the class") % {"name": row.person_name}, "subject": course,
               "cancel_url": url}
    refusal = services.attendee_remove_refusal(actor=request.user, attendee=row)
    if refusal:
        return render(request, "web/classes/form.html", context | {"refusal": refusal}, status=409)
    return service_form(request, ConfirmForm(request.POST or None),
                        lambda data: services.attendee_remove(actor=request.user, attendee=row),
                        "web/classes/form.html", context | {"button": _("Remove")}, url)


def results(request, pk: int):
    course = _writable_course(request, pk)
    url = reverse("classes:detail", args=[course.pk])
    context = {"form_title": _("Record the results"), "course": course, "cancel_url": url}
    refusal = services.results_refusal(actor=request.user, course=course)
    if refusal:
        return render(request, "web/classes/form.html", context | {"subject": course, "refusal": refusal},
                      status=409)
    form = ResultsForm(request.POST or None, attendees=selectors.attendees(course))
    return service_form(
        request, form, lambda data: services.results_record(actor=request.user, course=course, results=form.results()),
        "web/classes/results.html", context, url)


def certificates(request, pk: int):
    course = _writable_course(request, pk)
    url = reverse("classes:detail", args=[course.pk])
    rows = selectors.attendees(course)
    refusals = selectors.certificate_refusals(actor=request.user, course=course, rows=rows)
    eligible = [a for a in rows if not refusals[a.pk]]
    others = [(a, refusals[a.pk]) for a in rows if refusals[a.pk]]
    form = CertificatesForm(request.POST or None, attendees=eligible, initial={"on": timezone.localdate()})
    return service_form(
        request, form,
        lambda data: services.certificates_issue(actor=request.user, course=course, on=data["on"],
                                                 numbers=form.numbers()),
        "web/classes/certificates.html", {"form_title": _("Issue the certificates"), "course": course,
                                          "others": others, "help": HELP["certificates"], "cancel_url": url}, url)


def kind_new(request):
    root = root_of(request)
    refusal = admin_refusal(request.user, root)
    if refusal:
        raise PermissionDenied(refusal)
    url = reverse("classes:list")
    return service_form(request, KindForm(request.POST or None),
                        lambda data: services.course_kind_create(actor=request.user, **data),
                        "web/classes/form.html", {"form_title": _("Add a kind of class"), "cancel_url": url}, url)


# Resolution study

def study_list(request):
    root = root_of(request)
    form = StudyFilterForm(request.GET)
    filters, org = register_filters(request, form, root)
    qs = selectors.study_list(actor=request.user, year=filters["year"], organization=org)
    return render(request, "web/classes/studies.html", {
        "form": form, "page": paginate(qs, filters["page"]), "params": query_without_page(request),
        "can_write": not write_refusal(request.user, root)})


def study_new(request):
    actor = request.user
    writable_root(request)
    form = StudyForm(request.POST or None, initial={"on": timezone.localdate()})
    form.fields["organization"].choices = organization_choices(
        writable_organizations(actor).filter(dissolved_on__isnull=True).order_by("path"))

    def call(data):
        data = dict(data)
        org = org_selectors.organization_get(actor=actor, pk=data.pop("organization"))
        services.study_create(actor=actor, organization=org, **data)

    return service_form(request, form, call, "web/classes/form.html", {
        "form_title": _("Record a resolution study session"), "help": HELP["study"],
        "cancel_url": reverse("classes:studies")}, reverse("classes:studies"))
