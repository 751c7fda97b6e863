"""Worker self-registration, masked lists in the staff's region, and the logged reveal."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from nuanxin.accounts.models import RoleAssignment, User
from nuanxin.accounts.sms import OutboxSender
from nuanxin.people.models import Worker
from nuanxin.privacy.models import AccessLog

pytestmark = pytest.mark.django_db
VALID_ID = "371702199001011235"  # GB 11643 check digit of 37170219900101123 is 5


@pytest.fixture(autouse=True)
def _clear_outbox() -> None:
    OutboxSender.outbox.clear()


def sms_code_for(api: Any, phone: str) -> str:
    assert api.post("/api/auth/sms", {"phone": phone, "purpose": "register"}).status_code == 200
    match = re.search(r"验证码是(\d{6})", OutboxSender.outbox[-1][1])
    assert match
    return match.group(1)


def register(api: Any, **overrides: Any) -> Any:
    phone = overrides.pop("phone", "13712345678")
    body = {"phone": phone, "sms_code": sms_code_for(api, phone), "password": "ride-safe-2026",
            "kind": "delivery_rider", "work_region": "371702001001", "platform": "美团外卖",
            "display_name": "小董", **overrides}
    return api.post("/api/workers/register", body)


def test_a_rider_registers_and_can_sign_in(regions: Any, api: Any) -> None:
    r = register(api, real_name="董晓莉", id_number=VALID_ID)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind_label"] == "网约配送员"
    assert body["phone"] == "137****5678"
    assert body["id_number"] == "3717**********1235"
    assert body["work_region_name"] == "东安社区居委会"
    assert body["real_name_verified"] is False
    token = api.post("/api/auth/token", {"phone": "13712345678", "password": "ride-safe-2026"})
    assert token.status_code == 200
    user = User.objects.get(pk=Worker.objects.get().user_id)
    assert RoleAssignment.objects.filter(user=user, role="worker",
                                         region__code="371702001001").exists()


def test_id_number_is_encrypted_at_rest(regions: Any, api: Any) -> None:
    register(api, real_name="董晓莉", id_number=VALID_ID)
    with connection.cursor() as c:
        c.execute("SELECT id_number_cipher, id_number_digest, real_name_cipher FROM people_worker")
        row = " ".join(c.fetchone())
    assert VALID_ID not in row and "董晓莉" not in row


@pytest.mark.parametrize(("override", "field", "message"), [
    ({"kind": "astronaut"}, "kind", "请选择群体类别"),
    ({"work_region": "371799"}, "work_region", "区划代码“371799”不存在"),
    ({"work_region": "371702"}, "work_region", "主要工作区域请选到街道(乡镇)或村(社区)"),
    ({"real_name": "董晓莉", "id_number": "371702199001011234"}, "id_number", "身份证号校验位不正确，请核对"),
    ({"id_number": VALID_ID}, "real_name", "实名信息需同时填写姓名和身份证号"),
    ({"sms_code": "000000"}, "sms_code", "短信验证码错误或已过期"),
    ({"password": "123"}, "password", None),
])
def test_bad_registration_names_the_field_and_writes_nothing(
    regions: Any, api: Any, override: dict[str, str], field: str, message: str | None
) -> None:
    r = register(api, **override)
    assert r.status_code == 400, r.content
    assert r.json()["field"] == field
    if message:
        assert r.json()["detail"] == message
    assert User.objects.count() == 0 and Worker.objects.count() == 0


def test_a_failed_registration_does_not_burn_the_code(regions: Any, api: Any) -> None:
    phone = "13712345678"
    code = sms_code_for(api, phone)
    base = {"phone": phone, "sms_code": code, "password": "ride-safe-2026",
            "kind": "courier", "work_region": "371702001001"}
    assert api.post("/api/workers/register", {**base, "password": "1"}).status_code == 400
    assert api.post("/api/workers/register", base).status_code == 201


def test_duplicate_phone_is_refused(regions: Any, api: Any) -> None:
    assert register(api).status_code == 201
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):  # past the resend wait
        r = api.post("/api/auth/sms", {"phone": "13712345678", "purpose": "register"})
    assert r.status_code == 200  # the same answer as for a new phone (issue 9, hole 7)
    assert r.json()["detail"] == "如该手机号可以使用，验证码已发送，请查收短信"
    r = api.post("/api/workers/register", {
        "phone": "13712345678", "sms_code": "000000", "password": "ride-safe-2026",
        "kind": "courier", "work_region": "371702001001"})
    assert r.status_code in (400, 409)  # registering again is still refused


def test_staff_list_is_masked_and_scoped(regions: Any, api: Any, make_user: Any,
                                         api_as: Any) -> None:
    register(api, phone="13712345678")
    register(api, phone="13712340000", work_region="371721001001")
    staff = make_user(("township_staff", "371702001"))
    body = api_as(staff).get("/api/workers").json()
    assert body["total"] == 1
    assert body["items"][0]["phone"] == "137****5678"
    assert "13712345678" not in str(body)


def test_reveal_is_logged_and_only_for_the_region(regions: Any, api: Any, make_user: Any,
                                                  api_as: Any) -> None:
    register(api, phone="13712345678")
    worker = Worker.objects.get()
    staff = make_user(("community_staff", "371702001001"))
    r = api_as(staff).post(f"/api/workers/{worker.pk}/reveal",
                           {"field": "phone", "purpose": "核实随手拍来源"})
    assert r.json() == {"field": "phone", "value": "13712345678"}
    log = AccessLog.objects.get()
    assert (log.viewer_id, log.subject_id, log.field, log.purpose) == (
        staff.pk, worker.user_id, "phone", "核实随手拍来源")

    other = make_user(("community_staff", "371721001001"))
    r = api_as(other).post(f"/api/workers/{worker.pk}/reveal",
                           {"field": "phone", "purpose": "好奇"})
    assert r.status_code == 404
    assert AccessLog.objects.count() == 1


def test_reveal_needs_a_purpose(regions: Any, api: Any, make_user: Any, api_as: Any) -> None:
    register(api)
    staff = make_user(("community_staff", "371702001001"))
    r = api_as(staff).post(f"/api/workers/{Worker.objects.get().pk}/reveal",
                           {"field": "phone", "purpose": " "})
    assert r.status_code == 400 and r.json()["field"] == "purpose"
    assert AccessLog.objects.count() == 0


def test_workers_cannot_list_workers(regions: Any, api: Any, api_as: Any) -> None:
    register(api)
    worker_user = Worker.objects.get().user
    assert api_as(worker_user).get("/api/workers").json()["total"] == 0


def test_bad_json_and_unknown_filter_region_are_chinese(regions: Any, api: Any, make_user: Any,
                                                       api_as: Any) -> None:
    r = api.generic("POST", "/api/workers/register", "not json", content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"] == "请求内容不是有效的 JSON"
    staff = api_as(make_user(("county_staff", "371702")))
    r = staff.get("/api/workers?region=999")
    assert r.status_code == 404
    assert r.json() == {"detail": "区划代码“999”不存在", "field": "region", "code": "not_found"}
