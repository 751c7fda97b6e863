"""小马扎: a deliberation meeting with its decisions and follow-up tasks; talks with QR
check-in that earn points through the points ledger (as activities do)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.governance.models import (
    AgendaItem,
    Decision,
    FollowUpTask,
    Meeting,
    Participant,
    Talk,
    TalkAttendance,
)
from nuanxin.governance.services.listening import STAFF_ROLES
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.points.models import Reason
from nuanxin.points.services import award_points
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region

MAX_VOTERS = 10_000


def _community(code: str) -> Region:
    region = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if region is None:
        raise DomainError(f"村(社区)代码“{code}”不存在", field="community")
    return region


def _need_staff(user: User, region: Region) -> None:
    if not can(user, STAFF_ROLES, region):
        raise PermissionDenied("只有本村(社区)及上级的工作人员可以登记小马扎")


@dataclass
class VoteIn:
    text: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None = 0


def _votes(v: VoteIn, where: str) -> tuple[int, int, int]:
    if v.votes_for is None or v.votes_against is None:
        raise DomainError(f"{where}请填写表决票数（赞成、反对）", field="votes_for")
    counts = (v.votes_for, v.votes_against, v.votes_abstain or 0)
    if any(c < 0 for c in counts):
        raise DomainError(f"{where}票数不能为负数", field="votes_for")
    if sum(counts) == 0:
        raise DomainError(f"{where}没有表决，请填写票数", field="votes_for")
    if sum(counts) > MAX_VOTERS:
        raise DomainError(f"{where}票数过大", field="votes_for")
    return counts


@dataclass
class MeetingIn:
    community_code: str
    held_on: date
    title: str
    agenda: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)  # names typed in
    participant_users: list[int] = field(default_factory=list)
    minutes: str = ""
    decisions: list[VoteIn] = field(default_factory=list)


def create_meeting(*, actor: User, data: MeetingIn) -> Meeting:
    """The whole meeting in one go; any bad part refuses all of it (nothing half-saved)."""
    community = _community(data.community_code)
    _need_staff(actor, community)
    if data.held_on > timezone.localdate():
        raise DomainError("议事日期不能晚于今天", field="held_on")
    title = (data.title or "").strip()
    if len(title) < 2:
        raise DomainError("请填写议题", field="title")
    agenda = [a.strip()[:100] for a in data.agenda if a.strip()]
    if not agenda:
        raise DomainError("请至少填写一项议程", field="agenda")
    names = [n.strip()[:40] for n in data.participants if n.strip()]
    users = list(User.objects.filter(pk__in=data.participant_users))
    if len(users) != len(set(data.participant_users)):
        raise DomainError("参会人中有不存在的用户", field="participants")
    if not names and not users:
        raise DomainError("请登记参会人", field="participants")
    votes = [(d, _votes(d, f"第{i}项决定")) for i, d in enumerate(data.decisions, start=1)]
    for i, (d, _) in enumerate(votes, start=1):
        if len((d.text or "").strip()) < 2:
            raise DomainError(f"请填写第{i}项决定的内容", field="decisions")
    with transaction.atomic():
        meeting = Meeting.objects.create(community=community, held_on=data.held_on,
                                         title=title[:100], minutes=data.minutes.strip(),
                                         created_by=actor)
        AgendaItem.objects.bulk_create(AgendaItem(meeting=meeting, title=t, sort=i)
                                       for i, t in enumerate(agenda))
        Participant.objects.bulk_create(
            [Participant(meeting=meeting, user=u, name=u.display_name or "参会人") for u in users]
            + [Participant(meeting=meeting, name=n) for n in names])
        for d, (yes, no, abstain) in votes:
            Decision.objects.create(meeting=meeting, text=d.text.strip()[:300], votes_for=yes,
                                    votes_against=no, votes_abstain=abstain,
                                    passed=yes * 2 > yes + no + abstain)
    return meeting


def add_decision(*, actor: User, meeting_id: int, data: VoteIn) -> Decision:
    meeting = Meeting.objects.select_related("community").filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound("议事会不存在", field="meeting")
    _need_staff(actor, meeting.community)
    if len((data.text or "").strip()) < 2:
        raise DomainError("请填写决定内容", field="text")
    yes, no, abstain = _votes(data, "")
    return Decision.objects.create(meeting=meeting, text=data.text.strip()[:300],
                                   votes_for=yes, votes_against=no, votes_abstain=abstain,
                                   passed=yes * 2 > yes + no + abstain)


def add_task(*, actor: User, decision_id: int, title: str, owner: str,
             due_on: date) -> FollowUpTask:
    decision = Decision.objects.select_related("meeting__community").filter(
        pk=decision_id).first()
    if decision is None:
        raise NotFound("决定不存在", field="decision")
    _need_staff(actor, decision.meeting.community)
    if not decision.passed:
        raise DomainError("未通过的决定不能安排落实任务", field="decision")
    if len((title or "").strip()) < 2:
        raise DomainError("请填写任务内容", field="title")
    if len((owner or "").strip()) < 2:
        raise DomainError("请填写责任单位", field="owner")
    if due_on < decision.meeting.held_on:
        raise DomainError("完成期限不能早于议事日期", field="due_on")
    return FollowUpTask.objects.create(decision=decision, title=title.strip()[:200],
                                       owner=owner.strip()[:60], due_on=due_on)


def update_task(*, actor: User, task_id: int, progress: int, note: str = "") -> FollowUpTask:
    """Move a task's progress. Lock: the task row; progress never goes backwards."""
    if not 0 <= progress <= 100:
        raise DomainError("进度应在0到100之间", field="progress")
    with transaction.atomic():
        task = FollowUpTask.objects.select_for_update().filter(pk=task_id).first()
        if task is None:
            raise NotFound("落实任务不存在", field="task")
        community = Meeting.objects.select_related("community").get(
            decisions__tasks=task).community
        _need_staff(actor, community)
        if progress < task.progress:
            raise DomainError(f"进度不能低于当前的{task.progress}%", field="progress")
        task.progress, task.progress_note = progress, (note or "").strip()[:300]
        task.save()
    return task


def create_talk(*, actor: User, community_code: str, starts_at: datetime, topic: str,
                speaker: str, award: bool = True) -> Talk:
    community = _community(community_code)
    _need_staff(actor, community)
    if len((topic or "").strip()) < 2:
        raise DomainError("请填写宣讲主题", field="topic")
    if len((speaker or "").strip()) < 2:
        raise DomainError("请填写宣讲人", field="speaker")
    return Talk.objects.create(community=community, starts_at=starts_at, topic=topic.strip()[:100],
                               speaker=speaker.strip()[:60], award_points=award,
                               checkin_code=secrets.token_urlsafe(12), created_by=actor)


def check_in_talk(*, user: User, talk_id: int, code: str,
                  now: datetime | None = None) -> TalkAttendance:
    """A resident scans the talk's QR on the day; points once, through the points ledger."""
    talk = Talk.objects.filter(pk=talk_id).first()
    if talk is None:
        raise NotFound("宣讲不存在", field="talk")
    if not secrets.compare_digest(code or "", talk.checkin_code):
        raise DomainError("签到码无效，请扫描宣讲现场的二维码", field="code")
    now = now or timezone.now()
    day = timezone.localtime(talk.starts_at).date()
    if timezone.localtime(now).date() != day:
        raise DomainError(f"只能在宣讲当天（{day:%m月%d日}）签到", field="code")
    try:
        with transaction.atomic():
            seen = TalkAttendance.objects.create(talk=talk, user=user, checked_in_at=now)
            if talk.award_points:
                award_points(user=user, reason=Reason.ACTIVITY_ATTENDED, source=seen,
                             note=f"参加小马扎宣讲：{talk.topic}"[:200])
    except IntegrityError:
        raise Conflict("您已签到，请勿重复签到", field="code") from None
    return seen
