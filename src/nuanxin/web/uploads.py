"""Upload limits that hold before a byte is kept: per file while streaming, per request up front.

Django parses multipart bodies in 64 KB chunks; files above FILE_UPLOAD_MAX_MEMORY_SIZE go
to a temporary file. `FileSizeLimit` sits first among the upload handlers and refuses a file
as soon as its running size passes `NUANXIN_MAX_FILE_BYTES`, so neither memory nor disk ever
holds more than the limit. `read_upload` checks the size the parser recorded before reading.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from nuanxin.kernel.errors import DomainError


class UploadTooLarge(DomainError):
    status_code = 413

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field, code="too_large")


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)}MB"


def file_too_large(name: str, field: str | None) -> UploadTooLarge:
    limit = settings.NUANXIN_MAX_FILE_BYTES
    label = f"文件“{name}”" if name else "上传的文件"
    return UploadTooLarge(f"{label}超过{_mb(limit)}，请压缩后再传", field=field)


def request_too_large() -> UploadTooLarge:
    return UploadTooLarge(
        f"上传内容超过{_mb(settings.NUANXIN_MAX_REQUEST_BYTES)}，请减少照片数量或压缩后再传")


class FileSizeLimit(FileUploadHandler):
    """Count each file's bytes as they stream in; refuse it the moment it is too large."""

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.seen = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.seen += len(raw_data)
        if self.seen > settings.NUANXIN_MAX_FILE_BYTES:
            raise file_too_large(self.file_name or "", self.field_name)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def read_upload(f: UploadedFile[Any], *, field: str) -> bytes:
    """The file's bytes, after checking the size the parser saw (never read a file whole first)."""
    if (f.size or 0) > settings.NUANXIN_MAX_FILE_BYTES:
        raise file_too_large(f.name or "", field)
    data: bytes = f.read()
    return data
