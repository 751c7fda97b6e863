"""Phone search for every admin list that holds people (see selectors.phone_match)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from nuanxin.accounts.selectors import phone_match


class PhoneSearchMixin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Typing a full mobile number or its last four digits in the search box finds the
    person through the HMAC digest or the last-four index; other text searches as usual.
    `phone_path` leads from the model to the user ("" when the model is the user)."""

    phone_path = "user__"
    search_help_text = "可输入完整手机号或手机尾号后四位"

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Any],
                           search_term: str) -> tuple[QuerySet[Any], bool]:
        match = phone_match(search_term, path=self.phone_path)
        if match is not None:
            return queryset.filter(match), False
        return super().get_search_results(request, queryset, search_term)
