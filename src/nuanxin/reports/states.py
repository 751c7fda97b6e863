"""The work-order lifecycle as one explicit table: (action, from-state) -> to-state.

Every action that changes a report goes through `target_state`; anything not in the
table is refused with a Chinese message naming the current state.
"""

from __future__ import annotations

from django.db import models

from nuanxin.kernel.errors import Conflict


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待签收"
    ACCEPTED = "accepted", "已签收"
    IN_PROGRESS = "in_progress", "处理中"
    RESOLVED = "resolved", "已现场解决"
    ANSWERED = "answered", "已答复"
    RETURNED = "returned", "已退单待改派"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "不予受理"


class Action(models.TextChoices):
    ACCEPT = "accept", "签收"
    START = "start", "开始处理"
    TRANSFER = "transfer", "转派"
    RETURN = "return", "退单"
    EXTEND = "extend", "申请延期"
    DECIDE_EXTENSION = "decide_extension", "审批延期"
    REPLY = "reply", "答复"
    RESOLVE = "resolve", "现场解决"
    REJECT = "reject", "不予受理"
    RATE = "rate", "回访评价"
    DISPUTE = "dispute", "提出异议"
    CLOSE = "close", "回访超时办结"


S = Status
WORKING = (S.ACCEPTED, S.IN_PROGRESS)
OPEN_STATES = (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.RETURNED)
AWAITING_FOLLOW_UP = (S.RESOLVED, S.ANSWERED)
FINAL_STATES = (S.CLOSED, S.REJECTED)

# (action, from) -> to. `None` as to-state means "decided by the action's outcome"
# (rate: satisfied closes, dissatisfied reopens) and is resolved by the service.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Action.ACCEPT, S.SUBMITTED): S.ACCEPTED,
    (Action.START, S.ACCEPTED): S.IN_PROGRESS,
    **{(Action.TRANSFER, s): S.SUBMITTED for s in (S.SUBMITTED, *WORKING, S.RETURNED)},
    **{(Action.RETURN, s): S.RETURNED for s in (S.SUBMITTED, *WORKING)},
    **{(Action.EXTEND, s): s for s in WORKING},
    **{(Action.DECIDE_EXTENSION, s): s for s in WORKING},
    **{(Action.REPLY, s): S.ANSWERED for s in WORKING},
    **{(Action.RESOLVE, s): S.RESOLVED for s in WORKING},
    # A reply ("we come tomorrow") does not take away the resolve step, and a resolved
    # report can still be answered: the two follow one another.
    (Action.RESOLVE, S.ANSWERED): S.RESOLVED,
    (Action.REPLY, S.RESOLVED): S.RESOLVED,
    **{(Action.REJECT, s): S.REJECTED for s in (S.SUBMITTED, *WORKING, S.RETURNED)},
    # Rating: satisfied / basically satisfied close it; dissatisfied reopens for rework.
    **{(Action.RATE, s): S.CLOSED for s in AWAITING_FOLLOW_UP},
    **{(Action.DISPUTE, s): S.IN_PROGRESS for s in AWAITING_FOLLOW_UP},
    **{(Action.CLOSE, s): S.CLOSED for s in AWAITING_FOLLOW_UP},
}
REOPENED = S.IN_PROGRESS  # where a dissatisfied rating sends the report


def allowed_actions(status: str) -> list[str]:
    return [a for (a, s) in TRANSITIONS if s == status]


def target_state(action: str, status: str) -> str:
    """The state `action` leads to from `status`, or a 409 saying why not."""
    try:
        return TRANSITIONS[(action, status)]
    except KeyError:
        raise Conflict(
            f"当前状态为“{Status(status).label}”，不能{Action(action).label}", field="status",
        ) from None
