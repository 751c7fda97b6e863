"""URL map: pages of each app, the admin, the API (/api/, docs at /api/docs)."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from nuanxin.kernel.plugins import app_modules
from nuanxin.web.api import api, api_not_found, mount_app_routers

admin.site.site_header = "暖新 · 后台管理"
admin.site.site_title = "暖新后台"
admin.site.index_title = "新就业群体服务与治理"

mount_app_routers()


def _app_pages() -> list[URLPattern | URLResolver]:
    """Include `<app>.urls` of every installed nuanxin app that has one."""
    return [path("", include(module)) for _, module in app_modules("urls")]


urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),  # unknown API paths: JSON 404
    path("i18n/", include("django.conf.urls.i18n")),
    *_app_pages(),
]
