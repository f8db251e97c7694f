"""Data exchange, under /trao-doi/: a unit's Excel reporting template (download, upload,
the dry run, confirm), and a target handed down by a rule or from an Excel file."""

from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("mau/<id:org_pk>/<str:period_code>/", views.upload, name="upload"),
    path("mau/<id:org_pk>/<str:period_code>/tai-ve/", views.template_download, name="template"),
    path("mau/<id:org_pk>/<str:period_code>/xac-nhan/", views.confirm, name="confirm"),
    path("giao-chi-tieu/<str:plan_code>/<id:target_pk>/", views.handdown, name="handdown"),
    path("giao-chi-tieu/<str:plan_code>/<id:target_pk>/tai-ve/", views.handdown_file, name="handdown_file"),
]
