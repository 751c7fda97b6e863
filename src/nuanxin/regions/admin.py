"""The region tree in the back office: drill down from the city to the grids."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from nuanxin.accounts.roles import BOUNDARY_ROLES
from nuanxin.regions import selectors
from nuanxin.regions.admin_forms import RegionForm
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.services import bump_boundary_version, set_boundary
from nuanxin.web.admin_scope import RegionScopedAdmin


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    region_field = ""
    list_display = ["code", "name", "level", "parent", "tree_link"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "level", "parent", "path", "boundary_generated"]
    fields = ["code", "name", "level", "parent", "path", "lng", "lat", "shape",
              "boundary_generated"]
    form = RegionForm
    # Staff may draw the boundaries under the region they hold (set_boundary decides);
    # names and points stay with superusers (they come from the division file).
    change_roles = set(BOUNDARY_ROLES)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = list(super().get_readonly_fields(request, obj))
        return fixed if getattr(request.user, "is_superuser", False) else [
            *fixed, "name", "lng", "lat"]
    change_list_template = "admin/regions/region/change_list.html"

    @admin.display(description="下级")
    def tree_link(self, obj: Region) -> str:
        url = reverse("admin:regions_region_tree", args=[obj.code])
        return format_html('<a href="{}">展开</a>', url)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)

        class WithActor(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, actor=request.user, **kw)

        return WithActor

    def save_model(self, request: HttpRequest, obj: Region, form: Any, change: bool) -> None:
        """Names and points as before; a drawn boundary through services.set_boundary."""
        super().save_model(request, obj, form, change)
        if {"name", "lng", "lat"} & set(form.changed_data):
            bump_boundary_version()  # the locate index carries names and points
        geometry = getattr(form, "geometry", None)
        if geometry is not None:
            saved = set_boundary(actor=request.user, region=obj, geometry=geometry)
            self.message_user(request, "边界已保存" + (f"（{saved.repaired}）" if saved.repaired
                                                     else ""))

    def get_urls(self) -> list[URLPattern]:
        return [
            path("tree/", self.admin_site.admin_view(self.tree_view), name="regions_region_tree_root"),
            path("tree/<str:code>/", self.admin_site.admin_view(self.tree_view),
                 name="regions_region_tree"),
            *super().get_urls(),
        ]

    def tree_view(self, request: HttpRequest, code: str | None = None) -> HttpResponse:
        scope = self.get_queryset(request)
        if code is None:
            # Start at the highest regions this user reaches: the roots of their scope.
            reach = self.scope(request, self.view_roles)
            tops = list(selectors.roots() if reach.everything
                        else Region.objects.filter(path__in=reach.paths).order_by("path"))
            region = tops[0] if len(tops) == 1 else None
            if region is None:
                return render(request, "admin/regions/tree.html", {
                    **self.admin_site.each_context(request), "title": "区划树",
                    "region": None, "children": tops, "counts": {}, "ancestors": [],
                    "opts": self.model._meta})
        else:
            region = scope.filter(code=code).first()
            if region is None:
                raise Http404("区划不存在或不在您的辖区内")
        children = selectors.children(region)
        return render(request, "admin/regions/tree.html", {
            **self.admin_site.each_context(request),
            "title": f"区划树：{region.name}",
            "region": region,
            "ancestors": [a for a in selectors.ancestors(region)[:-1] if self.has_view_permission(
                request, a)],
            "counts": [(Level(level).label, n) for level, n in
                       selectors.descendant_counts(region).items()],
            "children": children,
            "opts": self.model._meta,
        })

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None
                        ) -> HttpResponse:
        extra = {"tree_url": reverse("admin:regions_region_tree_root"), **(extra_context or {})}
        return super().changelist_view(request, extra)
