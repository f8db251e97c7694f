"""Plans, dashboards, drill-down and figure explanations (see views_dashboard)."""

urlpatterns: list = []
