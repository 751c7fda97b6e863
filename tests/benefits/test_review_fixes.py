"""The programme list reads each programme once; amounts the column cannot hold are refused;
the page actions report refusals in the worker's words."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nuanxin.benefits.models import Application, BenefitUse

pytestmark = pytest.mark.django_db

NOT_INSURANCE = ["meal_discount", "health_check", "child_care"]


def test_programme_list_costs_the_same_queries_for_more_programmes(api_as, make_worker,
                                                                   make_programme):
    worker = make_worker()
    first = make_programme(name="优惠餐", kind="meal_discount", quota=1, cover_amount=None)
    Application.objects.create(programme=first, user=worker, status="approved")

    def count() -> tuple[list[dict], int]:
        client = api_as(worker)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get("/api/benefits/programmes")
        assert r.status_code == 200
        return r.json(), len(ctx.captured_queries)

    rows, few = count()
    assert rows[0]["why_not"] == "您已申请该项目，请勿重复申请"
    for i, kind in enumerate(NOT_INSURANCE * 2):
        make_programme(name=f"项目{i}", kind=kind, quota=1 if i % 2 else None,
                       cover_amount=None)
    rows, many = count()
    assert many == few
    assert len(rows) == 7 and sum(1 for r in rows if r["can_apply"]) == 6


def test_a_full_quota_is_still_the_reason_on_the_list(api_as, make_worker, make_programme):
    programme = make_programme(name="体检", kind="health_check", quota=1, cover_amount=None)
    Application.objects.create(programme=programme, user=make_worker(name="甲"),
                               status="approved")
    row = api_as(make_worker(name="乙")).get("/api/benefits/programmes").json()[0]
    assert (row["can_apply"], row["why_not"]) == (False, "该项目名额（1人）已满")


def test_use_amount_the_column_cannot_hold_is_refused(api_as, make_worker, make_programme,
                                                      approver):
    meals = make_programme(name="优惠餐", kind="meal_discount", quota=None, cover_amount=None)
    a = Application.objects.create(programme=meals, user=make_worker(), status="approved")
    r = api_as(approver).post(f"/api/benefits/applications/{a.pk}/uses",
                              {"amount_saved": "100000000"})
    assert r.status_code == 400
    assert (r.json()["field"], r.json()["detail"]) == ("amount_saved",
                                                       "优惠金额不能超过99,999,999.99元")
    assert not BenefitUse.objects.exists()


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity"])
def test_counter_page_refuses_amounts_that_are_no_number(make_worker, make_programme,
                                                         make_user, amount):
    from nuanxin.kernel.crypto import decrypt

    meals = make_programme(name="优惠餐", kind="meal_discount", quota=None, cover_amount=None)
    rider = make_worker()
    Application.objects.create(programme=meals, user=rider, status="approved")
    operator = Client()
    operator.force_login(make_user(("station_operator", "371702001")))
    r = operator.post("/benefits/uses/new", {"programme": meals.pk, "station": "",
                                             "phone": decrypt(rider.phone_cipher),
                                             "amount_saved": amount})
    assert r.status_code == 200 and "金额或选项格式不正确" in r.content.decode()
    assert not BenefitUse.objects.exists()


def test_withdraw_page_with_nothing_pending_says_so(make_worker, make_programme):
    programme = make_programme()
    client = Client()
    client.force_login(make_worker())
    page = client.post(f"/benefits/programmes/{programme.pk}/withdraw", follow=True)
    assert "没有可撤回的待审核申请" in page.content.decode()
    client.post(f"/benefits/programmes/{programme.pk}/apply")
    page = client.post(f"/benefits/programmes/{programme.pk}/withdraw", follow=True)
    assert "已撤回申请" in page.content.decode()
    assert Application.objects.get().status == "withdrawn"
