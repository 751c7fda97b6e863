"""Errors that carry a Chinese message and the field it is about, for a 4xx answer."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the request; `message` is shown to the user as it is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_dict(self) -> dict[str, object]:
        return {"detail": self.message, "field": self.field, "code": self.code}


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field, code="not_found")


class PermissionDenied(DomainError):
    status_code = 403

    def __init__(self, message: str = "没有权限执行此操作", *, field: str | None = None) -> None:
        super().__init__(message, field=field, code="forbidden")


class Conflict(DomainError):
    status_code = 409

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field, code="conflict")


class RowErrors(DomainError):
    """An import refused whole: every bad row with its line number."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        lines = "；".join(f"第{line}行：{msg}" for line, msg in errors[:20])
        more = f"（共{len(errors)}处错误）" if len(errors) > 20 else ""
        super().__init__(f"导入失败，未写入任何数据。{lines}{more}", code="bad_rows")

    def as_dict(self) -> dict[str, object]:
        return {
            "detail": self.message,
            "code": self.code,
            "errors": [{"line": line, "message": msg} for line, msg in self.errors],
        }


class TooManyRequests(DomainError):
    """A limit refused the request (429); `retry_after` seconds go out as Retry-After."""

    status_code = 429

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field, code="throttled")
        self.retry_after = max(1, int(retry_after))
