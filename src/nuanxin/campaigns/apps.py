from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "nuanxin.campaigns"
    verbose_name = "防非宣传进村居"
