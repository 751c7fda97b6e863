from django.apps import AppConfig


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
