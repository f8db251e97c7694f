"""Import pages, under /nhap-du-lieu/: upload → mapping → dry run → confirm → progress → summary."""

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<id:job_pk>/", views.job, name="job"),
    path("<id:job_pk>/confirm/", views.confirm, name="confirm"),
    path("<id:job_pk>/progress/", views.progress, name="progress"),
]
