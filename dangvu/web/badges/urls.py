"""Party badge pages, under /huy-hieu/."""

from django.urls import path

from . import views

app_name = "badges"
urlpatterns = [
    path("", views.badge_list, name="list"),
    path("print/", views.badge_print, name="print"),
    path("export/", views.badge_export, name="export"),
    path("award/", views.badge_award_list, name="award_list"),
    path("member/<id:pk>/award/", views.badge_award, name="award"),
    path("dates/", views.badge_dates, name="dates"),
    path("dates/new/", views.badge_date_new, name="date_new"),
    path("rules/", views.badge_rules, name="rules"),
    path("work-form/", views.work_form, name="work_form"),
    path("work-form/export/", views.work_form_export, name="work_form_export"),
]
