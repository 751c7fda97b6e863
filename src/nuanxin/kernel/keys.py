"""Secrets generated once into var/ so a fresh checkout runs with no setup."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def load_or_create_secret(path: Path, *, kind: str = "token") -> str:
    """Read a secret from `path`, creating it (mode 0600) on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = (
        base64.urlsafe_b64encode(os.urandom(32)).decode()
        if kind == "fernet"
        else secrets.token_urlsafe(50)
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(value)
    return value
