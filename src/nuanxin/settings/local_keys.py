"""Dev and demo only: secrets the environment did not set are generated once into var/.

Production settings never import this: there a missing key stops the process at start.
"""

from __future__ import annotations

from pathlib import Path

from nuanxin.kernel.keys import load_or_create_secret


def local_keys(var_dir: Path, secret_key: str, field_keys: list[str],
               hmac_key: str) -> tuple[str, list[str], str]:
    return (
        secret_key or load_or_create_secret(var_dir / "secret.key"),
        field_keys or [load_or_create_secret(var_dir / "field.key", kind="fernet")],
        hmac_key or load_or_create_secret(var_dir / "hmac.key"),
    )
