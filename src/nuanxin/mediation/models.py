"""People's mediation (人民调解) dossiers: parties, sessions, agreement or failure, 回访.

The case's state, deadlines and ladder live on the report lifecycle (`case`); this app
holds what the 人民调解法 dossier adds. Parties' names and phones are encrypted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DisputeType(models.TextChoices):
    FAMILY = "family", "婚姻家庭"
    NEIGHBOUR = "neighbour", "邻里"
    LAND = "land", "房屋宅基地"
    CONTRACT = "contract", "合同"
    DAMAGES = "damages", "损害赔偿"
    LABOUR = "labour", "劳动争议"
    OTHER = "other", "其他"


class Difficulty(models.TextChoices):
    SIMPLE = "simple", "简单"
    COMPLEX = "complex", "复杂"
    HARD = "hard", "疑难"


class Result(models.TextChoices):
    OPEN = "", "调解中"
    AGREEMENT = "agreement", "达成协议"
    FAILED = "failed", "调解不成"


class Channel(models.TextChoices):
    ARBITRATION = "arbitration", "仲裁"
    LITIGATION = "litigation", "诉讼"
    LABOUR_ARBITRATION = "labour_arbitration", "劳动人事争议仲裁"
    ADMINISTRATIVE = "administrative", "行政处理"


class MediationCase(models.Model):
    intake_region = models.ForeignKey("regions.Region", verbose_name="受理地(村/社区)",
                                      on_delete=models.PROTECT, related_name="+")
    dispute_type = models.CharField("纠纷类型", max_length=20, choices=DisputeType.choices)
    facts = models.TextField("纠纷事实", max_length=2000)
    request = models.TextField("申请事项", max_length=1000)
    difficulty = models.CharField("难易程度", max_length=10, choices=Difficulty.choices,
                                  blank=True)
    case = models.OneToOneField("reports.Report", verbose_name="工单", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    result = models.CharField("结果", max_length=10, choices=Result.choices, blank=True,
                              default=Result.OPEN, db_index=True)
    failure_reason = models.CharField("未达成原因", max_length=300, blank=True)
    channels = models.CharField("告知的其他途径", max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="受理人",
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("受理时间", db_index=True)
    finished_at = models.DateTimeField("调解终结时间", null=True, blank=True)

    class Meta:
        verbose_name = "人民调解案件"
        verbose_name_plural = "人民调解案件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"TJ{self.created_at:%Y}{self.pk:06d}"


class Party(models.Model):
    class Side(models.TextChoices):
        APPLICANT = "applicant", "申请人"
        RESPONDENT = "respondent", "被申请人"

    mediation = models.ForeignKey(MediationCase, on_delete=models.CASCADE,
                                  related_name="parties")
    side = models.CharField("当事人类型", max_length=12, choices=Side.choices)
    name_cipher = models.TextField("姓名/名称(加密)")
    name_masked = models.CharField("姓名/名称", max_length=40)
    phone_cipher = models.TextField("联系电话(加密)", blank=True)
    phone_masked = models.CharField("联系电话", max_length=20, blank=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["side", "id"]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.name_masked}"


class Session(models.Model):
    mediation = models.ForeignKey(MediationCase, on_delete=models.CASCADE,
                                  related_name="sessions")
    held_at = models.DateTimeField("调解时间")
    present = models.CharField("到场人员", max_length=300)
    record = models.TextField("调解笔录", max_length=5000)
    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调解员",
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "调解笔录"
        verbose_name_plural = "调解笔录"
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.held_at:%Y-%m-%d}"


class Agreement(models.Model):
    mediation = models.OneToOneField(MediationCase, on_delete=models.CASCADE,
                                     related_name="agreement")
    terms = models.TextField("协议内容", max_length=3000)
    performance = models.CharField("履行方式", max_length=300)
    perform_by = models.DateField("履行期限")
    committee = models.CharField("调解委员会", max_length=60)
    signed_scan = models.CharField("签字盖章扫描件", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调解员",
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("签订时间")

    class Meta:
        verbose_name = "调解协议书"
        verbose_name_plural = "调解协议书"

    def __str__(self) -> str:
        return f"协议 {self.mediation_id}"


class FollowUp(models.Model):
    class Performed(models.TextChoices):
        YES = "yes", "已履行"
        PARTLY = "partly", "部分履行"
        NO = "no", "未履行"

    mediation = models.ForeignKey(MediationCase, on_delete=models.CASCADE,
                                  related_name="follow_ups")
    performed = models.CharField("履行情况", max_length=10, choices=Performed.choices)
    note = models.CharField("回访记录", max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回访人",
                           on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("回访时间")

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.get_performed_display()}"


class ViewLog(models.Model):
    """Every time someone opens a dossier with the parties' data, one row."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.CASCADE,
                                  related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    what = models.CharField("查看内容", max_length=40)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "案卷查看记录"
        verbose_name_plural = "案卷查看记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.viewer_id} 查看 {self.mediation_id}"
