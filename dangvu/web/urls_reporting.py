"""Unit reporting: data entry, due list, approvals (see views_reporting)."""

urlpatterns: list = []
