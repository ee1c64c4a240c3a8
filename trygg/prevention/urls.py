from django.urls import path

from trygg.prevention.districts import views as districts
from trygg.prevention.est import views as est
from trygg.prevention.imports import views as imports
from trygg.prevention.indicators import views as indicators
from trygg.prevention.plan import views as plan
from trygg.prevention.situation import views as situation

app_name = "prevention"

urlpatterns = [
    path("", indicators.index_view, name="index"),
    path("indikator/ny/", indicators.indicator_create_view, name="indicator_create"),
    path("indikator/<int:indicator_id>/", indicators.indicator_edit_view, name="indicator_edit"),
    path("indikator/<int:indicator_id>/varden/", indicators.values_view, name="values"),
    path("lagesbild/", situation.situation_list_view, name="situations"),
    path("lagesbild/ny/", situation.situation_create_view, name="situation_create"),
    path("lagesbild/<int:situation_id>/", situation.situation_view, name="situation"),
    path(
        "lagesbild/<int:situation_id>/redigera/",
        situation.situation_edit_view,
        name="situation_edit",
    ),
    path(
        "lagesbild/<int:situation_id>/problem/",
        situation.problem_add_view,
        name="problem_add",
    ),
    path(
        "lagesbild/<int:situation_id>/problem/<int:problem_id>/ta-bort/",
        situation.problem_remove_view,
        name="problem_remove",
    ),
    path(
        "lagesbild/<int:situation_id>/bilaga/",
        situation.attachment_add_view,
        name="situation_attach",
    ),
    path(
        "lagesbild/<int:situation_id>/bilaga/<int:attachment_id>/",
        situation.attachment_download_view,
        name="situation_attachment",
    ),
    path(
        "lagesbild/<int:situation_id>/bilaga/<int:attachment_id>/ta-bort/",
        situation.attachment_remove_view,
        name="situation_detach",
    ),
    path(
        "lagesbild/<int:situation_id>/anta/",
        situation.situation_adopt_view,
        name="situation_adopt",
    ),
    path(
        "lagesbild/<int:situation_id>/ny-version/",
        situation.situation_version_view,
        name="situation_version",
    ),
    path("plan/", plan.plan_list_view, name="plans"),
    path("plan/ny/", plan.plan_create_view, name="plan_create"),
    path("plan/<int:plan_id>/", plan.plan_view, name="plan"),
    path("plan/<int:plan_id>/redigera/", plan.plan_edit_view, name="plan_edit"),
    path("plan/<int:plan_id>/anta/", plan.plan_adopt_view, name="plan_adopt"),
    path("plan/<int:plan_id>/arsrapport/", plan.annual_report_order_view, name="annual_report"),
    path(
        "plan/<int:plan_id>/arsrapport/<int:report_id>.pdf",
        plan.annual_report_download_view,
        name="annual_report_download",
    ),
    path("plan/<int:plan_id>/kalkyl/", plan.estimate_view, name="estimate"),
    path("plan/<int:plan_id>/kalkyl/antagande/", plan.assumption_add_view, name="assumption_add"),
    path("plan/<int:plan_id>/kalkyl/rad/", plan.estimate_line_add_view, name="estimate_add"),
    path(
        "plan/<int:plan_id>/kalkyl/rad/<int:line_id>/ta-bort/",
        plan.estimate_line_remove_view,
        name="estimate_remove",
    ),
    path("plan/<int:plan_id>/publicera/", plan.plan_publish_view, name="plan_publish"),
    path("plan/<int:plan_id>/atgard/ny/", plan.measure_create_view, name="measure_create"),
    path("plan/<int:plan_id>/atagande/", plan.commitment_add_view, name="commitment_add"),
    path(
        "plan/<int:plan_id>/atagande/uppfoljning/",
        plan.commitment_follow_up_view,
        name="commitment_follow_up",
    ),
    path("atgard/<int:measure_id>/", plan.measure_view, name="measure"),
    path("atgard/<int:measure_id>/redigera/", plan.measure_edit_view, name="measure_edit"),
    path("atgard/<int:measure_id>/siffror/", plan.programme_figures_view, name="programme_figures"),
    path("atgard/<int:measure_id>/ta-bort/", plan.measure_remove_view, name="measure_remove"),
    path("atgard/<int:measure_id>/finansiering/", plan.funding_add_view, name="funding_add"),
    path(
        "atgard/<int:measure_id>/finansiering/<int:funding_id>/ta-bort/",
        plan.funding_remove_view,
        name="funding_remove",
    ),
    path("atgard/<int:measure_id>/bidrag/", plan.grant_link_view, name="grant_link"),
    path(
        "atgard/<int:measure_id>/bidrag/<int:grant_id>/ta-bort/",
        plan.grant_unlink_view,
        name="grant_unlink",
    ),
    path("atgard/<int:measure_id>/indikator/", plan.target_add_view, name="target_add"),
    path(
        "atgard/<int:measure_id>/indikator/<int:target_id>/ta-bort/",
        plan.target_remove_view,
        name="target_remove",
    ),
    path("atgard/<int:measure_id>/uppfoljning/", plan.follow_up_view, name="follow_up"),
    path("est/", est.reports_view, name="reports"),
    path("platser/", est.places_view, name="places"),
    path("import/", imports.import_list_view, name="import_list"),
    path("import/<int:import_id>/", imports.import_view, name="import"),
    path("omrade/<int:district_id>/", districts.district_view, name="district"),
    path("omrade/<int:district_id>/profil.csv", districts.district_csv_view, name="district_csv"),
    path(
        "omrade/<int:district_id>/profil.xlsx", districts.district_xlsx_view, name="district_xlsx"
    ),
]
