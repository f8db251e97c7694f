"""Commendation, emulation movement and emulation title pages, under /khen-thuong/."""

from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.commendation_list, name="list"),
    path("new/", views.commendation_new, name="new"),
    path("new/member/<id:pk>/", views.commendation_new_member, name="new_member"),
    path("<id:pk>/", views.commendation_detail, name="detail"),
    path("<id:pk>/edit/", views.commendation_edit, name="edit"),
    path("<id:pk>/delete/", views.commendation_delete, name="delete"),
    path("proposed/", views.proposed, name="proposed"),
    path("proposed/export/", views.proposed_export, name="proposed_export"),
    path("proposed/decide/", views.proposed_decide, name="decide"),
    path("movements/", views.movement_list, name="movements"),
    path("movements/new/", views.movement_new, name="movement_new"),
    path("movements/<id:pk>/", views.movement_detail, name="movement"),
    path("titles/", views.title_list, name="titles"),
    path("titles/new/", views.title_new, name="title_new"),
]
