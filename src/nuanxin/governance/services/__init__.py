"""Writes of the governance app: market-day listening and stool forums."""

from nuanxin.governance.services.forums import (
    add_decision,
    add_task,
    check_in_talk,
    create_meeting,
    create_talk,
    update_task,
)
from nuanxin.governance.services.listening import (
    RequestIn,
    create_session,
    record_request,
    triage_request,
)

__all__ = ["RequestIn", "add_decision", "add_task", "check_in_talk", "create_meeting",
           "create_session", "create_talk", "record_request", "triage_request", "update_task"]
