"""Admin writes of benefit programmes go through the service; nobody approves their own
application or records their own benefit use (issue 9)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nuanxin.benefits import services
from nuanxin.benefits.models import Application, Programme
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.people.models import Worker

pytestmark = pytest.mark.django_db


def test_programme_scope_on_old_and_new_region(make_user, make_programme, regions):
    county = make_user(("county_staff", "371702"))
    mine = make_programme(region=regions["371702"])
    mine.region = regions["371721"]
    with pytest.raises(PermissionDenied):
        services.save_programme(actor=county, programme=mine)
    theirs = make_programme(region=regions["371721"], name="曹县项目")
    theirs.region = regions["371702"]
    with pytest.raises(PermissionDenied):
        services.save_programme(actor=county, programme=theirs)
    assert Programme.objects.get(pk=theirs.pk).region.code == "371721"


def test_quota_never_under_approved_places(make_user, make_programme, make_worker, approver):
    programme = make_programme(quota=3, region=approver.roles.get().region)
    for i in range(2):
        app = services.apply(user=make_worker(name=f"骑手{i}"), programme_id=programme.pk)
        services.approve(actor=approver, application_id=app.pk)
    programme.quota = 1
    with pytest.raises(DomainError) as e:
        services.save_programme(actor=approver, programme=programme)
    assert e.value.field == "quota" and "已审核通过2人" in e.value.message
    programme.quota = 2
    programme.cover_amount = Decimal("-1")
    with pytest.raises(DomainError) as e:
        services.save_programme(actor=approver, programme=programme)
    assert e.value.field == "cover_amount"
    with pytest.raises(Conflict):
        services.delete_programme(actor=approver, programme_id=programme.pk)


def test_staff_never_approve_their_own_application(make_user, make_programme, regions):
    staff = make_user(("county_staff", "371702"), ("worker", "371702001001"))
    Worker.objects.create(user=staff, kind="courier", work_region=regions["371702001001"],
                          real_name_verified=True)
    programme = make_programme(quota=None)
    app = services.apply(user=staff, programme_id=programme.pk)
    with pytest.raises(PermissionDenied) as e:
        services.approve(actor=staff, application_id=app.pk)
    assert "不能审核自己的申请" in e.value.message
    with pytest.raises(PermissionDenied):
        services.reject(actor=staff, application_id=app.pk, note="不符合")
    assert Application.objects.get(pk=app.pk).status == "pending"


def test_nobody_records_their_own_benefit_use(make_user, make_programme, regions, approver):
    staff = make_user(("community_staff", "371702001001"), ("worker", "371702001001"))
    Worker.objects.create(user=staff, kind="courier", work_region=regions["371702001001"],
                          real_name_verified=True)
    meals = make_programme(name="小哥食堂优惠餐", kind="meal_discount", quota=None,
                           cover_amount=None, discount_note="套餐立减5元")
    app = services.apply(user=staff, programme_id=meals.pk)
    services.approve(actor=approver, application_id=app.pk)
    with pytest.raises(PermissionDenied) as e:
        services.record_use(actor=staff, application_id=app.pk)
    assert "不能为自己登记权益使用" in e.value.message
