from django.urls import path

from trygg.prevention.districts import views as districts
from trygg.prevention.est import views as est
from trygg.prevention.imports import views as imports
from trygg.prevention.indicators import views as indicators

app_name = "prevention"

urlpatterns = [
    path("", indicators.index_view, name="index"),
    path("indikator/ny/", indicators.indicator_create_view, name="indicator_create"),
    path("indikator/<int:indicator_id>/", indicators.indicator_edit_view, name="indicator_edit"),
    path("indikator/<int:indicator_id>/varden/", indicators.values_view, name="values"),
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
