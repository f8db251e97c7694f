"""Key tasks of a plan, under /tasks/."""

from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("<str:plan_code>/<id:org_pk>/", views.tasks, name="list"),
    path("<str:plan_code>/<id:org_pk>/export.xlsx", views.tasks_export, name="export"),
    path("<str:plan_code>/status/<id:task_pk>/", views.task_status, name="status"),
]
