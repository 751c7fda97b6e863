from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "nuanxin.demo"
    verbose_name = "演示数据"
