from django.urls import path

from trygg.defectors.plan.views import (
    intervention_add_view,
    intervention_edit_view,
    plan_goals_view,
    plan_view,
)

urlpatterns = [
    path("arende/<int:case_id>/plan/", plan_view, name="plan"),
    path("arende/<int:case_id>/plan/mal/", plan_goals_view, name="plan_goals"),
    path("arende/<int:case_id>/plan/insats/ny/", intervention_add_view, name="intervention_add"),
    path(
        "arende/<int:case_id>/plan/insats/<int:intervention_id>/",
        intervention_edit_view,
        name="intervention_edit",
    ),
]
