"""Inspection, supervision and discipline pages, under /kiem-tra/."""

from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("new/", views.inspection_new, name="new"),
    path("<id:pk>/", views.inspection_detail, name="detail"),
    path("<id:pk>/conclude/", views.inspection_conclude, name="conclude"),
    path("programs/", views.program_list, name="programs"),
    path("programs/new/", views.program_new, name="program_new"),
    path("discipline/", views.discipline_list, name="disciplines"),
    path("discipline/new/", views.discipline_new, name="discipline_new"),
    path("discipline/<id:pk>/", views.discipline_detail, name="discipline"),
    path("discipline/<id:pk>/annul/", views.discipline_annul, name="discipline_annul"),
    path("discipline/<id:pk>/complaint/", views.complaint_new, name="complaint"),
]
