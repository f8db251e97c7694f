"""The working-day calendar, under /lich-lam-viec/: the days off of a year, the government's
changes with their documents, a deadline calculator; recording and removing a change."""

from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar_year, name="index"),
    path("them/", views.change_add, name="add"),
    path("xoa/", views.change_remove, name="remove"),
]
