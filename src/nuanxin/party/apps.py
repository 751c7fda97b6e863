from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "nuanxin.party"
    verbose_name = "新就业群体党建"
