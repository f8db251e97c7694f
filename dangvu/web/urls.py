"""The site's addresses: each domain's pages under a prefix of their own and a URL
namespace (``orgs:detail``, ``reporting:entry``, ...); the site itself (home, login,
search) at the root. A new app adds its sub-package and one line here."""

from django.urls import include, path

from dangvu.web.common import converters  # noqa: F401  (registers <id:...>)

urlpatterns = [
    path("", include("dangvu.web.common.urls")),
    path("orgs/", include("dangvu.web.orgs.urls")),
    path("members/", include("dangvu.web.members.urls")),
    path("kiem-tra/", include("dangvu.web.inspections.urls")),
    path("lop-hoc/", include("dangvu.web.classes.urls")),
    path("plans/", include("dangvu.web.plans.urls")),
    path("xep-loai/", include("dangvu.web.ratings.urls")),
    path("tasks/", include("dangvu.web.tasks.urls")),
    path("dashboard/", include("dangvu.web.dashboard.urls")),
    path("reporting/", include("dangvu.web.reporting.urls")),
    path("trao-doi/", include("dangvu.web.exchange.urls")),
    path("accounts/", include("dangvu.web.accounts.urls")),
    path("ket-nap/", include("dangvu.web.admissions.urls")),
    path("lich-lam-viec/", include("dangvu.web.calendar.urls")),
    path("nhap-du-lieu/", include("dangvu.web.imports.urls")),
    path("doc-so-lieu/", include("dangvu.web.extract.urls")),
    path("huy-hieu/", include("dangvu.web.badges.urls")),
    path("khen-thuong/", include("dangvu.web.awards.urls")),
    path("bao-cao/", include("dangvu.web.reports.urls")),
]
