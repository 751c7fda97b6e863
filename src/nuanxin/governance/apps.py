from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "nuanxin.governance"
    verbose_name = "基层治理（书记赶集、小马扎）"
