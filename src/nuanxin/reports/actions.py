"""Handler, upper-level and reporter actions on a report, through the transition table.

Lock: every action takes the report row with `select_for_update()` inside one
transaction, re-checks the state there, then writes the state, the event and the
notices together, so two taps (or two people) never both succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.kernel.errors import DomainError, NotFound, PermissionDenied
from nuanxin.points.models import Reason
from nuanxin.points.services import award_points
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.reports.ladder import UPPER_ROLES, handler_roles, parent_region
from nuanxin.reports.models import Origin, Rating, Report
from nuanxin.reports.services import accept_due, add_photos, resolve_due
from nuanxin.reports.states import REOPENED, WORKING, Action, Status, target_state
from nuanxin.reports.timeline import record, tell_handlers, tell_reporter
from nuanxin.workcalendar.selectors import add_working_hours

RETURN_REASONS = {"wrong_area": "不属于本辖区", "unclear_ownership": "权属不清",
                  "not_responsible": "非本单位职责"}
REJECT_REASONS = {"duplicate": "重复反映", "not_applicable": "不属于受理范围",
                  "unverifiable": "现场核实不存在"}


def _locked(report_id: int) -> Report:
    # Lock the bare row first: a FOR UPDATE over joins can lose a row whose region was
    # changed by a concurrent transaction (PostgreSQL re-checks the join on the old row).
    if not list(Report.objects.select_for_update().filter(pk=report_id).values_list("pk")):
        raise NotFound("随手拍不存在", field="id")
    return Report.objects.select_related("category", "region", "reporter").get(pk=report_id)


def _need_handler(user: User, report: Report) -> None:
    if not can(user, handler_roles(report.origin, report.handler_kind), report.region):
        raise PermissionDenied("您不是该随手拍的承办人，无权操作")


def _need_upper(user: User, report: Report) -> None:
    above = parent_region(report.region)
    if above is None or not can(user, UPPER_ROLES, above):
        raise PermissionDenied("只有上级（社区、街道、县区）可以审批或督办")


def _need_reporter(user: User, report: Report) -> None:
    if report.origin != Origin.SNAP:
        # A resident without the app is followed up by phone (回访) by the handler.
        if not can(user, handler_roles(report.origin, report.handler_kind), report.region):
            raise PermissionDenied("只有承办人可以登记回访结果")
        return
    if report.reporter_id != user.pk:
        raise PermissionDenied("只有报告人本人可以评价或提出异议")


def _text(value: str, field: str, what: str, minimum: int = 2) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise DomainError(f"请填写{what}", field=field)
    return value[:1000]


def _reason(choices: dict[str, str], reason: str, note: str, what: str) -> str:
    """The label of a listed reason, with the optional note: "权属不清：路归交通局"."""
    if reason not in choices:
        raise DomainError(f"{what}只能是：{'、'.join(choices.values())}", field="reason")
    return choices[reason] + (f"：{note.strip()}" if note.strip() else "")


def _act(report_id: int, action: str, body: Callable[[Report, str], None],
         who: Callable[[Report], None]) -> Report:
    """Lock, check who may act (403) before the state allows it (409), then apply `body`.

    Scope first: someone outside the report's region learns nothing about its state.
    """
    with transaction.atomic():
        report = _locked(report_id)
        who(report)
        new_state = target_state(action, report.status)
        body(report, new_state)
        report.save()
    return report


def accept(*, user: User, report_id: int) -> Report:
    def go(r: Report, to: str) -> None:
        now = timezone.now()
        r.status, r.accepted_at, r.warned_for = to, now, None
        r.resolve_due_at = resolve_due(r.category, now)
        record(r, "accept", actor=user, text=f"{r.region.name}已签收")
        tell_reporter(r, "已签收", f"{r.region.name}已签收，将在"
                      f"{timezone.localtime(r.resolve_due_at):%m月%d日 %H:%M}前办结或答复")
    return _act(report_id, Action.ACCEPT, go, lambda r: _need_handler(user, r))


def start(*, user: User, report_id: int) -> Report:
    def go(r: Report, to: str) -> None:
        r.status = to
        record(r, "start", actor=user, text="正在处理")
    return _act(report_id, Action.START, go, lambda r: _need_handler(user, r))


def transfer(*, user: User, report_id: int, region_code: str, reason: str) -> Report:
    """Send the report to another region (also how the level above reassigns a return)."""
    def go(r: Report, to: str) -> None:
        target = Region.objects.filter(code=region_code).first()
        if target is None:
            raise DomainError(f"区划代码“{region_code}”不存在", field="region")
        if target.level not in (Level.GRID, Level.VILLAGE, Level.TOWNSHIP):
            raise DomainError("只能转派到网格、社区或街道(乡镇)", field="region")
        if target.pk == r.region_id:
            raise DomainError("不能转派给当前承办单位", field="region")
        text = _text(reason, "reason", "转派理由")
        now = timezone.now()
        old = r.region
        r.status, r.region, r.accepted_at, r.resolve_due_at, r.warned_for = (
            to, target, None, None, None)
        r.accept_due_at = accept_due(r.category, now)
        record(r, "transfer", actor=user, text=f"转派至{target.name}", from_region=old,
               to_region=target)
        record(r, "transfer", actor=user, text=text, public=False)
        tell_reporter(r, "已转派", f"已转至{target.name}办理")
        tell_handlers(r, target, "转派待签收", f"{old.name}转来：{r.description[:40]}")
    return _act(report_id, Action.TRANSFER, go, lambda r: _need_handler(user, r))


def return_report(*, user: User, report_id: int, reason: str, note: str = "") -> Report:
    """退单: not ours — back to the level above, which must reassign it."""
    def go(r: Report, to: str) -> None:
        detail = _reason(RETURN_REASONS, reason, note, "退单理由")
        above = parent_region(r.region)
        if above is None or above.level == Level.CITY:
            raise DomainError("已是最高承办层级，不能再退单", field="reason")
        now = timezone.now()
        old = r.region
        r.status, r.region, r.returned_from = to, above, old
        r.accepted_at, r.resolve_due_at, r.warned_for = None, None, None
        r.accept_due_at = accept_due(r.category, now)
        record(r, "return", actor=user, text=f"{old.name}退单（{detail}），由{above.name}改派",
               from_region=old, to_region=above)
        tell_handlers(r, above, "退单待改派", f"{old.name}退回：{detail}")
    return _act(report_id, Action.RETURN, go, lambda r: _need_handler(user, r))


def request_extension(*, user: User, report_id: int, hours: int, reason: str) -> Report:
    def go(r: Report, to: str) -> None:
        if r.extension_hours:
            raise DomainError("已有延期申请待审批", field="hours")
        if not 1 <= hours <= 240:
            raise DomainError("延期时长应在1到240个工作小时之间", field="hours")
        if r.resolve_due_at and timezone.now() >= r.resolve_due_at:
            raise DomainError("已超过办结期限，不能再申请延期", field="hours")
        r.extension_hours, r.extension_reason = hours, _text(reason, "reason", "延期理由")
        record(r, "extend", actor=user, public=False,
               text=f"申请延期{hours}个工作小时：{r.extension_reason}")
        above = parent_region(r.region)
        if above is not None:
            tell_handlers(r, above, "延期申请待审批", f"{r.region.name}申请延期{hours}小时")
    return _act(report_id, Action.EXTEND, go, lambda r: _need_handler(user, r))


def decide_extension(*, user: User, report_id: int, grant: bool, note: str = "") -> Report:
    def go(r: Report, to: str) -> None:
        if not r.extension_hours:
            raise DomainError("没有待审批的延期申请", field="grant")
        hours = r.extension_hours
        if grant:
            base = r.resolve_due_at or timezone.now()
            r.resolve_due_at, r.warned_for = add_working_hours(base, hours), None
            record(r, "extension_granted", actor=user,
                   text=f"同意延期{hours}个工作小时，新期限"
                   f"{timezone.localtime(r.resolve_due_at):%m月%d日 %H:%M}")
        else:
            record(r, "extension_refused", actor=user, public=False,
                   text=f"不同意延期{(': ' + note) if note else ''}")
        r.extension_hours, r.extension_reason = None, ""
        tell_handlers(r, r.region, "延期审批结果", "已同意延期" if grant else "未同意延期")
    return _act(report_id, Action.DECIDE_EXTENSION, go, lambda r: _need_upper(user, r))


def _finish(r: Report, to: str, user: User, kind: str, text: str, genuine: bool) -> None:
    now = timezone.now()
    if r.status in WORKING:  # the first answer decides "on time"; a reply then a resolve
        r.finished_on_time = r.resolve_due_at is None or now <= r.resolve_due_at
    # The reporter's 7 days to rate count from the latest answer.
    r.status, r.reply, r.finished_at, r.handled_by, r.genuine = to, text, now, user, genuine
    r.extension_hours, r.extension_reason = None, ""
    record(r, kind, actor=user, text=text)
    tell_reporter(r, "已办结" if kind == "resolve" else "已答复",
                  f"{text[:60]}。请您评价办理结果。")


def _answer(action: str, what: str, *, user: User, report_id: int, text: str, genuine: bool,
            photos: list[bytes] | None) -> Report:
    """答复 and 现场解决 differ only in their action and what the text is called."""
    def go(r: Report, to: str) -> None:
        if photos:
            add_photos(r, photos, "fix")
        _finish(r, to, user, action, _text(text, "text", what, 5), genuine)
    return _act(report_id, action, go, lambda r: _need_handler(user, r))


def reply(*, user: User, report_id: int, text: str, genuine: bool = True,
          photos: list[bytes] | None = None) -> Report:
    return _answer(Action.REPLY, "答复内容", user=user, report_id=report_id, text=text,
                   genuine=genuine, photos=photos)


def resolve(*, user: User, report_id: int, text: str, genuine: bool = True,
            photos: list[bytes] | None = None) -> Report:
    return _answer(Action.RESOLVE, "处理情况", user=user, report_id=report_id, text=text,
                   genuine=genuine, photos=photos)


def reject(*, user: User, report_id: int, reason: str, note: str = "") -> Report:
    def go(r: Report, to: str) -> None:
        detail = _reason(REJECT_REASONS, reason, note, "不予受理理由")
        r.status, r.closed_at, r.genuine, r.handled_by = to, timezone.now(), False, user
        r.reply = detail
        record(r, "reject", actor=user, text=f"不予受理（{detail}）")
        tell_reporter(r, "不予受理", detail)
    return _act(report_id, Action.REJECT, go, lambda r: _need_handler(user, r))


def _close(r: Report, to: str, actor: User | None, text: str) -> None:
    """Close, and award the reporter once if the handler confirmed the report genuine."""
    r.status, r.closed_at = to, timezone.now()
    record(r, "close", actor=actor, text=text)
    if r.origin != Origin.SNAP:
        tell_reporter(r, "已办结", text)
    if r.genuine and not r.points_awarded and r.origin == Origin.SNAP:
        # The amount is the points app's business (city rules and caps).
        entry = award_points(user=r.reporter, reason=Reason.REPORT_CONFIRMED, source=r,
                             actor=r.handled_by, note=f"随手拍{r.number}核实办结")
        r.points_awarded = True
        if entry.amount > 0:
            record(r, "points", text=f"核实属实并办结，奖励{entry.amount}积分")
            tell_reporter(r, "获得积分", f"感谢您的随手拍，奖励{entry.amount}积分")
        else:
            record(r, "points", text="核实属实并办结（本期随手拍积分已达上限）")


def _reopen(r: Report, user: User, kind: str, text: str) -> None:
    now = timezone.now()
    r.status, r.rework_count, r.finished_at, r.warned_for = REOPENED, r.rework_count + 1, None, None
    r.resolve_due_at = resolve_due(r.category, now)
    record(r, kind, actor=user, text=text)
    record(r, "reopen", text="报告人不满意，已退回重新办理")
    tell_handlers(r, r.region, "回访不满意，需重新办理", text[:60])


def rate(*, user: User, report_id: int, rating: str, comment: str = "") -> Report:
    def go(r: Report, to: str) -> None:
        if rating not in Rating.values:
            raise DomainError("评价只能是：满意、基本满意、不满意", field="rating")
        r.rating, r.rated_at = rating, timezone.now()
        label = Rating(rating).label + (f"：{comment.strip()}" if comment.strip() else "")
        if rating == Rating.DISSATISFIED:
            _reopen(r, user, "rate", f"评价：{label}")
        else:
            record(r, "rate", actor=user, text=f"评价：{label}")
            _close(r, to, user, "回访完成，办结")
    return _act(report_id, Action.RATE, go, lambda r: _need_reporter(user, r))


def dispute(*, user: User, report_id: int, reason: str) -> Report:
    def go(r: Report, to: str) -> None:
        _reopen(r, user, "dispute", f"异议：{_text(reason, 'reason', '异议理由', 5)}")
    return _act(report_id, Action.DISPUTE, go, lambda r: _need_reporter(user, r))


FOLLOW_UP_DAYS = 7
# Origins whose follow-up (回访) window is longer: a mediation agreement's performance is
# checked within 30 days (人民调解).
ORIGIN_FOLLOW_UP_DAYS: dict[str, int] = {Origin.MEDIATION: 30}


def follow_up_days(origin: str) -> int:
    return ORIGIN_FOLLOW_UP_DAYS.get(origin, FOLLOW_UP_DAYS)


def auto_close(report_id: int) -> Report | None:
    """No rating within FOLLOW_UP_DAYS of the answer: close it (default satisfied)."""
    with transaction.atomic():
        r = _locked(report_id)
        days = follow_up_days(r.origin)
        if r.finished_at is None or timezone.now() < r.finished_at + timedelta(days=days):
            return None
        to = target_state(Action.CLOSE, r.status)
        _close(r, to, None, f"{days}天内未评价，回访超时办结")
        r.save()
    return r


def supervise(*, user: User, report_id: int, note: str) -> Report:
    """督办: the level above puts its name on a report below it (any open state)."""
    with transaction.atomic():
        r = _locked(report_id)
        _need_upper(user, r)  # scope before state
        if r.status in (Status.CLOSED, Status.REJECTED):
            raise DomainError("已办结的随手拍不能督办", field="status")
        r.supervised = True
        record(r, "supervise", actor=user, text=_text(note, "note", "督办意见"), public=False)
        record(r, "supervise", actor=user, text="上级已督办")
        tell_handlers(r, r.region, "上级督办", note[:60])
        r.save()
    return r
