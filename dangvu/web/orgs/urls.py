"""Organization pages, under /orgs/."""

from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/children/", views.organization_children, name="children"),
    path("<int:pk>/export.xlsx", views.organization_export, name="export"),
    path("<int:pk>/<slug:action>/", views.organization_action, name="action"),
]
