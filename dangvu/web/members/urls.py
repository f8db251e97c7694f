"""Member pages, under /members/."""

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("pick/", views.member_pick, name="pick"),
    path("export.xlsx", views.member_export, name="export"),
    path("export.csv", views.member_export_csv, name="export_csv"),
    path("<id:pk>/", views.member_detail, name="detail"),
    path("<id:pk>/edit/", views.member_edit, name="edit"),
    path("<id:pk>/status/", views.member_status, name="status"),
    path("<id:pk>/transfer/", views.member_transfer, name="transfer"),
    path("new/", views.member_new, name="new"),
    path("<id:pk>/status/<id:change_pk>/annul/", views.status_annul, name="status_annul"),
    path("<id:pk>/transfers/<id:transfer_pk>/annul/", views.transfer_annul, name="transfer_annul"),
    path("<id:pk>/transfer-out/", views.transfer_out, name="transfer_out"),
    path("<id:pk>/temporary/", views.transfer_temporary, name="temporary"),
    path("seats/<id:org_pk>/", views.seats, name="seats"),
    path("seats/end/<id:seat_pk>/", views.seat_end, name="seat_end"),
]
