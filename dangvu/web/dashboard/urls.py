"""Plans and their dashboards, under /dashboard/: the list of plans, a plan's dashboard for
an organization, its ranking of units and trends, and the explanation of any figure."""

from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("figures/<str:indicator_code>/<id:org_pk>/<str:period_code>/", views.explain, name="explain"),
    path("<str:plan_code>/", views.plan_home, name="plan"),
    path("<str:plan_code>/<id:org_pk>/", views.dashboard, name="dashboard"),
    path("<str:plan_code>/<id:org_pk>/ranking/", views.ranking, name="ranking"),
    path("<str:plan_code>/<id:org_pk>/trends/", views.trends, name="trends"),
]
