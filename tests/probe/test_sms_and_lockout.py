"""Holes 7 and 8: SMS code limits per address and overall, one neutral answer, 429 with
Retry-After; failed logins limited per address across accounts (credential spraying)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from nuanxin.accounts.services import SMS_SENT, create_user
from nuanxin.accounts.sms import OutboxSender
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_outbox() -> None:
    OutboxSender.outbox.clear()


def _sms(api: ApiClient, phone: str, purpose: str = "login", address: str = "10.0.0.1") -> Any:
    return api.post("/api/auth/sms", {"phone": phone, "purpose": purpose},
                    REMOTE_ADDR=address)


@time_machine.travel("2026-12-02 10:00:05+08:00", tick=False)  # inside one hour's window
def test_one_address_cannot_spray_numbers(api: ApiClient) -> None:
    codes = [_sms(api, f"1380000{i:04d}").status_code for i in range(40)]
    assert codes[:20] == [200] * 20
    assert set(codes[20:]) == {429}
    refused = _sms(api, "13900009999")
    assert refused.json()["detail"] == "当前网络发送验证码太频繁，请稍后再试"
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert _sms(api, "13900009999", address="10.0.0.2").status_code == 200  # another network


@override_settings(NUANXIN_SMS_GLOBAL_PER_MINUTE=30)
@time_machine.travel("2026-12-02 10:00:05+08:00", tick=False)  # inside one minute's window
def test_the_whole_service_has_a_ceiling(api: ApiClient) -> None:
    codes = [_sms(api, f"1380000{i:04d}", address=f"10.0.{i}.1").status_code
             for i in range(35)]
    assert codes[:30] == [200] * 30 and set(codes[30:]) == {429}


def test_answer_does_not_reveal_registration(api: ApiClient) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    answers = {
        "registered, login": _sms(api, "13812345678"),
        "unknown, login": _sms(api, "13812340000"),
    }
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):  # past the resend wait
        answers["registered, register"] = _sms(api, "13812345678", "register")
        answers["unknown, register"] = _sms(api, "13812341111", "register")
    for case, r in answers.items():
        assert (r.status_code, r.json()) == (200, {"detail": SMS_SENT}), case
    # Only the phone's owner learns the truth, by SMS: a code, or "already registered".
    texts = dict(OutboxSender.outbox)
    assert "13812340000" not in texts
    assert re.search(r"验证码是\d{6}", texts["13812341111"])
    assert "已注册" in [t for p, t in OutboxSender.outbox if p == "13812345678"][-1]


def test_per_phone_throttle_is_429_with_retry_after_for_any_phone(api: ApiClient) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    for phone in ("13812345678", "13812340000"):  # registered or not: the same answers
        assert _sms(api, phone).status_code == 200
        again = _sms(api, phone)
        assert again.status_code == 429
        assert again.json()["detail"] == "验证码发送太频繁，请稍后再试"
        assert 1 <= int(again["Retry-After"]) <= 60


def test_register_page_gives_the_neutral_answer(regions: Any) -> None:
    create_user(phone="13812345678", password="pass-word-123")
    page = Client().post("/register/", {"action": "send_code", "phone": "13812345678"})
    body = page.content.decode()
    assert SMS_SENT in body and "该手机号已注册" not in body


def test_spraying_many_phones_from_one_address_locks_it(api: ApiClient) -> None:
    create_user(phone="13899990000", password="pass-word-123")
    for i in range(20):  # one wrong guess each at 20 different phones
        r = api.post("/api/auth/token", {"phone": f"1388888{i:04d}", "password": "123456"},
                     REMOTE_ADDR="10.6.6.6")
        assert r.status_code == 400
    sprayed = api.post("/api/auth/token", {"phone": "13899990000", "password": "pass-word-123"},
                       REMOTE_ADDR="10.6.6.6")
    assert sprayed.status_code == 429
    assert "登录失败次数过多" in sprayed.json()["detail"]
    page = Client(REMOTE_ADDR="10.6.6.6").post(
        "/login/", {"username": "13899990000", "password": "pass-word-123"})
    assert page.status_code == 429
    elsewhere = api.post("/api/auth/token", {"phone": "13899990000",
                                             "password": "pass-word-123"},
                         REMOTE_ADDR="10.7.7.7")
    assert elsewhere.status_code == 200  # the person, from their own network, is not locked
