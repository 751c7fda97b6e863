from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "nuanxin.ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        # Registers the periodic jobs with huey and the failure recorder (no business logic).
        from nuanxin.ops import jobs  # noqa: F401
