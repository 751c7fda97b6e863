from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nuanxin.web"
    verbose_name = "网页与接口"
