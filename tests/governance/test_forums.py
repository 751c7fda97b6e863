"""小马扎: meetings all-or-nothing, votes required, tasks and the public page, talk check-in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from nuanxin.governance import figures, services
from nuanxin.governance.models import Decision, Meeting, Participant
from nuanxin.governance.services.forums import MeetingIn, VoteIn
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.points.models import LedgerEntry, Reason

pytestmark = pytest.mark.django_db


def meeting_in(**kw: Any) -> MeetingIn:
    args: dict[str, Any] = dict(
        community_code="371702001001", held_on=timezone.localdate(), title="小区充电桩选址",
        agenda=["充电桩放在哪", "费用谁出"], participants=["王大爷", "快递员小李"],
        minutes="居民和骑手围坐讨论。", decisions=[VoteIn("在东门外空地建充电桩", 21, 3, 2)])
    args.update(kw)
    return MeetingIn(**args)


def test_a_decision_without_a_vote_refuses_the_whole_meeting(people: Any) -> None:
    with pytest.raises(DomainError) as e:
        services.create_meeting(actor=people["village"], data=meeting_in(decisions=[
            VoteIn("在东门外空地建充电桩", 21, 3), VoteIn("物业承担电费", None, None)]))
    assert e.value.field == "votes_for" and "第2项决定" in e.value.message
    assert not Meeting.objects.exists() and not Participant.objects.exists()


def test_meeting_in_the_future_is_refused(people: Any) -> None:
    with pytest.raises(DomainError) as e:
        services.create_meeting(actor=people["village"], data=meeting_in(
            held_on=timezone.localdate() + timedelta(days=2)))
    assert e.value.field == "held_on"


def test_tasks_progress_and_the_public_page_shows_no_names(people: Any, client: Any,
                                                           make_user: Any) -> None:
    m = services.create_meeting(actor=people["village"], data=meeting_in(decisions=[
        VoteIn("在东门外空地建充电桩", 21, 3, 2), VoteIn("物业承担全部电费", 4, 20, 2)]))
    passed, failed = Decision.objects.filter(meeting=m).order_by("id")
    assert (passed.passed, failed.passed) == (True, False)
    with pytest.raises(DomainError):
        services.add_task(actor=people["village"], decision_id=failed.pk, title="谈电费",
                          owner="物业公司", due_on=timezone.localdate())
    task = services.add_task(actor=people["village"], decision_id=passed.pk, title="联系供电所报装",
                             owner="社区居委会", due_on=timezone.localdate() + timedelta(days=30))
    services.update_task(actor=people["village"], task_id=task.pk, progress=60, note="已报装")
    with pytest.raises(DomainError) as e:
        services.update_task(actor=people["village"], task_id=task.pk, progress=40)
    assert e.value.field == "progress"
    with pytest.raises(PermissionDenied):
        services.update_task(actor=people["other"], task_id=task.pk, progress=80)
    html = client.get("/governance/progress/371702001001/").content.decode()
    assert "在东门外空地建充电桩" in html and "联系供电所报装" in html and "60%" in html
    assert "赞成21、反对3、弃权2" in html
    assert "王大爷" not in html and "快递员小李" not in html and "社区书记" not in html


def test_talk_check_in_earns_points_once_through_the_ledger(people: Any) -> None:
    talk = services.create_talk(actor=people["village"], community_code="371702001001",
                                starts_at=timezone.now(), topic="骑手交通安全", speaker="交警王警官")
    with pytest.raises(DomainError) as e:
        services.check_in_talk(user=people["rider"], talk_id=talk.pk, code="wrong")
    assert e.value.field == "code"
    services.check_in_talk(user=people["rider"], talk_id=talk.pk, code=talk.checkin_code)
    with pytest.raises(Conflict):
        services.check_in_talk(user=people["rider"], talk_id=talk.pk, code=talk.checkin_code)
    entries = LedgerEntry.objects.filter(account__user=people["rider"])
    assert [(e.reason, e.amount) for e in entries] == [(Reason.ACTIVITY_ATTENDED, 10)]
    with pytest.raises(DomainError):
        services.check_in_talk(user=people["grid"], talk_id=talk.pk, code=talk.checkin_code,
                               now=timezone.now() + timedelta(days=1))


def test_figures_count_the_records(people: Any, session: Any) -> None:
    m = services.create_meeting(actor=people["village"], data=meeting_in())
    services.add_task(actor=people["village"], decision_id=m.decisions.get().pk, title="报装",
                      owner="社区居委会", due_on=timezone.localdate())
    services.record_request(actor=people["village"], session_id=session.pk,
                            data=services.RequestIn("roads", "村口的路坑洼积水没法走"))
    today = timezone.localdate()
    got = figures.compute(region=session.township.parent, start=today, end=today + timedelta(days=1))
    assert got["listening_requests"].value == 1
    assert got["forum_meetings"].value == 1 and got["forum_decisions"].value == 1
    assert got["forum_task_progress"].value == 0.0
    assert got["mediation_cases"].value == 0 and got["mediation_success_rate"].value is None
    later = figures.compute(region=session.township, start=today + timedelta(days=1),
                            end=today + timedelta(days=2))
    assert later["listening_requests"].value == 0 and later["forum_meetings"].value == 0


def test_meeting_page_form_names_the_field(client: Any, people: Any) -> None:
    client.force_login(people["village"])
    response = client.post("/governance/forums/", {
        "kind": "meeting", "community": "371702001001", "held_on": timezone.localdate().isoformat(),
        "title": "充电桩", "agenda": "选址", "participants": "王大爷",
        "decision_0": "建充电桩"})
    assert response.status_code == 400
    assert "第1项决定请填写表决票数" in response.content.decode()
    assert not Meeting.objects.exists()
