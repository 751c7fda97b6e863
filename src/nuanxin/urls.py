"""URL map: pages of each app, the admin, the API (/api/, docs at /api/docs)."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from nuanxin.core.api import api, mount_app_routers

admin.site.site_header = "暖新 · 后台管理"
admin.site.site_title = "暖新后台"
admin.site.index_title = "新就业群体服务与治理"

mount_app_routers()


def _app_pages() -> list[URLPattern | URLResolver]:
    """Include `<app>.urls` of every installed nuanxin app that has one."""
    found: list[URLPattern | URLResolver] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.urls"
        if config.name.startswith("nuanxin.") and find_spec(name) is not None:
            found.append(path("", include(import_module(name))))
    return found


urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *_app_pages(),
]
