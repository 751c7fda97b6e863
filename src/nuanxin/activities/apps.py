from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "nuanxin.activities"
    verbose_name = "关爱活动"
