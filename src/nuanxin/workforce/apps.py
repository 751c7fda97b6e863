from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "nuanxin.workforce"
    verbose_name = "社区工作者队伍"
