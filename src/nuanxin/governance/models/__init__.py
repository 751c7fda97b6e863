"""Market-day listening (书记赶集) and stool forums (小马扎): meetings, decisions, talks."""

from nuanxin.governance.models.forums import (
    AgendaItem,
    Decision,
    FollowUpTask,
    Meeting,
    Participant,
    Talk,
    TalkAttendance,
)
from nuanxin.governance.models.listening import (
    ListeningRequest,
    ListeningSession,
    Outcome,
    RequestCategory,
)

__all__ = ["AgendaItem", "Decision", "FollowUpTask", "ListeningRequest", "ListeningSession",
           "Meeting", "Outcome", "Participant", "RequestCategory", "Talk", "TalkAttendance"]
