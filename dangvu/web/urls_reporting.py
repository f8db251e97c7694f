"""Unit reporting: data entry, due list, approvals (see views_reporting)."""

from django.urls import path

from . import views_reporting as views

urlpatterns = [
    path("", views.due, name="reporting"),
    path("<int:org_pk>/<str:period_code>/", views.entry, name="reporting_entry"),
    path("<int:org_pk>/<str:period_code>/approve/", views.approve, name="reporting_approve"),
    path("<int:org_pk>/<str:period_code>/reopen/", views.reopen, name="reporting_reopen"),
    path("<int:org_pk>/<str:period_code>/rows/<str:indicator_code>/", views.row, name="reporting_row"),
    path("<int:org_pk>/<str:period_code>/<str:indicator_code>/history/", views.history, name="reporting_history"),
]
