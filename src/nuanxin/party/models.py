"""Party building among the new employment groups (新就业群体党建).

Organisations stand beside the region tree (each is tied to one region) and form their own
tree with a materialised path of ids ("12/45/"), so "this organisation and those under it"
is one indexed range scan, as for regions. A role is held *for an organisation*.

Membership is sensitive personal information: its details are encrypted, and only the
member and party roles in scope read it (see `scope.py` and `selectors.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OrgKind(models.TextChoices):
    INDUSTRY = "industry", "行业党委"
    TOWNSHIP = "township", "乡镇(街道)党(工)委"
    COMMUNITY = "community", "村(社区)党组织"
    GRID = "grid", "网格党小组"
    HOUSEHOLD = "household", "党员中心户(楼栋长)"
    MOBILE = "mobile", "流动党员党组织"


class Organisation(models.Model):
    name = models.CharField("组织名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=OrgKind.choices, db_index=True)
    brand = models.CharField("品牌", max_length=30, blank=True,
                             help_text="如郓城“睦邻互助”、嘉园“我爱我JIA”")
    parent = models.ForeignKey("self", verbose_name="上级组织", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    path = models.CharField("路径", max_length=255, unique=True)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划",
                               on_delete=models.PROTECT, related_name="+")
    secretary = models.CharField("书记", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    lng = models.FloatField("经度(WGS-84)")
    lat = models.FloatField("纬度(WGS-84)")
    # The worker groups it organises (两个覆盖): ",courier,delivery_rider," and
    # ",美团外卖," — empty kinds means a territorial organisation only.
    worker_kinds = models.CharField("覆盖群体", max_length=200, blank=True)
    platforms = models.CharField("覆盖平台", max_length=200, blank=True,
                                 help_text="留空则覆盖所列群体的全部平台")
    created_at = models.DateTimeField("建立时间", auto_now_add=True)

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["path"]
        indexes = [models.Index(fields=["lat", "lng"], name="party_org_point")]

    def __str__(self) -> str:
        return self.name

    @property
    def kinds(self) -> list[str]:
        return [k for k in self.worker_kinds.split(",") if k]

    @property
    def platform_list(self) -> list[str]:
        return [p for p in self.platforms.split(",") if p]


class OrgRoleKind(models.TextChoices):
    SECRETARY = "secretary", "书记"
    STAFF = "staff", "党务工作者"


class OrgRole(models.Model):
    """A role held for an organisation: it reaches that organisation and those under it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户",
                             on_delete=models.CASCADE, related_name="party_roles")
    organisation = models.ForeignKey(Organisation, verbose_name="党组织",
                                     on_delete=models.PROTECT, related_name="roles")
    role = models.CharField("角色", max_length=10, choices=OrgRoleKind.choices,
                            default=OrgRoleKind.STAFF)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="授予人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "党组织角色"
        verbose_name_plural = "党组织角色"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"],
                                               name="party_role_once_per_org")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.organisation.name}"


class Membership(models.Model):
    """A worker's declaration that they are a party member (encrypted details)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="党员",
                                on_delete=models.CASCADE, related_name="party_membership")
    # 组织关系所在: often outside the city, so free text (encrypted).
    record_org_cipher = models.TextField("组织关系所在(加密)")
    joined_on_cipher = models.TextField("入党时间(加密)")
    is_mobile = models.BooleanField("流动党员", default=False)
    home_region = models.ForeignKey("regions.Region", verbose_name="居住地", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField("声明时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "党员身份"
        verbose_name_plural = "党员身份"

    def __str__(self) -> str:
        return f"党员 {self.user_id}"


class Basis(models.TextChoices):
    LIVE = "live", "居住地"
    WORK = "work", "工作地"


class CheckInStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已报到"
    DECLINED = "declined", "未通过"
    TRANSFERRED = "transferred", "已转出"
    WITHDRAWN = "withdrawn", "已撤回"


class CheckIn(models.Model):
    """党员报到: one row per attempt; a transfer ends the old row, so history stays."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="党员",
                             on_delete=models.CASCADE, related_name="party_checkins")
    organisation = models.ForeignKey(Organisation, verbose_name="报到组织",
                                     on_delete=models.PROTECT, related_name="checkins")
    basis = models.CharField("报到依据", max_length=5, choices=Basis.choices)
    status = models.CharField("状态", max_length=12, choices=CheckInStatus.choices,
                              default=CheckInStatus.PENDING, db_index=True)
    reason = models.CharField("未通过原因", max_length=200, blank=True)
    created_at = models.DateTimeField("报到时间", auto_now_add=True)
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    ended_at = models.DateTimeField("转出时间", null=True, blank=True)
    moved_to = models.ForeignKey(Organisation, verbose_name="转至", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "党员报到"
        verbose_name_plural = "党员报到"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="pending"),
                                    name="party_checkin_one_pending"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="confirmed"),
                                    name="party_checkin_one_confirmed"),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="party_checkin_org")]

    def __str__(self) -> str:
        return f"{self.organisation.name} · {self.get_status_display()}"


class Invitation(models.Model):
    """组织找党员: an organisation invites a declared member who has not checked in."""

    organisation = models.ForeignKey(Organisation, verbose_name="党组织",
                                     on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="党员",
                             on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="邀请人",
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("邀请时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "报到邀请"
        verbose_name_plural = "报到邀请"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation.name} 邀请 {self.user_id}"


class Stage(models.TextChoices):
    APPLICATION = "application", "递交入党申请书"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"


STAGES: list[str] = [Stage.APPLICATION, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY,
                     Stage.FULL]


class Candidate(models.Model):
    """One person in the development pipeline (发展党员); `stage` is their latest step."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="发展对象",
                                on_delete=models.CASCADE, related_name="party_candidacy")
    organisation = models.ForeignKey(Organisation, verbose_name="负责组织",
                                     on_delete=models.PROTECT, related_name="candidates")
    stage = models.CharField("当前阶段", max_length=12, choices=Stage.choices)
    stage_on = models.DateField("当前阶段日期")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "发展党员"
        verbose_name_plural = "发展党员"
        ordering = ["-stage_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.user_id}"


class Step(models.Model):
    """One step of the pipeline: its date, the responsible organisation, and the people."""

    candidate = models.ForeignKey(Candidate, verbose_name="发展对象", on_delete=models.CASCADE,
                                  related_name="steps")
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices)
    on = models.DateField("日期", db_index=True)
    organisation = models.ForeignKey(Organisation, verbose_name="负责组织",
                                     on_delete=models.PROTECT, related_name="+")
    # 培养联系人 (activist, candidate) or 入党介绍人 (probationary): names, "、"-separated.
    people = models.CharField("培养联系人/入党介绍人", max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人",
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "发展步骤"
        verbose_name_plural = "发展步骤"
        ordering = ["on", "id"]
        constraints = [models.UniqueConstraint(fields=["candidate", "stage"],
                                               name="party_step_once")]
        indexes = [models.Index(fields=["stage", "on"], name="party_step_stage_on")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.on}"
