from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("orgs/<int:pk>/", views.organization_detail, name="organization"),
    path("orgs/<int:pk>/children/", views.organization_children, name="organization_children"),
    path("orgs/<int:pk>/export.xlsx", views.organization_export, name="organization_export"),
    path("orgs/<int:pk>/<slug:action>/", views.organization_action, name="organization_action"),
    path("members/", views.member_list, name="members"),
    path("members/export.xlsx", views.member_export, name="members_export"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/status/", views.member_status, name="member_status"),
    path("members/<int:pk>/transfer/", views.member_transfer, name="member_transfer"),
    path("reporting/", include("dangvu.web.urls_reporting")),
    path("plans/", include("dangvu.web.urls_plans")),
    path("plans/", include("dangvu.web.urls_tasks")),
    path("plans/", include("dangvu.web.urls_dashboard")),
]
