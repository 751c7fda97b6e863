"""Village campaigns: a theme run through every village of a region, with recorded actions
(evidence photos, counts) and a short quiz that pays points once per person."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nuanxin.regions.models import Region


class Material(models.TextChoices):
    BANNER = "banner", "横幅"
    BROCHURE = "brochure", "宣传册"
    POSTER = "poster", "海报"
    SCREEN = "screen", "电子屏"
    QA = "qa", "有奖问答"


class ActionKind(models.TextChoices):
    BANNER = "banner", "悬挂横幅"
    BROCHURE = "brochure", "发放宣传册"
    POSTER = "poster", "张贴海报"
    SCREEN = "screen", "电子屏滚动播放"
    QA = "qa", "现场问答"
    TALK = "talk", "入户宣讲"


class Campaign(models.Model):
    theme = models.CharField("主题", max_length=100)
    region = models.ForeignKey(Region, verbose_name="覆盖区域", on_delete=models.PROTECT,
                               related_name="+")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    materials = models.JSONField("宣传物料", default=list)
    pass_score = models.PositiveSmallIntegerField("及格分(百分制)", default=60)
    quiz_points = models.PositiveIntegerField("答题及格积分", default=5)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "宣传活动"
        verbose_name_plural = "宣传活动"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.theme


class Action(models.Model):
    """One action in one village: the unit of coverage."""

    campaign = models.ForeignKey(Campaign, verbose_name="宣传活动", on_delete=models.CASCADE,
                                 related_name="actions")
    village = models.ForeignKey(Region, verbose_name="村(社区)", on_delete=models.PROTECT,
                                related_name="+")
    kind = models.CharField("形式", max_length=10, choices=ActionKind.choices)
    brochures = models.PositiveIntegerField("发放宣传册(份)", default=0)
    people = models.PositiveIntegerField("覆盖人数", default=0)
    note = models.CharField("说明", max_length=200, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "宣传记录"
        verbose_name_plural = "宣传记录"
        indexes = [models.Index(fields=["campaign", "village"], name="campaign_action_village")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.village_id}:{self.kind}"


class ActionPhoto(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="photos")
    image = models.CharField("图片", max_length=200)
    thumb = models.CharField("缩略图", max_length=200)

    class Meta:
        verbose_name = "宣传照片"
        verbose_name_plural = "宣传照片"

    def __str__(self) -> str:
        return self.image


class Question(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name="宣传活动", on_delete=models.CASCADE,
                                 related_name="questions")
    text = models.CharField("题目", max_length=200)
    options = models.JSONField("选项", default=list)
    answer = models.PositiveSmallIntegerField("正确选项序号(从0开始)")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "答题题目"
        verbose_name_plural = "答题题目"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class QuizPass(models.Model):
    """A passing quiz: at most one per person per campaign (the constraint is the race guard)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="passes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    score = models.PositiveSmallIntegerField("得分")
    created_at = models.DateTimeField("通过时间", auto_now_add=True)

    class Meta:
        verbose_name = "答题通过"
        verbose_name_plural = "答题通过"
        constraints = [models.UniqueConstraint(fields=["campaign", "user"],
                                               name="campaign_quiz_once")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.user_id}:{self.score}"
