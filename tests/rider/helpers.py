"""Steps every rider test takes: sign in through the login page, as a person would."""

from __future__ import annotations

from typing import Any

PASSWORD = "pass-word-123"


def login(page: Any, base: str, phone: str, next_url: str = "/") -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.get_by_label("手机号").fill(phone)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{base}{next_url}")


def fits_phone(page: Any) -> bool:
    """No sideways scrolling at 360 px."""
    return bool(page.evaluate("document.documentElement.scrollWidth") <= 360)
