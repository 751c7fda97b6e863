from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "nuanxin.points"
    verbose_name = "积分与兑换"
