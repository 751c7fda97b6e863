from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "nuanxin.stations"
    verbose_name = "驿站与服务点"
