"""Member pages, under /members/."""

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export.xlsx", views.member_export, name="export"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/status/", views.member_status, name="status"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("new/", views.member_new, name="new"),
    path("<int:pk>/status/<int:change_pk>/annul/", views.status_annul, name="status_annul"),
    path("<int:pk>/transfers/<int:transfer_pk>/annul/", views.transfer_annul, name="transfer_annul"),
    path("<int:pk>/transfer-out/", views.transfer_out, name="transfer_out"),
    path("<int:pk>/temporary/", views.transfer_temporary, name="temporary"),
    path("seats/<int:org_pk>/", views.seats, name="seats"),
    path("seats/end/<int:seat_pk>/", views.seat_end, name="seat_end"),
]
