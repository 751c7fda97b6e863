from django.apps import AppConfig, apps


class AccountsConfig(AppConfig):
    name = "nuanxin.accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        # Regions (a layer below) asks accounts who may draw a boundary: staff who reach
        # the region's parent (a region's shape is decided from above).
        from nuanxin.accounts.permissions import can
        from nuanxin.accounts.roles import BOUNDARY_ROLES
        from nuanxin.regions.services import register_boundary_edit_check

        register_boundary_edit_check(
            lambda user, region: region.parent is not None
            and can(user, BOUNDARY_ROLES, region.parent))
        # django-axes names its admin section after its label ("Axes"); its models and
        # columns are translated in nuanxin/locale (axes ships no Chinese).
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = "登录保护"
