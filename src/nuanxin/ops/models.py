"""What the job queue leaves behind: which periodic runs happened, and which jobs failed."""

from django.db import models


class JobRun(models.Model):
    """One row per job and period: the unique key is how a periodic job runs once per period
    across any number of worker processes (the first to insert it runs; the rest skip)."""

    name = models.CharField("任务", max_length=60)
    period_start = models.DateTimeField("周期开始")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    summary = models.CharField("结果", max_length=300, blank=True)

    class Meta:
        verbose_name = "定时任务运行"
        verbose_name_plural = "定时任务运行"
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["name", "period_start"],
                                               name="jobrun_once_per_period")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.period_start:%Y-%m-%d %H:%M}"


class JobFailure(models.Model):
    """A job that raised (each try), for staff to see in the back office."""

    task = models.CharField("任务", max_length=100)
    task_id = models.CharField("任务编号", max_length=64)
    error = models.TextField("错误")
    retries_left = models.PositiveSmallIntegerField("剩余重试次数", default=0)
    failed_at = models.DateTimeField("失败时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "失败的任务"
        verbose_name_plural = "失败的任务"
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.task} {self.failed_at:%Y-%m-%d %H:%M}"


class RetentionRule(models.Model):
    """How long a kind of personal data is kept, and what happens then (PIPL art. 19).
    Data, edited in the back office; `nuanxin retention` applies it daily."""

    class Kind(models.TextChoices):
        REPORT_REPORTER = "report_reporter", "随手拍与报告人的关联（办结后）"
        ACTIVITY_ROSTER = "activity_roster", "活动报名名单（活动结束后）"
        SMS_CODE = "sms_code", "短信验证码"
        ACCESS_LOG = "access_log", "个人信息查看记录"

    kind = models.CharField("数据", max_length=30, choices=Kind.choices, unique=True)
    days = models.PositiveIntegerField("保存天数")
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "个人信息保存期限"
        verbose_name_plural = "个人信息保存期限"
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.days}天"
