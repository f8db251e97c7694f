"""Units' returns, under /reporting/: what is due, a unit's data-entry page for a period,
approving and reopening it, one row saved by HTMX, the history of one value."""

from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.due, name="due"),
    path("unit/", views.unit, name="unit"),
    path("approve/", views.approve_many, name="approve_many"),
    path("<id:org_pk>/<str:period_code>/", views.entry, name="entry"),
    path("<id:org_pk>/<str:period_code>/approve/", views.approve, name="approve"),
    path("<id:org_pk>/<str:period_code>/reopen/", views.reopen, name="reopen"),
    path("<id:org_pk>/<str:period_code>/rows/<str:indicator_code>/", views.row, name="row"),
    path("<id:org_pk>/<str:period_code>/<str:indicator_code>/history/", views.history, name="history"),
]
