from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "nuanxin.benefits"
    verbose_name = "权益保障"
