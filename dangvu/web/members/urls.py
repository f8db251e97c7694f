"""Member pages, under /members/."""

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export.xlsx", views.member_export, name="export"),
    path("<id:pk>/", views.member_detail, name="detail"),
    path("<id:pk>/edit/", views.member_edit, name="edit"),
    path("<id:pk>/status/", views.member_status, name="status"),
    path("<id:pk>/transfer/", views.member_transfer, name="transfer"),
]
