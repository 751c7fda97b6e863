"""Writes for village campaigns: start one, record an action in a village, pass the quiz.

Locks: none for actions (each is a new row). The quiz pass is guarded by the unique
constraint `campaign_quiz_once` (campaign, user): the loser of a race gets the winner's
row and no second award; the points ledger's own lock pays the award once per source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.roles import Role
from nuanxin.campaigns.models import Action, ActionKind, ActionPhoto, Campaign, Material, QuizPass
from nuanxin.campaigns.selectors import get_campaign
from nuanxin.kernel import photos as photo_intake
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.points.models import Reason
from nuanxin.points.services import award_points
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region

ORGANISER_ROLES = {Role.CITY_ADMIN, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF}
RECORDER_ROLES = {Role.COMMUNITY_STAFF, Role.GRID_WORKER, Role.TOWNSHIP_STAFF,
                  Role.COUNTY_STAFF, Role.CITY_ADMIN}
MAX_COUNT = 100_000


@dataclass
class QuestionDraft:
    text: str
    options: list[str]
    answer: int


@dataclass
class CampaignDraft:
    theme: str
    region_code: str
    starts_on: date
    ends_on: date
    materials: list[str] = field(default_factory=list)
    questions: list[QuestionDraft] = field(default_factory=list)
    pass_score: int = 60


def start_campaign(*, actor: User, draft: CampaignDraft) -> Campaign:
    """Create a campaign whose target is every village of its region (one transaction)."""
    theme = draft.theme.strip()
    if len(theme) < 2:
        raise DomainError("请填写活动主题（至少2个字）", field="theme")
    region = Region.objects.filter(code=draft.region_code).first()
    if region is None:
        raise DomainError(f"区划代码“{draft.region_code}”不存在", field="region")
    if not can(actor, ORGANISER_ROLES, region):
        raise PermissionDenied("您无权在该区域发起宣传活动", field="region")
    if draft.ends_on < draft.starts_on:
        raise DomainError("结束日期不能早于开始日期", field="ends_on")
    bad = [m for m in draft.materials if m not in Material.values]
    if bad:
        raise DomainError(f"未知的宣传物料：{'、'.join(bad)}", field="materials")
    if not 1 <= draft.pass_score <= 100:
        raise DomainError("及格分须在1到100之间", field="pass_score")
    for i, q in enumerate(draft.questions, start=1):
        if not q.text.strip() or len(q.options) < 2:
            raise DomainError(f"第{i}题须有题目和至少两个选项", field="questions")
        if not 0 <= q.answer < len(q.options):
            raise DomainError(f"第{i}题的正确答案不在选项中", field="questions")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            theme=theme[:100], region=region, starts_on=draft.starts_on, ends_on=draft.ends_on,
            materials=list(dict.fromkeys(draft.materials)), pass_score=draft.pass_score,
            created_by=actor)
        for i, q in enumerate(draft.questions):
            campaign.questions.create(text=q.text.strip()[:200],
                                      options=[o.strip() for o in q.options],
                                      answer=q.answer, position=i)
    return campaign


@dataclass
class ActionDraft:
    village_code: str
    kind: str
    brochures: int = 0
    people: int = 0
    note: str = ""
    photos: list[bytes] = field(default_factory=list)


def record_action(*, actor: User, campaign_id: int, draft: ActionDraft) -> Action:
    """Record one action in a village of the campaign's region, with cleaned photos.

    Photos are checked in memory first and written only when all passed; the rows are
    written in one transaction, and stored files are removed if it fails.
    """
    campaign = get_campaign(campaign_id)
    village = Region.objects.filter(code=draft.village_code).first()
    if village is None or village.level != Level.VILLAGE:
        raise DomainError("地点须为一个村(社区)", field="village")
    if not village.path.startswith(campaign.region.path):
        raise DomainError(f"“{village.name}”不在本次活动的覆盖区域（{campaign.region.name}）内",
                          field="village")
    if not can(actor, RECORDER_ROLES, village):
        raise PermissionDenied("您无权为该村(社区)记录宣传活动", field="village")
    if draft.kind not in ActionKind.values:
        raise DomainError("请选择宣传形式", field="kind")
    for name, value, label in (("brochures", draft.brochures, "发放宣传册份数"),
                               ("people", draft.people, "覆盖人数")):
        if not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            raise DomainError(f"{label}须为0到{MAX_COUNT}之间的整数", field=name)
    if not draft.photos:
        raise DomainError("请至少上传一张现场照片", field="photos")
    cleaned = photo_intake.clean_all(draft.photos)
    stored = [photo_intake.store(p) for p in cleaned]
    try:
        with transaction.atomic():
            action = Action.objects.create(
                campaign=campaign, village=village, kind=draft.kind, brochures=draft.brochures,
                people=draft.people, note=draft.note.strip()[:200], recorded_by=actor)
            ActionPhoto.objects.bulk_create(
                ActionPhoto(action=action, image=image, thumb=thumb) for image, thumb in stored)
    except Exception:
        photo_intake.remove([p for pair in stored for p in pair])
        raise
    return action


@dataclass
class QuizResult:
    score: int
    passed: bool
    points: int
    first_time: bool


def submit_quiz(*, user: User, campaign_id: int, answers: list[int | None]) -> QuizResult:
    """Score the answers; a pass is recorded and paid once per person per campaign."""
    campaign = get_campaign(campaign_id)
    questions = list(campaign.questions.all())
    if not questions:
        raise DomainError("本活动没有答题", field="answers")
    if len(answers) != len(questions):
        raise DomainError(f"请回答全部{len(questions)}道题", field="answers")
    right = sum(1 for q, a in zip(questions, answers, strict=True) if a == q.answer)
    score = round(100 * right / len(questions))
    if score < campaign.pass_score:
        return QuizResult(score, False, 0, False)
    try:
        with transaction.atomic():
            passed = QuizPass.objects.create(campaign=campaign, user=user, score=score)
            entry = award_points(user=user, reason=Reason.CAMPAIGN_QUIZ, source=passed,
                                 amount=campaign.quiz_points, note=campaign.theme)
    except IntegrityError:
        return QuizResult(score, True, 0, False)
    return QuizResult(score, True, entry.amount, True)
