from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("dangvu.web.urls")),
    path("orgs/", include("dangvu.orgs.urls")),
    path("members/", include("dangvu.members.urls")),
]
