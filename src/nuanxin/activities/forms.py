"""The staff form to publish an activity; the service does every check that matters."""

from __future__ import annotations

from typing import Any

from django import forms

from nuanxin.activities.models import Cadence, Category
from nuanxin.people.kinds import WorkerKind

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PublishForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=100)
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    cadence = forms.ChoiceField(label="节奏", choices=Cadence.choices, initial=Cadence.MONTHLY)
    region = forms.ChoiceField(label="面向区域")
    worker_kinds = forms.MultipleChoiceField(
        label="面向群体（不选即全部）", choices=WorkerKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    station = forms.TypedChoiceField(label="活动站点", coerce=int, required=False,
                                     empty_value=None)
    address = forms.CharField(label="或填写活动地址", max_length=200, required=False)
    lat = forms.FloatField(label="纬度", required=False)
    lng = forms.FloatField(label="经度", required=False)
    crs = forms.ChoiceField(label="坐标系", choices=[("gcj02", "GCJ-02（高德/腾讯地图）"),
                                                  ("bd09", "BD-09（百度地图）"),
                                                  ("wgs84", "WGS-84（GPS）")], initial="gcj02")
    starts_at = forms.DateTimeField(label="开始时间", widget=_DT)
    ends_at = forms.DateTimeField(label="结束时间", widget=_DT)
    signup_opens_at = forms.DateTimeField(label="报名开始", widget=_DT)
    signup_closes_at = forms.DateTimeField(label="报名截止", widget=_DT)
    capacity = forms.IntegerField(label="名额", min_value=1)
    waitlist_size = forms.IntegerField(label="候补名额", min_value=0, initial=0)
    for_children = forms.BooleanField(label="为子女报名（如夏令营）", required=False)
    child_min_age = forms.IntegerField(label="子女最小年龄", min_value=0, required=False)
    child_max_age = forms.IntegerField(label="子女最大年龄", min_value=0, required=False)
    points = forms.IntegerField(label="签到积分（留空按全市规则）", min_value=0, required=False)
    description = forms.CharField(label="活动内容", widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False)

    def __init__(self, *args: Any, regions: list[tuple[str, str]],
                 stations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
        self.fields["station"].choices = [("", "不在站点（填写地址）"), *stations]  # type: ignore[attr-defined]
