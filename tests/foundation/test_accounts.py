"""Sign-in: phone + password or SMS code, bearer tokens that expire and can be revoked."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.services import create_user
from nuanxin.accounts.sms import OutboxSender
from nuanxin.kernel.errors import Conflict, DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_outbox() -> None:
    OutboxSender.outbox.clear()


def last_code(phone: str) -> str:
    sent = [text for to, text in OutboxSender.outbox if to == phone]
    match = re.search(r"验证码是(\d{6})", sent[-1])
    assert match
    return match.group(1)


def test_phone_is_stored_encrypted_and_masked() -> None:
    user = create_user(phone="+86 138-1234-5678", password="pass-word-123")
    assert user.phone_masked == "138****5678"
    with connection.cursor() as c:
        c.execute("SELECT phone_digest, phone_cipher FROM accounts_user WHERE id = %s", [user.pk])
        digest, cipher = c.fetchone()
    assert "13812345678" not in digest + cipher


@pytest.mark.parametrize("bad", ["", "12345", "23812345678", "+1 415 555 2671", "1381234567x"])
def test_not_a_mainland_mobile_is_refused(bad: str) -> None:
    with pytest.raises(DomainError) as e:
        create_user(phone=bad, password="pass-word-123")
    assert e.value.field == "phone"
    assert "手机号" in e.value.message
    assert User.objects.count() == 0


def test_duplicate_phone_is_a_conflict_naming_the_field() -> None:
    create_user(phone="13812345678", password="pass-word-123")
    with pytest.raises(Conflict) as e:
        create_user(phone="138 1234 5678", password="other-pass-456")
    assert (e.value.field, e.value.message) == ("phone", "该手机号已注册")
    assert User.objects.count() == 1


def test_weak_password_is_refused_in_chinese() -> None:
    with pytest.raises(DomainError) as e:
        create_user(phone="13812345678", password="12345678")
    assert e.value.field == "password"
    assert e.value.message.startswith("密码不符合要求")
    assert User.objects.count() == 0


def test_token_from_password_reaches_me_and_can_be_revoked(api: Any) -> None:
    create_user(phone="13812345678", password="pass-word-123", display_name="老张")
    r = api.post("/api/auth/token", {"phone": "13812345678", "password": "pass-word-123"})
    assert r.status_code == 200, r.content
    token = r.json()["token"]
    me = api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["phone"] == "138****5678"
    assert me.json()["display_name"] == "老张"
    assert api.delete("/api/auth/token", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    again = api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert again.status_code == 401
    assert "请先登录" in again.json()["detail"]


def test_token_expires(api: Any, settings: Any) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    token = api.post("/api/auth/token", {"phone": "13812345678", "password": "pass-word-123"}
                     ).json()["token"]
    later = timezone.now() + timedelta(days=settings.NUANXIN_TOKEN_TTL_DAYS, minutes=1)
    with time_machine.travel(later):
        assert api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_wrong_password_is_a_chinese_400(api: Any) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    r = api.post("/api/auth/token", {"phone": "13812345678", "password": "wrong-one"})
    assert r.status_code == 400
    assert r.json() == {"detail": "手机号或密码错误", "field": "password", "code": "bad_credentials"}


def test_missing_field_names_it(api: Any) -> None:
    r = api.post("/api/auth/token", {"password": "x"})
    assert r.status_code == 422
    assert r.json()["field"] == "phone"
    assert "缺少必填字段" in r.json()["detail"]


def test_five_failures_lock_the_phone(api: Any) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    for _ in range(5):
        api.post("/api/auth/token", {"phone": "13812345678", "password": "wrong-one"})
    r = api.post("/api/auth/token", {"phone": "13812345678", "password": "pass-word-123"})
    assert r.status_code == 429
    assert "登录失败次数过多" in r.json()["detail"]


def test_sms_code_login(api: Any) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    assert api.post("/api/auth/sms", {"phone": "13812345678"}).status_code == 200
    code = last_code("13812345678")
    r = api.post("/api/auth/token", {"phone": "13812345678", "sms_code": code})
    assert r.status_code == 200
    # A code works once.
    r2 = api.post("/api/auth/token", {"phone": "13812345678", "sms_code": code})
    assert r2.status_code == 400
    assert r2.json()["detail"] == "验证码错误或已过期"


def test_sms_code_expires(api: Any) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    api.post("/api/auth/sms", {"phone": "13812345678"})
    code = last_code("13812345678")
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        r = api.post("/api/auth/token", {"phone": "13812345678", "sms_code": code})
    assert r.status_code == 400


def test_sms_resend_is_throttled(api: Any) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    api.post("/api/auth/sms", {"phone": "13812345678"})
    r = api.post("/api/auth/sms", {"phone": "13812345678"})
    assert r.status_code == 429 and int(r["Retry-After"]) <= 60
    assert r.json()["detail"] == "验证码发送太频繁，请稍后再试"
    assert len(OutboxSender.outbox) == 1


def test_sms_login_for_unknown_phone_sends_nothing_and_says_so_neutrally(api: Any) -> None:
    r = api.post("/api/auth/sms", {"phone": "13812345678"})
    assert r.status_code == 200
    assert r.json()["detail"] == "如该手机号可以使用，验证码已发送，请查收短信"
    assert OutboxSender.outbox == []


def test_validation_errors_are_never_english(api: Any) -> None:
    r = api.post("/api/auth/token", {"phone": ["13812345678"], "password": {"a": 1}})
    assert r.status_code == 422
    for err in r.json()["errors"]:
        assert err["message"].isascii() is False
        assert "Input should" not in err["message"]
