from django.urls import path

from trygg.prevention.districts import views as districts
from trygg.prevention.est import views as est
from trygg.prevention.imports import views as imports
from trygg.prevention.indicators import views as indicators
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
        "lagesbild/<int:situation_id>/anta/",
        situation.situation_adopt_view,
        name="situation_adopt",
    ),
    path(
        "lagesbild/<int:situation_id>/ny-version/",
        situation.situation_version_view,
        name="situation_version",
    ),
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
