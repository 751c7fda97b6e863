"""One-time redemption codes: easy to read aloud and type (no 0/O, 1/I/L), and their QR."""

from __future__ import annotations

import re
import secrets

import segno

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8  # 31^8 ≈ 8.5e11: unguessable at the rate an operator can type


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(raw: str) -> str:
    """What the operator typed -> the stored form: upper case, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", (raw or "")).upper()[:20]


def pretty(code: str) -> str:
    """ABCD-EFGH: easier to read out."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code


def confirm_path(code: str) -> str:
    """The page the operator's phone opens when it scans the QR."""
    return f"/shop/confirm/?code={code}"


def qr_svg(content: str) -> str:
    """An inline SVG QR code (no external service: works offline, nothing leaks)."""
    return str(segno.make(content, error="m").svg_inline(scale=6, border=2))
