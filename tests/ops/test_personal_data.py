"""PIPL: retention applies the policy; a person downloads their data and closes their
account, after which figures stay and the person is gone."""

from __future__ import annotations

import json
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from nuanxin.accounts.models import SmsCode, User
from nuanxin.kernel.crypto import encrypt
from nuanxin.ops import personal_data, retention
from nuanxin.ops.models import RetentionRule
from nuanxin.people.models import Worker
from nuanxin.points.models import LedgerEntry, Reason
from nuanxin.points.services import post_entry
from nuanxin.privacy.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def rider(make_user: Any, regions: Any) -> User:
    user = make_user(("worker", "371702001001"), name="小董", phone="13912345678")
    Worker.objects.create(user=user, kind="delivery_rider", work_region=regions["371702001001"],
                          real_name_cipher=encrypt("董晓"), id_number_cipher=encrypt(
                              "371702199001011237"), id_number_masked="371702********1237")
    with transaction.atomic():
        post_entry(user=user, amount=30, reason=Reason.MANUAL_ADJUSTMENT, note="测试")
    return User.objects.get(pk=user.pk)


def test_the_policy_is_data_with_the_issues_defaults() -> None:
    days = dict(RetentionRule.objects.values_list("kind", "days"))
    assert days == {"report_reporter": 1095, "activity_roster": 365, "sms_code": 1,
                    "access_log": 1095}


def test_retention_deletes_what_is_due_and_dry_run_changes_nothing(rider: User,
                                                                  make_user: Any) -> None:
    old = SmsCode.objects.create(phone_digest="x", purpose="login", code_digest="y",
                                 expires_at=timezone.now())
    SmsCode.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    SmsCode.objects.create(phone_digest="x", purpose="login", code_digest="z",
                           expires_at=timezone.now())
    staff = make_user(("community_staff", "371702001001"))
    log = AccessLog.objects.create(viewer=staff, subject=rider, field="phone", purpose="回访")
    AccessLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - timedelta(days=1100))
    AccessLog.objects.create(viewer=staff, subject=rider, field="phone", purpose="回访")
    dry = {o.kind: o.affected for o in retention.apply(dry_run=True)}
    assert dry["sms_code"] == 1 and dry["access_log"] == 1
    assert SmsCode.objects.count() == 2 and AccessLog.objects.count() == 2
    call_command("retention")
    assert SmsCode.objects.count() == 1 and AccessLog.objects.count() == 1
    RetentionRule.objects.filter(kind="sms_code").update(days=0)
    assert {o.kind: o.affected for o in retention.apply()}["sms_code"] == 1


def test_a_copy_of_my_data(rider: User, make_user: Any) -> None:
    other = make_user(("worker", "371702001001"), phone="13700000001")
    client = Client()
    client.force_login(rider)
    data = json.loads(client.get("/me/data.json").content)
    profile = data["基本信息"][0]
    assert profile["手机号"] == "13912345678" and profile["身份证号"] == "371702199001011237"
    assert data["积分"] == [{"余额": 30}] and data["积分流水"][0]["amount"] == 30
    assert "13700000001" not in json.dumps(data, ensure_ascii=False)
    assert other.pk not in [row.get("id") for row in data["角色"]]
    book = load_workbook(BytesIO(client.get("/me/data.xlsx").content))
    assert "基本信息" in book.sheetnames and "积分流水" in book.sheetnames
    assert Client().get("/me/data.json").status_code == 302  # sign in first


def test_closing_an_account_keeps_figures_without_the_person(rider: User) -> None:
    client = Client()
    client.force_login(rider)
    wrong = client.post("/me/close/", {"password": "nope", "confirm": "注销"})
    assert wrong.status_code == 400 and "密码不正确" in wrong.content.decode()
    assert User.objects.get(pk=rider.pk).is_active
    total_before = LedgerEntry.objects.aggregate(s=Sum("amount"))["s"]
    r = client.post("/me/close/", {"password": "pass-word-123", "confirm": "注销"})
    assert r.status_code == 302
    gone = User.objects.get(pk=rider.pk)
    assert not gone.is_active and gone.display_name == "已注销用户"
    assert gone.phone_cipher == "" and not gone.has_usable_password()
    worker = Worker.objects.get(user=gone)
    assert worker.real_name_cipher == "" and worker.id_number_cipher == ""
    assert LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] == total_before
    assert Client().post("/login/", {"username": "13912345678",
                                     "password": "pass-word-123"}).status_code != 302
    assert client.get("/me/data.json").status_code == 302  # the session ended


def test_closing_cancels_what_is_still_open(rider: User, make_user: Any, regions: Any) -> None:
    from nuanxin.activities.services import ActivityDraft, publish_activity, sign_up

    organiser = make_user(("township_staff", "371702001"))
    now = timezone.now()
    activity = publish_activity(actor=organiser, draft=ActivityDraft(
        title="免费体检", category="health_check", cadence="monthly", region_code="371702001",
        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2),
        signup_opens_at=now - timedelta(days=1), signup_closes_at=now + timedelta(days=2),
        capacity=1, waitlist_size=1, address="东安社区", lng=115.49, lat=35.24))
    sign_up(user=rider, activity_id=activity.pk)
    personal_data.close_account(user=rider, password="pass-word-123")
    assert not activity.signups.filter(user=rider, status="attending").exists()
