from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "trygg.organisations"
    label = "organisations"
    verbose_name = "Organisations"
