"""Applying, eligibility, approval within the quota, the insurer's roster and the figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from nuanxin.benefits.models import Application, BenefitUse, Programme
from nuanxin.notifications.models import Notification
from nuanxin.privacy.models import AccessLog
from nuanxin.stations.models import Station
from tests.benefits.conftest import TEST_ID

pytestmark = pytest.mark.django_db


def _apply(api_as, user, programme):
    return api_as(user).post(f"/api/benefits/programmes/{programme.pk}/applications")


def test_apply_approve_and_quota(api_as, make_worker, make_programme, approver):
    programme = make_programme(quota=2)
    a, b, c = (make_worker(name=n) for n in ("甲", "乙", "丙"))
    ids = []
    for w in (a, b, c):
        r = _apply(api_as, w, programme)
        assert r.status_code == 201, r.content
        assert r.json()["status"] == "pending"
        ids.append(r.json()["id"])
    for i in ids[:2]:
        r = api_as(approver).post(f"/api/benefits/applications/{i}/approve")
        assert r.status_code == 200 and r.json()["cover_amount"] == "90000.00"
    r = api_as(approver).post(f"/api/benefits/applications/{ids[2]}/approve")
    assert r.status_code == 409 and r.json()["detail"] == "名额（2人）已满，不能再通过"
    assert Application.objects.get(pk=ids[2]).status == "pending"
    # A fourth worker cannot even apply now: the quota is used up.
    r = _apply(api_as, make_worker(name="丁"), programme)
    assert r.status_code == 409 and r.json()["detail"] == "该项目名额（2人）已满"
    assert Application.objects.count() == 3
    assert Notification.objects.filter(user=a, title__startswith="申请已通过").exists()
    listed = api_as(a).get("/api/benefits/programmes").json()[0]
    assert listed["quota_left"] == 0 and listed["my_status"] == "approved"


@pytest.mark.parametrize(("worker_kw", "programme_kw", "field", "message"), [
    ({"verified": False}, {}, "real_name_verified", "请先完成实名认证再申请"),
    ({"kind": "courier"}, {"worker_kinds": ",delivery_rider,"}, "kind",
     "该项目只面向网约配送员，您登记的是快递员"),
    ({"region": "371721001001"}, {"region_code": "371702"}, "region",
     "该项目只面向在牡丹区工作的人员"),
    ({}, {"open_for_applications": False}, "programme", "该项目暂停受理申请"),
])
def test_not_eligible(api_as, make_worker, make_programme, regions, worker_kw, programme_kw,
                      field, message):
    if "region_code" in programme_kw:
        programme_kw = {"region": regions[programme_kw.pop("region_code")]}
    programme = make_programme(**programme_kw)
    r = _apply(api_as, make_worker(**worker_kw), programme)
    assert r.status_code == 400
    assert r.json() == {"detail": message, "field": field, "code": r.json()["code"]}
    assert not Application.objects.exists()


def test_already_covered_and_twice(api_as, make_worker, make_programme, approver):
    first = make_programme(name="呵护新保（2026年度）")
    second = make_programme(name="呵护新保（补充批次）")
    w = make_worker()
    app_id = _apply(api_as, w, first).json()["id"]
    r = _apply(api_as, w, first)
    assert r.status_code == 409 and r.json()["detail"] == "您已申请该项目，请勿重复申请"
    api_as(approver).post(f"/api/benefits/applications/{app_id}/approve")
    r = _apply(api_as, w, second)
    assert r.status_code == 409 and r.json()["detail"].startswith("您已参加呵护新保（2026年度）")
    assert Application.objects.count() == 1


def test_covered_twice_refused_at_approval_too(api_as, make_worker, make_programme, approver):
    p1, p2 = make_programme(name="甲批次"), make_programme(name="乙批次")
    w = make_worker()
    i1 = _apply(api_as, w, p1).json()["id"]
    i2 = _apply(api_as, w, p2).json()["id"]  # both pending: allowed to apply
    assert api_as(approver).post(f"/api/benefits/applications/{i1}/approve").status_code == 200
    r = api_as(approver).post(f"/api/benefits/applications/{i2}/approve")
    assert r.status_code == 409 and "无需重复投保" in r.json()["detail"]
    assert Application.objects.get(pk=i2).status == "pending"


def test_approver_scope_reject_and_withdraw(api_as, make_worker, make_programme, make_user):
    programme = make_programme(quota=None)
    w = make_worker()
    app_id = _apply(api_as, w, programme).json()["id"]
    caoxian = make_user(("county_staff", "371721"))
    assert api_as(caoxian).post(f"/api/benefits/applications/{app_id}/approve").status_code == 403
    assert api_as(caoxian).get("/api/benefits/applications").json() == []
    township = make_user(("township_staff", "371702001"))
    assert [x["id"] for x in api_as(township).get("/api/benefits/applications").json()] == [app_id]
    r = api_as(township).post(f"/api/benefits/applications/{app_id}/reject", {"note": " "})
    assert r.status_code == 400 and r.json()["field"] == "note"
    r = api_as(township).post(f"/api/benefits/applications/{app_id}/reject",
                              {"note": "材料不全"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert api_as(township).post(
        f"/api/benefits/applications/{app_id}/approve").status_code == 409
    # Rejected: may apply again, then withdraw while pending.
    assert _apply(api_as, w, programme).status_code == 201
    r = api_as(w).delete(f"/api/benefits/programmes/{programme.pk}/applications/mine")
    assert r.status_code == 200 and r.json()["withdrawn"] == 1
    r = api_as(w).delete(f"/api/benefits/programmes/{programme.pk}/applications/mine")
    assert r.status_code == 404


def test_not_a_worker_and_unknown(api_as, make_user, make_programme):
    programme = make_programme()
    staff = make_user(("community_staff", "371702001001"))
    assert _apply(api_as, staff, programme).status_code == 403
    r = api_as(staff).post("/api/benefits/programmes/999/applications")
    assert r.status_code == 404 and r.json()["detail"] == "权益项目不存在"


def test_insurer_roster_reveals_only_what_insurer_needs(api_as, make_worker, make_programme,
                                                        approver, make_user):
    programme = make_programme(quota=None)
    w = make_worker(name="董晓莉")
    app_id = _apply(api_as, w, programme).json()["id"]
    api_as(approver).post(f"/api/benefits/applications/{app_id}/approve")
    client = Client()
    client.force_login(approver)
    r = client.get(f"/benefits/programmes/{programme.pk}/roster.xlsx")
    assert r.status_code == 200
    ws = load_workbook(BytesIO(r.content)).active
    header = [c.value for c in ws[2]]
    row = dict(zip(header, next(ws.iter_rows(min_row=3, values_only=True)), strict=True))
    assert row["姓名"] == "董晓莉" and row["身份证号"] == TEST_ID
    assert row["手机号"] == w.phone_masked and "****" in row["手机号"]
    assert row["保额(元)"] == 90000
    logs = list(AccessLog.objects.filter(subject=w))
    assert {log.field for log in logs} == {"real_name", "id_number"}
    assert all(log.viewer == approver and log.channel == "export" for log in logs)
    township = Client()
    township.force_login(make_user(("township_staff", "371702001")))
    assert township.get(f"/benefits/programmes/{programme.pk}/roster.xlsx").status_code == 403
    assert AccessLog.objects.count() == 2


def test_figures_are_counted_from_records(api_as, make_worker, make_programme, approver,
                                          make_user, regions):
    insurance = make_programme(quota=None, cover_amount=Decimal("90000"))
    older = make_programme(name="试点", quota=None, cover_amount=Decimal("80000"),
                           starts_on=timezone.localdate() - timedelta(days=800),
                           ends_on=timezone.localdate() - timedelta(days=400))
    meals = make_programme(name="小哥食堂优惠餐", kind="meal_discount", quota=None,
                           cover_amount=None, discount_note="套餐立减5元")
    people = [make_worker(name=f"骑手{i}") for i in range(3)]
    for w in people:
        i = _apply(api_as, w, insurance).json()["id"]
        api_as(approver).post(f"/api/benefits/applications/{i}/approve")
    # One person insured in an earlier, non-overlapping period still counts once.
    Application.objects.create(programme=older, user=people[0], status="approved",
                               cover_amount=Decimal("80000"))
    i = _apply(api_as, people[1], meals).json()["id"]
    api_as(approver).post(f"/api/benefits/applications/{i}/approve")
    operator = make_user(("station_operator", "371702001"))
    canteen = Station.objects.create(name="东安小哥食堂", kind="rider_canteen",
                                     region=regions["371702001001"], lng=115.49, lat=35.24)
    for _ in range(2):
        r = api_as(operator).post(f"/api/benefits/applications/{i}/uses",
                                  {"amount_saved": "5", "station_id": canteen.pk})
        assert r.status_code == 201
    elsewhere = make_user(("station_operator", "371721001"))
    r = api_as(elsewhere).post(f"/api/benefits/applications/{i}/uses",
                               {"station_id": canteen.pk})
    assert r.status_code == 403
    f = Client().get("/api/benefits/figures").json()
    assert f["insured_people"] == 3
    assert Decimal(f["total_cover"]) == Decimal("350000")
    assert f["meals_discounted"] == 2 and Decimal(f["amount_saved"]) == 10
    assert Client().get("/api/benefits/figures", {"region": "371721"}).json()[
        "insured_people"] == 0
    assert BenefitUse.objects.count() == 2


def test_benefits_page_shows_figures_and_apply(make_worker, make_programme):
    make_programme()
    w = make_worker()
    client = Client()
    client.force_login(w)
    page = client.get("/benefits/").content.decode()
    assert "呵护新保" in page and "每人保额 90000 元" in page
    programme = Programme.objects.get()
    client.post(f"/benefits/programmes/{programme.pk}/apply")
    page = client.get("/benefits/").content.decode()
    assert "待审核" in page and "撤回申请" in page
    assert Application.objects.get().user == w


def test_counter_records_a_use_by_phone(api_as, make_worker, make_programme, approver,
                                        make_user, regions):
    from nuanxin.kernel.crypto import decrypt

    meals = make_programme(name="小哥食堂优惠餐", kind="meal_discount", quota=None,
                           cover_amount=None, requires_verified=False)
    canteen = Station.objects.create(name="东安小哥食堂", kind="rider_canteen",
                                     region=regions["371702001001"], lng=115.49, lat=35.24)
    rider, stranger = make_worker(name="小董"), make_worker(name="路人")
    i = _apply(api_as, rider, meals).json()["id"]
    api_as(approver).post(f"/api/benefits/applications/{i}/approve")
    operator = Client()
    operator.force_login(make_user(("station_operator", "371702001")))
    form = {"programme": meals.pk, "station": canteen.pk, "amount_saved": "6"}
    body = operator.get("/benefits/uses/new").content.decode()
    assert "东安小哥食堂" in body
    r = operator.post("/benefits/uses/new", {**form, "phone": decrypt(rider.phone_cipher)},
                      follow=True)
    assert f"已登记：{rider.phone_masked}" in r.content.decode()
    r = operator.post("/benefits/uses/new", {**form, "phone": decrypt(stranger.phone_cipher)})
    assert "该人员没有通过审核的此项权益" in r.content.decode()
    r = operator.post("/benefits/uses/new", {**form, "phone": "13800000000"})
    assert "该手机号尚未注册" in r.content.decode()
    r = operator.post("/benefits/uses/new", {**form, "phone": decrypt(rider.phone_cipher),
                                             "amount_saved": "abc"})
    assert "金额或选项格式不正确" in r.content.decode()
    assert BenefitUse.objects.count() == 1
    worker_page = Client()
    worker_page.force_login(rider)
    assert worker_page.get("/benefits/uses/new").status_code == 403
