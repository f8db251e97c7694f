"""Figures read from a Vietnamese report, under /doc-so-lieu/."""

from django.urls import path

from . import views

app_name = "extract"
urlpatterns = [
    path("", views.start, name="start"),
    path("<id:org_pk>/<str:period_code>/", views.page, name="page"),
]
