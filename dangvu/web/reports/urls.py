"""Review report pages (issue 14), under /bao-cao/: the reports of the user's tree, one
report with its build, files and paragraphs, the document settings of an organization, and
the review conferences."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<id:pk>/", views.report_detail, name="detail"),
    path("<id:pk>/lap/", views.report_build, name="build"),
    path("<id:pk>/tien-do/", views.report_progress, name="progress"),
    path("<id:pk>/tep/<str:fmt>/", views.report_file, name="file"),
    path("<id:pk>/doan-van/", views.paragraph_edit, name="paragraph_edit"),
    path("<id:pk>/khoi-phuc/", views.paragraph_restore, name="paragraph_restore"),
    path("<id:pk>/da-xem-lai/", views.paragraph_review, name="paragraph_review"),
    path("to-chuc/<id:org_pk>/thiet-lap/", views.settings_edit, name="settings"),
    path("hoi-nghi/", views.conference_list, name="conferences"),
    path("hoi-nghi/new/", views.conference_new, name="conference_new"),
    path("hoi-nghi/<id:pk>/", views.conference_detail, name="conference"),
    path("hoi-nghi/<id:pk>/edit/", views.conference_edit, name="conference_edit"),
]
