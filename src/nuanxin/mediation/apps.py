from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "nuanxin.mediation"
    verbose_name = "人民调解"
