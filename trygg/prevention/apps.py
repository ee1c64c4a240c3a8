from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "trygg.prevention"
    label = "prevention"
    verbose_name = "Brottsförebyggande arbete"
