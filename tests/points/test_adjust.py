"""Manual adjustments: a reason, a role for the worker's region, an audit row, never below 0."""

from __future__ import annotations

import pytest

from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.people.models import Worker
from nuanxin.points.models import Adjustment, LedgerEntry, Reason
from nuanxin.points.selectors import balance_of
from nuanxin.points.services import adjust_points


def test_staff_of_the_region_adjusts_and_it_is_audited(make_worker, make_user):
    worker = make_worker()
    staff = make_user(("community_staff", "371702001001"))
    adj = adjust_points(actor=staff, subject=worker, amount=50, reason="线下志愿服务补录",
                        ip_address="10.0.0.8")
    assert balance_of(worker) == 50
    assert adj.entry.reason == Reason.MANUAL_ADJUSTMENT and adj.entry.actor == staff
    assert adj.entry.note == "线下志愿服务补录"
    assert (adj.actor, adj.subject, adj.region.code, adj.ip_address) == (
        staff, worker, "371702001001", "10.0.0.8")
    adjust_points(actor=staff, subject=worker, amount=-20, reason="重复录入冲正")
    assert balance_of(worker) == 30


@pytest.mark.parametrize("reason", ["", "   ", "补"])
def test_adjustment_without_reason_refused(make_worker, make_user, reason):
    worker = make_worker()
    staff = make_user(("township_staff", "371702001"))
    with pytest.raises(DomainError, match="必须填写原因") as e:
        adjust_points(actor=staff, subject=worker, amount=10, reason=reason)
    assert e.value.field == "reason"
    assert not LedgerEntry.objects.exists() and not Adjustment.objects.exists()


@pytest.mark.parametrize("roles", [
    [("community_staff", "371702002001")],   # another community
    [("county_staff", "371721")],            # another county
    [("grid_worker", "371702001001")],       # a grid worker may not adjust
    [("station_operator", "371702001")],
    [("worker", "371702001001")],
])
def test_adjustment_needs_a_role_over_the_workers_region(make_worker, make_user, roles):
    worker = make_worker()
    other = make_user(*roles)
    with pytest.raises(PermissionDenied):
        adjust_points(actor=other, subject=worker, amount=10, reason="测试调整")
    assert not LedgerEntry.objects.exists() and not Adjustment.objects.exists()


def test_adjustment_cannot_go_below_zero(make_worker, make_user):
    worker = make_worker(points=10)
    staff = make_user(("county_staff", "371702"))
    with pytest.raises(DomainError, match="积分不足"):
        adjust_points(actor=staff, subject=worker, amount=-11, reason="扣减测试")
    assert balance_of(worker) == 10 and not Adjustment.objects.exists()


def test_zero_and_self_and_non_worker_refused(make_worker, make_user):
    staff = make_user(("city_admin", "371700"))
    worker = make_worker()
    with pytest.raises(DomainError, match="不能为0"):
        adjust_points(actor=staff, subject=worker, amount=0, reason="无效调整")
    with pytest.raises(DomainError, match="新就业群体"):
        adjust_points(actor=staff, subject=staff, amount=5, reason="给自己加分")
    assert not LedgerEntry.objects.exists()


def test_adjust_api(make_worker, make_user, api_as):
    worker = make_worker()
    worker_id = Worker.objects.get(user=worker).pk
    staff = api_as(make_user(("community_staff", "371702001001")))
    r = staff.post("/api/points/adjustments", {"worker_id": worker_id, "amount": 40,
                                                "reason": "参加防非宣传志愿服务"})
    assert r.status_code == 201, r.json()
    assert r.json()["balance"] == 40
    r = staff.post("/api/points/adjustments", {"worker_id": worker_id, "amount": 5, "reason": ""})
    assert r.status_code == 400 and r.json()["field"] == "reason"
    assert "原因" in r.json()["detail"]
    outsider = api_as(make_user(("community_staff", "371702002001")))
    r = outsider.post("/api/points/adjustments", {"worker_id": worker_id, "amount": 5,
                                                   "reason": "越权调整"})
    assert r.status_code == 403
    r = staff.post("/api/points/adjustments", {"worker_id": 999999, "amount": 5,
                                                "reason": "不存在的人"})
    assert r.status_code == 404
    assert balance_of(worker) == 40 and Adjustment.objects.count() == 1


def test_adjust_page(make_worker, make_user, client):
    worker = make_worker()
    staff = make_user(("community_staff", "371702001001"))
    client.force_login(staff)
    from nuanxin.kernel.crypto import decrypt

    phone = decrypt(worker.phone_cipher)
    r = client.post("/points/staff/adjust/", {"phone": phone, "amount": "8", "reason": ""})
    assert r.status_code == 400 and "必须填写原因" in r.content.decode()
    r = client.post("/points/staff/adjust/", {"phone": phone, "amount": "8",
                                               "reason": "驿站志愿值班"}, follow=True)
    assert "已为" in r.content.decode() and balance_of(worker) == 8
    client.force_login(worker)
    assert client.get("/points/staff/adjust/").status_code == 403
