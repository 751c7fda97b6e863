from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "nuanxin.regions"
    verbose_name = "行政区划"
