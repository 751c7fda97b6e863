from django.apps import AppConfig, apps


class AccountsConfig(AppConfig):
    name = "nuanxin.accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        # django-axes names its admin section after its label ("Axes"); its models and
        # columns are translated in nuanxin/locale (axes ships no Chinese).
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = "登录保护"
