from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "nuanxin.dashboard"
    verbose_name = "数据看板"
