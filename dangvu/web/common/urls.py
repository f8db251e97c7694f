"""The site itself: home (the tree of the user's organization), login, logout, the header
search, the health check. Not namespaced: ``home`` and ``login`` are what Django's
settings (LOGIN_URL, LOGIN_REDIRECT_URL) name."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
]
