"""Organization pages, under /orgs/."""

from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("<id:pk>/", views.organization_detail, name="detail"),
    path("<id:pk>/children/", views.organization_children, name="children"),
    path("<id:pk>/export.xlsx", views.organization_export, name="export"),
    path("<id:pk>/export.csv", views.organization_export_csv, name="export_csv"),
    path("<id:pk>/<slug:action>/", views.organization_action, name="action"),
]
