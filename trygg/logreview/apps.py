from django.apps import AppConfig


class LogreviewConfig(AppConfig):
    name = "trygg.logreview"
    label = "logreview"
    verbose_name = "Logguppföljning"
