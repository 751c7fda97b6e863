from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "nuanxin.access"
    verbose_name = "小区通行"
