"""Who an activity is for and when one may sign up: pure checks, no writes.

Each check raises a DomainError with a Chinese message naming the field, so the API,
the pages and the services refuse the same things in the same words.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.activities.models import Activity, ActivityStatus
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.people import selectors as people_selectors
from nuanxin.people.models import Worker
from nuanxin.people.selectors import check_worker_fits


def local_label(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}"


def worker_of(user: User) -> Worker:
    worker = people_selectors.worker_of(user)
    if worker is None:
        raise PermissionDenied("请先登记为新就业群体人员，再报名活动")
    return worker


def check_for_worker(activity: Activity, worker: Worker) -> None:
    """The activity's kinds and region must include this worker."""
    check_worker_fits(worker, kinds=activity.kinds, region=activity.region, offer="该活动",
                      kind_field="worker_kinds")


def check_window(activity: Activity, now: datetime) -> None:
    if activity.status == ActivityStatus.CANCELLED:
        raise DomainError("该活动已取消", field="activity", code="cancelled")
    if now < activity.signup_opens_at:
        raise DomainError(f"报名尚未开始，{local_label(activity.signup_opens_at)}开放报名",
                          field="signup_opens_at", code="window_closed")
    if now >= activity.signup_closes_at or now >= activity.starts_at:
        raise DomainError("报名已截止", field="signup_closes_at", code="window_closed")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_child(activity: Activity, child_name: str, child_birth_date: date | None) -> None:
    """Camps take a worker's child of the right age on the first day; others take no child."""
    if not activity.for_children:
        if child_name or child_birth_date:
            raise DomainError("该活动由本人报名，无需填写子女信息", field="child_name")
        return
    if not child_name:
        raise DomainError("请填写参加活动的子女姓名", field="child_name")
    if child_birth_date is None:
        raise DomainError("请填写子女出生日期", field="child_birth_date")
    first_day = timezone.localtime(activity.starts_at).date()
    if child_birth_date >= first_day:
        raise DomainError("子女出生日期不正确", field="child_birth_date")
    age = age_on(child_birth_date, first_day)
    low, high = activity.child_min_age, activity.child_max_age
    if (low is not None and age < low) or (high is not None and age > high):
        span = f"{low or 0}至{high}周岁" if high is not None else f"{low}周岁以上"
        raise DomainError(f"该活动面向{span}的孩子，您的孩子活动开始时{age}周岁",
                          field="child_birth_date", code="not_eligible")
