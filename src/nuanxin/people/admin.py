"""Workers in the back office: masked in lists; a full number only through a logged reveal."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from nuanxin.accounts.roles import Role
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.people.models import Worker
from nuanxin.people.selectors import current_user
from nuanxin.people.services import mark_real_name_verified
from nuanxin.privacy.services import reveal_personal_field
from nuanxin.web.admin_scope import RegionScopedAdmin
from nuanxin.web.admin_search import PhoneSearchMixin


@admin.register(Worker)
class WorkerAdmin(PhoneSearchMixin, RegionScopedAdmin):
    region_field = "work_region"
    change_roles: set[str] = {Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN}
    list_display = ["display_name", "phone", "kind", "platform", "work_region",
                    "id_number_masked", "real_name_verified", "registered_at"]
    list_filter = ["kind", "real_name_verified"]
    search_fields = ["platform", "work_region__name", "user__display_name"]
    list_select_related = ["user", "work_region"]
    readonly_fields = ["display_name", "phone", "id_number_masked", "reveal_links",
                       "work_region", "real_name_verified", "verified_at", "registered_at"]
    fields = ["display_name", "phone", "id_number_masked", "reveal_links", "kind", "platform",
              "work_region", "real_name_verified", "verified_at", "registered_at"]
    actions = ["verify_real_name"]
    show_full_result_count = False

    @admin.display(description="姓名/昵称")
    def display_name(self, obj: Worker) -> str:
        return obj.user.display_name

    @admin.display(description="手机号")
    def phone(self, obj: Worker) -> str:
        return obj.user.phone_masked

    @admin.display(description="查看完整号码")
    def reveal_links(self, obj: Worker) -> str:
        url = reverse("admin:people_worker_reveal", args=[obj.pk])
        return format_html('<a href="{}?field=phone">手机号</a> · <a href="{}?field=id_number">'
                           '身份证号</a> · <a href="{}?field=real_name">真实姓名</a>'
                           '（每次查看都会留痕）', url, url, url)

    @admin.action(description="标记为已实名认证")
    def verify_real_name(self, request: HttpRequest, queryset: QuerySet[Worker]) -> None:
        done = 0
        for worker in queryset:
            if not self.has_change_permission(request, worker):
                continue
            try:
                mark_real_name_verified(worker=worker, verified_by=current_user(request))
                done += 1
            except DomainError as e:
                self.message_user(request, f"{worker}: {e.message}", messages.WARNING)
        self.message_user(request, f"已认证 {done} 人")

    def get_urls(self) -> list[URLPattern]:
        return [path("<int:pk>/reveal/", self.admin_site.admin_view(self.reveal_view),
                     name="people_worker_reveal"), *super().get_urls()]

    def reveal_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        worker = get_object_or_404(self.get_queryset(request), pk=pk)
        field = request.GET.get("field") or request.POST.get("field") or "phone"
        context = {**self.admin_site.each_context(request), "title": "查看完整号码",
                   "worker": worker, "field": field, "value": None, "error": None,
                   "field_label": {"phone": "完整手机号", "id_number": "完整身份证号",
                                   "real_name": "真实姓名"}.get(field, field),
                   "opts": self.model._meta}
        if request.method == "POST":
            try:
                context["value"] = reveal_personal_field(
                    viewer=current_user(request), subject=worker.user, field=field,
                    purpose=request.POST.get("purpose", ""), channel="admin",
                    ip_address=client_address(request) or None)
            except DomainError as e:
                context["error"] = e.message
        return render(request, "admin/people/reveal.html", context)
