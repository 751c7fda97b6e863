"""Hole 4: uploads were read whole into memory before the size check (9 x 30 MB: 245 MB).

The body is streamed from a generator that counts what the server reads, through Django's
real WSGI handler, while tracemalloc records the peak of Python allocations.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler

from nuanxin.accounts.models import User
from nuanxin.accounts.services import issue_token

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
BOUNDARY = "probeBoundary7MA4YWxk"


class StreamedMultipart:
    """A multipart body of `files` x `size` bytes, made as it is read; counts bytes read."""

    def __init__(self, files: int, size: int) -> None:
        self.read_bytes = 0
        self._chunks = self._generate(files, size)
        self._buffer = b""
        fields = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in [("category", "road_hazard"), ("description", "路口井盖缺失，夜里很危险"),
                         ("lng", "115.4921"), ("lat", "35.2411")]).encode()
        head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; '
                f'filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n').encode()
        self.length = len(fields) + files * (len(head) + size + 2) + len(f"--{BOUNDARY}--\r\n")
        self._fields, self._head = fields, head

    def _generate(self, files: int, size: int) -> Iterator[bytes]:
        yield self._fields
        block = b"\xff" * (256 * 1024)
        for _ in range(files):
            yield self._head
            left = size
            while left > 0:
                yield block[:min(left, len(block))]
                left -= len(block)
            yield b"\r\n"
        yield f"--{BOUNDARY}--\r\n".encode()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            nxt = next(self._chunks, None)
            if nxt is None:
                break
            self._buffer += nxt
        n = len(self._buffer) if size < 0 else size
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        self.read_bytes += len(out)
        return out

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def _post(path: str, body: StreamedMultipart, token: str | None) -> tuple[int, str, int]:
    """(status, text, peak bytes allocated) for one POST through the WSGI handler."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": body,
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length), "REMOTE_ADDR": "10.9.8.7",
    }
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    status: list[str] = []
    handler = WSGIHandler()
    tracemalloc.start()
    try:
        chunks = handler(environ, lambda s, headers: status.append(s))
        text = b"".join(chunks).decode()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return int(status[0].split()[0]), text, peak


@pytest.fixture
def rider_token(make_user: Callable[..., User], regions: object) -> str:
    return issue_token(user=make_user(("worker", "371702001001")))[1]


@pytest.mark.parametrize("path", ["/api/reports", "/reports/new"])
def test_over_the_total_is_refused_before_reading(path: str, rider_token: str) -> None:
    body = StreamedMultipart(files=9, size=30 * MB)
    status, text, _ = _post(path, body, rider_token)
    assert status == 413
    assert "上传内容超过91MB" in text
    assert body.read_bytes == 0


def test_one_file_over_its_limit_is_refused_while_streaming(rider_token: str) -> None:
    body = StreamedMultipart(files=2, size=15 * MB)  # 30 MB: under the total, over per file
    status, text, peak = _post("/api/reports", body, rider_token)
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB"
    assert body.read_bytes < 11 * MB  # stopped inside the first file
    assert status == 413, text
    assert "文件“big.jpg”超过10MB，请压缩后再传" in text
