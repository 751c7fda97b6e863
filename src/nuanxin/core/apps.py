from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nuanxin.core"
    verbose_name = "基础"
