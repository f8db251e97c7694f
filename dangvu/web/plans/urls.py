"""Writing plans, under /plans/: a new plan, its targets, handing a target down, deleting
one. Every address of a plan has a segment after its code, so no code is reserved."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("new/", views.plan_new, name="new"),
    path("<str:plan_code>/targets/", views.targets, name="targets"),
    path("<str:plan_code>/targets/<id:target_pk>/cascade/", views.cascade, name="cascade"),
    path("<str:plan_code>/targets/<id:target_pk>/delete/", views.target_delete, name="target_delete"),
]
