"""Key tasks of a plan (see views_tasks). Included before urls_dashboard."""

from django.urls import path

from . import views_tasks as views

urlpatterns = [
    path("<str:plan_code>/<int:org_pk>/tasks/", views.tasks, name="plan_tasks"),
    path("<str:plan_code>/<int:org_pk>/tasks/export.xlsx", views.tasks_export, name="plan_tasks_export"),
    path("<str:plan_code>/tasks/<int:task_pk>/status/", views.task_status, name="plan_task_status"),
]
