"""Writing plans: a new plan, its targets, handing a target down (see views_plans). Included
before urls_dashboard: "new/" is not a plan's code."""

from django.urls import path

from . import views_plans as views

urlpatterns = [
    path("new/", views.plan_new, name="plan_new"),
    path("<str:plan_code>/targets/", views.targets, name="plan_targets"),
    path("<str:plan_code>/targets/<int:target_pk>/cascade/", views.cascade, name="plan_target_cascade"),
    path("<str:plan_code>/targets/<int:target_pk>/delete/", views.target_delete, name="plan_target_delete"),
]
