from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "trygg.fund"
    label = "fund"
    verbose_name = "Trygghetsfond"
