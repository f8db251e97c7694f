"""Figures counted from the classes and study register (see core.measures).

- ``classes.awareness_held``, ``classes.new_member_held``, ``classes.professional_held``:
  classes of that kind whose **end date** falls in the period, each counted once for the
  organization that held it (the catalog's LOP_NHAN_THUC, LOP_DANG_VIEN_MOI, LOP_NGHIEP_VU);
  ``classes.held``: classes of every kind.
- ``classes.attendees``: attendees of the classes that ended in the period (a person on two
  classes counts twice), for the organization that held the class.
- ``classes.certificates``: certificates whose date falls in the period, for the
  organization that held the class.
- ``classes.studies``: resolution study sessions held in the period, for the organization
  that held them.
"""

from django.utils.translation import gettext_lazy as _

from dangvu.core.measures import Measure, register

from .models import AWARENESS, NEW_MEMBER, PROFESSIONAL, Attendee, Course, StudySession


def _held(code: str | None):
    def records(start, end):
        qs = Course.objects.filter(end__gte=start, end__lte=end)
        if code:
            qs = qs.filter(kind__code=code)
        return qs.select_related("kind")
    return records


def _attendees(start, end):
    return Attendee.objects.filter(course__end__gte=start, course__end__lte=end).select_related(
        "course", "member", "candidate")


def _certificates(start, end):
    return Attendee.objects.filter(certificate_date__gte=start, certificate_date__lte=end).select_related(
        "course", "member", "candidate")


def _studies(start, end):
    return StudySession.objects.filter(on__gte=start, on__lte=end)


def _course_text(record) -> str:
    return f"{record.name} ({record.start:%d/%m/%Y} – {record.end:%d/%m/%Y})"


def _attendee_text(record) -> str:
    return f"{record.person_name} — {record.course.name}"


def _certificate_text(record) -> str:
    return f"{record.person_name} — {record.course.name}: {record.certificate_number} ({record.certificate_date:%d/%m/%Y})"


def _study_text(record) -> str:
    return f"{record.resolution} ({record.on:%d/%m/%Y}): {record.present}/{record.expected}"


register(Measure("classes.awareness_held", _("Party awareness classes held"), _held(AWARENESS),
                 org_field="organizer_id", describe=_course_text))
register(Measure("classes.new_member_held", _("Political theory classes for new members held"), _held(NEW_MEMBER),
                 org_field="organizer_id", describe=_course_text))
register(Measure("classes.professional_held", _("Professional Party-building training classes held"),
                 _held(PROFESSIONAL), org_field="organizer_id", describe=_course_text))
register(Measure("classes.held", _("Classes held"), _held(None), org_field="organizer_id", describe=_course_text))
register(Measure("classes.attendees", _("Class attendees"), _attendees, org_field="course__organizer_id",
                 describe=_attendee_text))
register(Measure("classes.certificates", _("Class certificates issued"), _certificates,
                 org_field="course__organizer_id", describe=_certificate_text))
register(Measure("classes.studies", _("Resolution study sessions held"), _studies, describe=_study_text))
