"""Sign-up, waitlist in first-come order, promotion on cancel, and every refusal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from nuanxin.activities.models import Signup, SignupStatus
from nuanxin.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _signup(api_as, user, activity, **body):
    return api_as(user).post(f"/api/activities/{activity.pk}/signups", body)


def test_seats_then_waitlist_in_order_then_full(api_as, make_worker, make_activity):
    activity = make_activity(capacity=2, waitlist_size=2)
    people = [make_worker(name=f"骑手{i}") for i in range(5)]
    answers = [_signup(api_as, p, activity) for p in people]
    assert [r.status_code for r in answers[:4]] == [201, 201, 201, 201]
    body = [r.json() for r in answers[:4]]
    assert [b["status"] for b in body] == ["attending", "attending", "waitlisted", "waitlisted"]
    assert [b["queue_position"] for b in body] == [None, None, 1, 2]
    assert "候补第2位" in body[3]["message"]
    assert answers[4].status_code == 409
    assert answers[4].json()["detail"] == "名额已满，候补也已排满"
    assert not Signup.objects.filter(user=people[4]).exists()
    # The waitlisted worker was told their place.
    assert Notification.objects.filter(user=people[3], title__startswith="已进入候补").exists()


def test_cancel_promotes_head_of_queue_and_tells_them(api_as, make_worker, make_activity):
    activity = make_activity(capacity=1, waitlist_size=3)
    first, second, third = (make_worker(name=n) for n in ("甲", "乙", "丙"))
    for p in (first, second, third):
        assert _signup(api_as, p, activity).status_code == 201
    r = api_as(first).delete(f"/api/activities/{activity.pk}/signups/mine")
    assert r.status_code == 200, r.content
    mine = api_as(second).get(f"/api/activities/{activity.pk}/signups/mine").json()
    assert mine[0]["status"] == "attending"
    third_now = api_as(third).get(f"/api/activities/{activity.pk}/signups/mine").json()
    assert third_now[0]["queue_position"] == 1
    assert Notification.objects.filter(user=second, title__startswith="候补转正").exists()
    assert not Notification.objects.filter(user=third, title__startswith="候补转正").exists()
    # A waitlisted worker leaving moves nobody into a seat.
    api_as(third).delete(f"/api/activities/{activity.pk}/signups/mine")
    assert Signup.objects.filter(activity=activity, status=SignupStatus.ATTENDING).count() == 1


def test_cancel_without_signup_is_404_and_after_start_refused(api_as, make_worker,
                                                              make_activity):
    activity = make_activity()
    worker = make_worker()
    r = api_as(worker).delete(f"/api/activities/{activity.pk}/signups/mine")
    assert r.status_code == 404 and r.json()["detail"] == "您没有该活动的有效报名"
    _signup(api_as, worker, activity)
    activity.starts_at = timezone.now() - timedelta(minutes=5)
    activity.signup_closes_at = activity.starts_at - timedelta(hours=1)
    activity.save()
    r = api_as(worker).delete(f"/api/activities/{activity.pk}/signups/mine")
    assert r.status_code == 400 and "不能取消" in r.json()["detail"]
    assert Signup.objects.get(user=worker).status == SignupStatus.ATTENDING


def test_twice_is_409_and_nothing_written(api_as, make_worker, make_activity):
    activity = make_activity()
    worker = make_worker()
    assert _signup(api_as, worker, activity).status_code == 201
    r = _signup(api_as, worker, activity)
    assert r.status_code == 409
    assert r.json()["detail"] == "您已报名该活动，请勿重复报名"
    assert Signup.objects.filter(user=worker).count() == 1


@pytest.mark.parametrize(("opens", "closes", "message"), [
    (timedelta(days=1), timedelta(days=2), "报名尚未开始"),
    (-timedelta(days=2), -timedelta(hours=1), "报名已截止"),
])
def test_outside_the_window(api_as, make_worker, make_activity, opens, closes, message):
    now = timezone.now()
    activity = make_activity(signup_opens_at=now + opens, signup_closes_at=now + closes)
    worker = make_worker()
    r = _signup(api_as, worker, activity)
    assert r.status_code == 400
    assert r.json()["detail"].startswith(message)
    assert r.json()["field"] in ("signup_opens_at", "signup_closes_at")
    assert not Signup.objects.exists()


def test_wrong_kind_and_wrong_region(api_as, make_worker, make_activity):
    activity = make_activity(worker_kinds=["courier"])
    rider = make_worker(kind="delivery_rider")
    r = _signup(api_as, rider, activity)
    assert r.status_code == 400
    assert r.json()["detail"] == "该活动只面向快递员，您登记的是网约配送员"
    elsewhere = make_worker(kind="courier", region="371721001001")
    r = _signup(api_as, elsewhere, activity)
    assert r.status_code == 400 and r.json()["detail"] == "该活动只面向在东城街道工作的人员"
    assert not Signup.objects.exists()


def test_not_a_worker_is_403(api_as, make_user, make_activity):
    activity = make_activity()
    staff = make_user(("community_staff", "371702001001"))
    r = _signup(api_as, staff, activity)
    assert r.status_code == 403 and "新就业群体" in r.json()["detail"]


def test_camp_checks_the_childs_age(api_as, make_worker, make_activity):
    start = timezone.now() + timedelta(days=10)
    activity = make_activity(category="summer_camp", for_children=True, child_min_age=6,
                             child_max_age=12, starts_at=start, ends_at=start + timedelta(days=3),
                             signup_closes_at=start - timedelta(days=1))
    worker = make_worker()
    first_day = timezone.localtime(start).date()
    too_young = date(first_day.year - 4, 1, 1)
    r = _signup(api_as, worker, activity, child_name="小明", child_birth_date=str(too_young))
    assert r.status_code == 400
    assert r.json()["detail"].startswith("该活动面向6至12周岁的孩子，您的孩子活动开始时")
    assert r.json()["field"] == "child_birth_date"
    r = _signup(api_as, worker, activity, child_birth_date=str(too_young))
    assert r.status_code == 400 and r.json()["field"] == "child_name"
    assert not Signup.objects.exists()
    ok = date(first_day.year - 8, 1, 1)
    assert _signup(api_as, worker, activity, child_name="小明",
                   child_birth_date=str(ok)).status_code == 201
    # A second child of the same worker takes a second seat; the same child twice is refused.
    assert _signup(api_as, worker, activity, child_name="小红",
                   child_birth_date=str(ok)).status_code == 201
    assert _signup(api_as, worker, activity, child_name="小明",
                   child_birth_date=str(ok)).status_code == 409


def test_child_fields_refused_for_adult_activity(api_as, make_worker, make_activity):
    activity = make_activity()
    r = _signup(api_as, make_worker(), activity, child_name="小明")
    assert r.status_code == 400 and r.json()["field"] == "child_name"


def test_unknown_activity_and_anonymous(api, api_as, make_worker):
    assert api.post("/api/activities/999/signups", {}).status_code == 401
    r = api_as(make_worker()).post("/api/activities/999/signups", {})
    assert r.status_code == 404 and r.json()["detail"] == "活动不存在"


def test_cancelled_activity_refuses_signups(api_as, make_worker, make_activity, organiser):
    from nuanxin.activities.services import cancel_activity

    activity = make_activity()
    early = make_worker()
    _signup(api_as, early, activity)
    cancel_activity(actor=organiser, activity_id=activity.pk, reason="高温预警")
    r = _signup(api_as, make_worker(), activity)
    assert r.status_code == 400 and r.json()["detail"] == "该活动已取消"
    assert Notification.objects.filter(user=early, title__startswith="活动取消").exists()
