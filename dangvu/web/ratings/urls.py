"""Rating pages, under /xep-loai/."""

from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("open/", views.round_open, name="open"),
    path("round/<id:pk>/", views.round_detail, name="round"),
    path("round/<id:pk>/sheet/", views.round_sheet, name="sheet"),
    path("rating/<id:pk>/self/", views.rating_self, name="self"),
    path("rating/<id:pk>/propose/", views.rating_propose, name="propose"),
    path("rating/<id:pk>/check/", views.rating_check, name="check"),
    path("rating/<id:pk>/decide/", views.rating_decide, name="decide"),
    path("summary/", views.summary, name="summary"),
    path("summary/export/", views.summary_export, name="summary_export"),
]
