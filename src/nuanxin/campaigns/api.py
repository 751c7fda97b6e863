"""Campaigns API: a campaign's figures, the quiz (questions without answers, submit)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from nuanxin.campaigns import selectors, services
from nuanxin.people.selectors import current_user

router = Router(tags=["防非宣传进村居"])


class CampaignFiguresOut(Schema):
    villages_total: int
    villages_reached: int
    coverage: float | None
    people_reached: int
    brochures: int
    actions: int
    quiz_passed: int


class QuestionOut(Schema):
    id: int
    text: str
    options: list[str]


class AnswersIn(Schema):
    answers: list[int | None]


class QuizOut(Schema):
    score: int
    passed: bool
    points: int
    first_time: bool


@router.get("/campaigns/{campaign_id}/figures", response=CampaignFiguresOut)
def figures(request: HttpRequest, campaign_id: int) -> dict[str, float | int | None]:
    """Coverage = villages with at least one action / all villages of the region (%)."""
    return selectors.figures(selectors.get_campaign(campaign_id))


@router.get("/campaigns/{campaign_id}/quiz", response=list[QuestionOut], auth=None)
def quiz(request: HttpRequest, campaign_id: int) -> list[dict[str, object]]:
    campaign = selectors.get_campaign(campaign_id)
    return [{"id": q.pk, "text": q.text, "options": q.options} for q in campaign.questions.all()]


@router.post("/campaigns/{campaign_id}/quiz", response=QuizOut)
def submit(request: HttpRequest, campaign_id: int, body: AnswersIn) -> services.QuizResult:
    return services.submit_quiz(user=current_user(request), campaign_id=campaign_id,
                                answers=body.answers)
