from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "nuanxin.privacy"
    verbose_name = "个人信息保护"

    def ready(self) -> None:
        from nuanxin.privacy import checks  # noqa: F401  (registers the deploy checks)
