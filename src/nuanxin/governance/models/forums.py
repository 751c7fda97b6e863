"""小马扎: deliberation meetings with decisions and follow-up tasks, and talks (宣讲)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Meeting(models.Model):
    community = models.ForeignKey("regions.Region", verbose_name="村(社区)",
                                  on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("议事日期", db_index=True)
    title = models.CharField("议题", max_length=100)
    minutes = models.TextField("会议记录", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人",
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "小马扎议事会"
        verbose_name_plural = "小马扎议事会"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField("议程", max_length=100)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "议程"
        verbose_name_plural = "议程"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A registered user, or a name typed in for a resident without an account."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=40)

    class Meta:
        verbose_name = "参会人"
        verbose_name_plural = "参会人"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField("决定事项", max_length=300)
    votes_for = models.PositiveIntegerField("赞成")
    votes_against = models.PositiveIntegerField("反对")
    votes_abstain = models.PositiveIntegerField("弃权")
    passed = models.BooleanField("通过")

    class Meta:
        verbose_name = "决定"
        verbose_name_plural = "决定"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class FollowUpTask(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("任务", max_length=200)
    owner = models.CharField("责任单位", max_length=60)
    due_on = models.DateField("完成期限")
    progress = models.PositiveSmallIntegerField("进度(%)", default=0)
    progress_note = models.CharField("进展说明", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "落实任务"
        verbose_name_plural = "落实任务"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Talk(models.Model):
    community = models.ForeignKey("regions.Region", verbose_name="村(社区)",
                                  on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField("宣讲时间", db_index=True)
    topic = models.CharField("主题", max_length=100)
    speaker = models.CharField("宣讲人", max_length=60)
    checkin_code = models.CharField("签到码", max_length=40, unique=True)
    award_points = models.BooleanField("签到奖励积分", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人",
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "小马扎宣讲"
        verbose_name_plural = "小马扎宣讲"
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.topic


class TalkAttendance(models.Model):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    checked_in_at = models.DateTimeField("签到时间")

    class Meta:
        verbose_name = "宣讲签到"
        verbose_name_plural = "宣讲签到"
        constraints = [models.UniqueConstraint(fields=["talk", "user"], name="talk_checkin_once")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.talk_id}"
