from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "nuanxin.people"
    verbose_name = "新就业群体"
