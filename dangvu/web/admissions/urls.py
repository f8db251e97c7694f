"""Admission pages, under /ket-nap/."""

from django.urls import path

from . import views

app_name = "admissions"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("han/", views.due, name="due"),
    path("new/", views.candidate_new, name="new"),
    path("<id:pk>/", views.candidate_detail, name="detail"),
    path("<id:pk>/edit/", views.candidate_edit, name="edit"),
    path("<id:pk>/step/", views.step, name="step"),
    path("<id:pk>/undo/", views.step_undo, name="undo"),
    path("<id:pk>/extend/", views.candidate_extend, name="extend"),
    path("<id:pk>/close/", views.candidate_close, name="close"),
]
