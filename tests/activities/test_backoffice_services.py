"""Admin writes go through the activities services: scope on the old and the new region,
seats already held, readable kinds, and cancelling tells the participants (issue 9)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from nuanxin.activities import services
from nuanxin.activities.models import Activity, ActivityStatus, CarePlan
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _admin_form(a: Activity, **changes: object) -> dict[str, object]:
    local = {k: timezone.localtime(getattr(a, k)) for k in
             ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")}
    data: dict[str, object] = {
        "plan": "", "cadence": a.cadence, "category": a.category, "title": a.title,
        "description": a.description, "region": a.region_id, "worker_kinds": a.worker_kinds,
        "station": "", "address": a.address, "lng": a.lng, "lat": a.lat,
        "capacity": a.capacity, "waitlist_size": a.waitlist_size, "points": "",
        "status": a.status, "organiser": a.organiser, "cancel_reason": "",
        "child_min_age": "", "child_max_age": "",
    }
    for k, v in local.items():
        data[f"{k}_0"], data[f"{k}_1"] = f"{v:%Y-%m-%d}", f"{v:%H:%M:%S}"
    data.update(changes)
    return data


def test_township_cadre_cannot_move_an_activity_into_another_county(
        organiser, make_activity, regions):
    activity = make_activity()
    client = Client()
    client.force_login(organiser)
    r = client.post(f"/admin/activities/activity/{activity.pk}/change/",
                    _admin_form(activity, region=regions["371721"].pk))
    assert r.status_code == 200  # the form again, with the refusal on the region field
    assert "曹县不在您的辖区内" in r.content.decode()
    activity.refresh_from_db()
    assert activity.region.code == "371702001"


def test_capacity_never_falls_under_the_seats_held(organiser, make_activity, make_worker):
    activity = make_activity(capacity=3)
    for i in range(2):
        services.sign_up(user=make_worker(name=f"骑手{i}"), activity_id=activity.pk)
    client = Client()
    client.force_login(organiser)
    r = client.post(f"/admin/activities/activity/{activity.pk}/change/",
                    _admin_form(activity, capacity=1))
    assert "已有2人报名，名额不能少于2" in r.content.decode()
    activity.refresh_from_db()
    assert activity.capacity == 3
    r = client.post(f"/admin/activities/activity/{activity.pk}/change/",
                    _admin_form(activity, capacity=2))
    assert r.status_code == 302
    activity.refresh_from_db()
    assert activity.capacity == 2


def test_a_kind_list_the_eligibility_filter_cannot_read_is_refused(organiser, make_activity):
    activity = make_activity()
    activity.worker_kinds = "courier;骑手"
    with pytest.raises(DomainError) as e:
        services.save_activity(actor=organiser, activity=activity)
    assert e.value.field == "worker_kinds"
    activity.worker_kinds = "courier,delivery_rider"
    services.save_activity(actor=organiser, activity=activity)
    activity.refresh_from_db()
    assert activity.worker_kinds == ",courier,delivery_rider,"


def test_cancelling_in_the_admin_tells_everyone_signed_up(organiser, make_activity, make_worker):
    activity = make_activity()
    rider = make_worker(name="小董")
    services.sign_up(user=rider, activity_id=activity.pk)
    client = Client()
    client.force_login(organiser)
    url = f"/admin/activities/activity/{activity.pk}/change/"
    r = client.post(url, _admin_form(activity, status="cancelled"))
    assert "取消活动请说明原因" in r.content.decode()
    r = client.post(url, _admin_form(activity, status="cancelled", cancel_reason="高温预警"))
    assert r.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CANCELLED
    message = Notification.objects.filter(user=rider, title__startswith="活动取消").get()
    assert "活动取消" in message.title and "高温预警" in message.body


def test_stored_region_outside_scope_is_refused_even_if_moved_inside(
        make_user, make_activity, city_admin, organiser):
    caoxian = make_activity(region_code="371721", actor=city_admin)
    caoxian.region = organiser.roles.get().region
    with pytest.raises(PermissionDenied):
        services.save_activity(actor=organiser, activity=caoxian)


def test_delete_goes_through_the_service(organiser, make_activity, make_worker):
    activity = make_activity()
    services.sign_up(user=make_worker(), activity_id=activity.pk)
    with pytest.raises(Conflict):
        services.delete_activity(actor=organiser, activity_id=activity.pk)
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_care_plans_are_scoped_on_old_and_new_region(organiser, regions, city_admin):
    plan = CarePlan.objects.create(year=2026, theme="暖新行动", region=regions["371702001"])
    plan.region = regions["371721"]
    with pytest.raises(PermissionDenied):
        services.save_care_plan(actor=organiser, plan=plan)
    other = CarePlan.objects.create(year=2026, theme="曹县", region=regions["371721"])
    with pytest.raises(PermissionDenied):
        services.delete_care_plan(actor=organiser, plan_id=other.pk)
    plan.refresh_from_db()
    plan.theme = "暖新行动·夏"
    services.save_care_plan(actor=organiser, plan=plan)
    assert CarePlan.objects.get(pk=plan.pk).theme == "暖新行动·夏"


def test_nobody_marks_their_own_attendance(make_user, make_activity, regions):
    from nuanxin.people.models import Worker

    staff = make_user(("township_staff", "371702001"), ("worker", "371702001001"))
    Worker.objects.create(user=staff, kind="courier", work_region=regions["371702001001"])
    activity = make_activity(starts_at=timezone.now() + timedelta(minutes=30),
                             ends_at=timezone.now() + timedelta(hours=2),
                             signup_closes_at=timezone.now() + timedelta(minutes=20))
    signup = services.sign_up(user=staff, activity_id=activity.pk)
    with pytest.raises(PermissionDenied) as e:
        services.mark_attendance(actor=staff, signup_id=signup.pk)
    assert "不能为自己登记签到" in e.value.message
