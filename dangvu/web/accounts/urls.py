"""Account pages, under /accounts/: the accounts an administrator manages, and everyone's
change of password."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_new, name="new"),
    path("password/", views.password_change, name="password"),
    path("<id:pk>/", views.account_edit, name="edit"),
    path("<id:pk>/deactivate/", views.account_deactivate, name="deactivate"),
    path("<id:pk>/reset/", views.account_reset, name="reset"),
    path("<id:pk>/unlock/", views.account_unlock, name="unlock"),
]
