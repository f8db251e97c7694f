"""Account pages, under /accounts/: the accounts an administrator manages, and everyone's
change of password."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_new, name="new"),
    path("password/", views.password_change, name="password"),
    path("<int:pk>/", views.account_edit, name="edit"),
    path("<int:pk>/deactivate/", views.account_deactivate, name="deactivate"),
    path("<int:pk>/reset/", views.account_reset, name="reset"),
    path("<int:pk>/unlock/", views.account_unlock, name="unlock"),
]
