"""Consistent backups that restore: the database and uploaded media, with a manifest.

PostgreSQL is dumped with `pg_dump --format=custom` (one consistent snapshot); SQLite with
its online backup API (a consistent copy while the app keeps writing). Media files are
copied with their SHA-256. The manifest holds every table's row count and every file's
checksum, so a restore can be verified. The encryption keys (NUANXIN_FIELD_KEYS,
NUANXIN_HMAC_KEY) are never written into a backup: without them the personal fields in it
are unreadable, which is the point; keep them in the secret store (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from nuanxin.kernel.errors import DomainError

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_DUMP = "database.sqlite3"
MEDIA_DIR = "media"
# Tables whose rows say the database holds a city's data (not just a migrated schema).
DATA_TABLES = ("regions_region", "accounts_user")


@dataclass
class Result:
    directory: Path
    tables: dict[str, int]
    files: int


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def table_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.managed and table not in counts:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = int(cursor.fetchone()[0])
    return counts


def database_has_data() -> bool:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')
                if cursor.fetchone():
                    return True
    return False


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432),
            "--username", str(db.get("USER") or "postgres"), "--dbname", connection.settings_dict["NAME"]]
    return args, env


def backup(directory: Path, *, say: Callable[[str], None] = print) -> Result:
    """Write a backup into `directory` (created; must be empty)."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise DomainError(f"备份目录 {directory} 不是空的", field="directory")
    counts = table_counts()
    files: dict[str, str] = {}
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        say("导出数据库（pg_dump）……")
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file",
                        str(directory / PG_DUMP), *args], check=True, env=env)
        files[PG_DUMP] = _sha256(directory / PG_DUMP)
    elif connection.vendor == "sqlite":
        say("导出数据库（SQLite 在线备份）……")
        connection.ensure_connection()
        target = sqlite3.connect(directory / SQLITE_DUMP)
        with target:
            connection.connection.backup(target)
        target.close()
        files[SQLITE_DUMP] = _sha256(directory / SQLITE_DUMP)
    else:  # pragma: no cover - only the two supported backends
        raise DomainError(f"不支持的数据库：{connection.vendor}", field="database")
    media_root = Path(settings.MEDIA_ROOT)
    media_files = 0
    if media_root.is_dir():
        say("复制上传文件……")
        for src in sorted(p for p in media_root.rglob("*") if p.is_file()):
            rel = src.relative_to(media_root)
            dest = directory / MEDIA_DIR / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
            files[f"{MEDIA_DIR}/{rel.as_posix()}"] = _sha256(dest)
            media_files += 1
    manifest: dict[str, Any] = {
        "created_at": timezone.now().isoformat(), "vendor": connection.vendor,
        "tables": counts, "files": files,
        "keys": "not included: restore needs the same NUANXIN_FIELD_KEYS and NUANXIN_HMAC_KEY",
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    say(f"备份完成：{len(counts)} 张表，{media_files} 个上传文件 → {directory}")
    return Result(directory, counts, media_files)


def _verify(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise DomainError(f"{directory} 中没有备份清单 {MANIFEST}", field="directory")
    manifest: dict[str, Any] = json.loads(path.read_text())
    for name, digest in manifest["files"].items():
        file = directory / name
        if not file.is_file() or _sha256(file) != digest:
            raise DomainError(f"备份文件 {name} 缺失或已损坏（校验和不符），拒绝恢复", field="directory")
    return manifest


def restore(directory: Path, *, force: bool = False,
            say: Callable[[str], None] = print) -> Result:
    """Restore a backup into the configured database and media directory.

    Refuses a database that already holds data unless `force`; checks every checksum
    before touching anything; then compares every table's row count with the manifest."""
    manifest = _verify(directory)
    if manifest["vendor"] != connection.vendor:
        raise DomainError(f"该备份来自 {manifest['vendor']}，当前数据库是 {connection.vendor}",
                          field="database")
    if database_has_data() and not force:
        raise DomainError("当前数据库已有数据，拒绝覆盖；确认要覆盖请加 --force", field="database")
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        say("恢复数据库（pg_restore）……")
        connection.close()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        "--exit-on-error", *args, str(directory / PG_DUMP)], check=True, env=env)
    else:
        say("恢复数据库（SQLite 在线备份）……")
        connection.ensure_connection()
        source = sqlite3.connect(directory / SQLITE_DUMP)
        source.backup(connection.connection)
        source.close()
    media_root = Path(settings.MEDIA_ROOT)
    media_files = 0
    for name in manifest["files"]:
        if name.startswith(f"{MEDIA_DIR}/"):
            dest = media_root / name[len(MEDIA_DIR) + 1:]
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(directory / name, dest)
            media_files += 1
    counts = table_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise DomainError(f"恢复后行数不符：{wrong}", field="database")
    say(f"恢复完成：{len(counts)} 张表行数与清单一致，{media_files} 个上传文件")
    return Result(directory, counts, media_files)
