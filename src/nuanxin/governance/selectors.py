"""Reads: sessions and their requests (masked), meetings, the public progress page, figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import region_scope
from nuanxin.governance.models import (
    Decision,
    FollowUpTask,
    ListeningRequest,
    ListeningSession,
    Meeting,
    Outcome,
    Talk,
)
from nuanxin.governance.services.listening import STAFF_ROLES, works_in
from nuanxin.kernel.errors import NotFound, PermissionDenied
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.reports import selectors as cases
from nuanxin.reports.models import Report


def sessions(user: User) -> QuerySet[ListeningSession]:
    """Sessions of the townships the user works in or above (see services.works_in)."""
    scope = region_scope(user, roles=STAFF_ROLES)
    inside = {codes[2] for p in scope.paths if len(codes := [c for c in p.split("/") if c]) > 2}
    return ListeningSession.objects.select_related("township", "place").filter(
        scope.q("township") | Q(township__code__in=inside)).annotate(
        n=Count("requests")).order_by("-held_on", "-id")


def session_for(user: User, session_id: int) -> ListeningSession:
    session = ListeningSession.objects.select_related("township", "place").filter(
        pk=session_id).first()
    if session is None:
        raise NotFound("赶集场次不存在", field="session")
    if not works_in(user, session.township):
        raise PermissionDenied("该赶集场次不在您的辖区")
    return session


def requests_of(session: ListeningSession) -> list[ListeningRequest]:
    return list(session.requests.select_related("case__region").order_by("created_at", "id"))


@dataclass(frozen=True)
class CaseState:
    number: str
    status: str
    region: str
    due: object
    overdue: bool


def case_state(case: Report | None) -> CaseState | None:
    if case is None:
        return None
    return CaseState(case.number, case.get_status_display(), case.region.name,
                     cases.current_due(case), cases.is_overdue(case))


@dataclass(frozen=True)
class ListeningFigures:
    requests: int
    solved: int
    cases: int
    finished: int
    on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return round(self.on_time / self.finished, 4) if self.finished else None


def listening_figures(qs: QuerySet[ListeningRequest]) -> ListeningFigures:
    c = qs.aggregate(
        requests=Count("id"), solved=Count("id", filter=Q(outcome=Outcome.SOLVED)),
        cases=Count("id", filter=Q(outcome=Outcome.CASE)),
        finished=Count("id", filter=Q(case__finished_on_time__isnull=False)),
        on_time=Count("id", filter=Q(case__finished_on_time=True)))
    return ListeningFigures(**c)


def requests_under(region: Region, start: date | None = None,
                   end: date | None = None) -> QuerySet[ListeningRequest]:
    qs = ListeningRequest.objects.filter(subtree_q(region.path, "session__place__path"))
    if start:
        qs = qs.filter(session__held_on__gte=start)
    if end:
        qs = qs.filter(session__held_on__lt=end)
    return qs


def meetings(user: User) -> QuerySet[Meeting]:
    return region_scope(user, roles=STAFF_ROLES).filter(
        Meeting.objects.select_related("community"), "community").order_by("-held_on", "-id")


def meeting_for(user: User, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("community").prefetch_related(
        "agenda", "participants", Prefetch("decisions", Decision.objects.prefetch_related(
            "tasks"))).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound("议事会不存在", field="meeting")
    if not region_scope(user, roles=STAFF_ROLES).covers(meeting.community):
        raise PermissionDenied("该议事会不在您的辖区")
    return meeting


@dataclass(frozen=True)
class PublicTask:
    title: str
    owner: str
    due_on: date
    progress: int
    late: bool


@dataclass(frozen=True)
class PublicDecision:
    held_on: date
    meeting: str
    text: str
    votes: str
    passed: bool
    tasks: list[PublicTask]

    @property
    def progress(self) -> int:
        return round(sum(t.progress for t in self.tasks) / len(self.tasks)) if self.tasks else 0


def public_progress(community: Region) -> list[PublicDecision]:
    """Decisions and their tasks' progress, as Decidim's accountability page: no names."""
    today = timezone.localdate()
    out = []
    rows = Decision.objects.filter(meeting__community=community).select_related(
        "meeting").prefetch_related("tasks").order_by("-meeting__held_on", "id")
    for d in rows:
        tasks = [PublicTask(t.title, t.owner, t.due_on, t.progress,
                            t.progress < 100 and t.due_on < today) for t in d.tasks.all()]
        out.append(PublicDecision(d.meeting.held_on, d.meeting.title, d.text,
                                  f"赞成{d.votes_for}、反对{d.votes_against}、弃权{d.votes_abstain}",
                                  d.passed, tasks))
    return out


def community(code: str) -> Region:
    region = Region.objects.filter(code=code, level="village").first()
    if region is None:
        raise NotFound(f"村(社区)代码“{code}”不存在", field="community")
    return region


def talk(talk_id: int) -> Talk:
    found = Talk.objects.select_related("community").filter(pk=talk_id).first()
    if found is None:
        raise NotFound("宣讲不存在", field="talk")
    return found


@dataclass(frozen=True)
class ForumFigures:
    meetings: int
    decisions: int
    tasks: int
    tasks_done: int
    progress: float | None
    talks: int
    attendance: int


def forum_figures(region: Region, start: date, end: date) -> ForumFigures:
    under = subtree_q(region.path, "meeting__community__path")
    decisions = Decision.objects.filter(under, meeting__held_on__gte=start,
                                        meeting__held_on__lt=end)
    tasks = FollowUpTask.objects.filter(decision__in=decisions)
    t = tasks.aggregate(n=Count("id"), done=Count("id", filter=Q(progress=100)),
                        avg=Avg("progress"))
    talks = Talk.objects.filter(subtree_q(region.path, "community__path"),
                                starts_at__date__gte=start, starts_at__date__lt=end)
    a = talks.aggregate(n=Count("id", distinct=True), seen=Count("attendance"))
    return ForumFigures(
        meetings=Meeting.objects.filter(subtree_q(region.path, "community__path"),
                                        held_on__gte=start, held_on__lt=end).count(),
        decisions=decisions.count(), tasks=t["n"], tasks_done=t["done"],
        progress=round(t["avg"], 1) if t["avg"] is not None else None,
        talks=a["n"], attendance=a["seen"])
