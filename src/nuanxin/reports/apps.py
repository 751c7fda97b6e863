from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "nuanxin.reports"
    verbose_name = "随手拍"
