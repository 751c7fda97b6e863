"""The one NinjaAPI: typed JSON, OpenAPI at /api/docs, Chinese errors that name the field.

Each domain app that has an `api.py` with a `router` is mounted under /api/ by its label.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from nuanxin.kernel.errors import DomainError, TooManyRequests
from nuanxin.kernel.plugins import app_modules
from nuanxin.web.auth import DEFAULT_AUTH


class Utf8JSONRenderer(JSONRenderer):
    """Chinese as UTF-8 (3 bytes a character) rather than \\uXXXX escapes (6): weak networks."""

    json_dumps_params = {"ensure_ascii": False}


ERROR_SCHEMA = {
    "type": "object", "title": "Error", "required": ["detail", "code"],
    "properties": {"detail": {"type": "string", "description": "中文说明"},
                   "field": {"type": ["string", "null"], "description": "出错的字段"},
                   "code": {"type": "string"},
                   "errors": {"type": "array", "items": {"type": "object"}}},
}
ERROR_RESPONSES = {"400": "请求被拒绝（字段见 field）", "403": "没有权限", "404": "未找到",
                   "409": "状态冲突", "413": "上传内容过大", "422": "字段格式不正确",
                   "429": "太频繁（见 Retry-After）", "500": "服务器内部错误"}


class NuanxinAPI(NinjaAPI):
    """Documents every refusal: each operation lists the 4xx/5xx answers in one shape."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                codes = dict(ERROR_RESPONSES)
                if operation.get("security"):
                    codes["401"] = "请先登录"
                for code, text in codes.items():
                    responses.setdefault(code, {"description": text, **ref})
        return schema


api = NuanxinAPI(
    renderer=Utf8JSONRenderer(),
    title="暖新 Nuanxin API",
    version="1.0",
    description="新就业群体服务平台接口。公共接口无需登录；其余接口使用会话或 Bearer 令牌"
    "（POST /api/auth/token 获取）。",
    docs_url="/docs",
    urls_namespace="api",
    auth=DEFAULT_AUTH,
)

_PYDANTIC_MESSAGES = {
    "missing": "缺少必填字段",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "string_too_short": "内容太短",
    "string_too_long": "内容太长",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "greater_than": "数值太小",
    "less_than": "数值太大",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "json_invalid": "JSON 格式不正确",
    "string_type": "应为文本",
    "date_from_datetime_parsing": "日期格式不正确",
    "datetime_from_date_parsing": "时间格式不正确",
    "datetime_parsing": "时间格式不正确",
    "datetime_type": "时间格式不正确",
    "date_parsing": "日期格式不正确",
    "date_type": "日期格式不正确",
    "finite_number": "应为有限的数字",
    "float_type": "应为数字",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "extra_forbidden": "不允许的字段",
}


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload", "file")]
    return ".".join(parts) or "请求"


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for err in exc.errors:
        field = _field_name(list(err.get("loc", [])))
        reason = _PYDANTIC_MESSAGES.get(err.get("type", ""), "格式不正确")  # never English
        if str(err.get("type", "")).startswith("value_error") and "msg" in err:
            reason = str(err["msg"]).removeprefix("Value error, ")
        errors.append({"field": field, "message": f"字段“{field}”：{reason}"})
    first = errors[0] if errors else {"field": None, "message": "请求格式不正确"}
    return api.create_response(
        request, {"detail": first["message"], "field": first["field"], "code": "invalid",
                  "errors": errors}, status=422,
    )


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.status_code)
    if isinstance(exc, TooManyRequests):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "请先登录（会话或 Bearer 令牌无效、已过期或已吊销）", "code": "unauthorized"},
        status=401,
    )


# ninja's own English messages, said in Chinese.
_NINJA_MESSAGES = {
    "Cannot parse request body": "请求内容不是有效的 JSON",
    "Not Found": "未找到",
    "Method not allowed": "不支持该请求方法",
}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = _NINJA_MESSAGES.get(str(exc), str(exc))
    return api.create_response(request, {"detail": detail, "code": "error"},
                               status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "未找到", "code": "not_found"}, status=404)


def mount_app_routers() -> None:
    """Mount `<app>.api.router` of every installed nuanxin app at /api/."""
    for _, module in app_modules("api"):
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("/", router)


log = logging.getLogger("nuanxin.api")
SERVER_ERROR = "服务器内部错误，请稍后再试（已记录）"


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Any other failure: logged with its traceback, answered as JSON in Chinese (never the
    HTML debug page, which an app cannot read)."""
    log.error("API error: %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": SERVER_ERROR, "code": "server_error"},
                               status=500)


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any /api/ path no endpoint matches: JSON, like every other API answer."""
    return JsonResponse({"detail": "未找到该接口", "code": "not_found"}, status=404,
                        json_dumps_params={"ensure_ascii": False})
