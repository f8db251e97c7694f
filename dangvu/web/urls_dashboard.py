"""Plans, dashboards, drill-down and figure explanations (see views_dashboard)."""

from django.urls import path

from . import views_dashboard as views

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("explain/<str:indicator_code>/<int:org_pk>/<str:period_code>/", views.explain, name="plan_explain"),
    path("<str:plan_code>/", views.plan_home, name="plan_home"),
    path("<str:plan_code>/<int:org_pk>/", views.dashboard, name="plan_dashboard"),
    path("<str:plan_code>/<int:org_pk>/ranking/", views.ranking, name="plan_ranking"),
    path("<str:plan_code>/<int:org_pk>/trends/", views.trends, name="plan_trends"),
]
