"""Classes and resolution study pages, under /lop-hoc/."""

from django.urls import path

from . import views

app_name = "classes"
urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_new, name="new"),
    path("<id:pk>/", views.course_detail, name="detail"),
    path("<id:pk>/edit/", views.course_edit, name="edit"),
    path("<id:pk>/sessions/new/", views.session_new, name="session_new"),
    path("<id:pk>/attendees/", views.attendees_add, name="attendees"),
    path("<id:pk>/attendees/<id:attendee>/remove/", views.attendee_remove, name="attendee_remove"),
    path("<id:pk>/results/", views.results, name="results"),
    path("<id:pk>/certificates/", views.certificates, name="certificates"),
    path("kinds/new/", views.kind_new, name="kind_new"),
    path("study/", views.study_list, name="studies"),
    path("study/new/", views.study_new, name="study_new"),
]
