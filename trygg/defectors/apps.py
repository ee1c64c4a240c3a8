from django.apps import AppConfig


class DefectorsConfig(AppConfig):
    name = "trygg.defectors"
    label = "defectors"
    verbose_name = "Avhopparverksamhet"
