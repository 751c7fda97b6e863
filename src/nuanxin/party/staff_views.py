"""Organisation pages (party roles only): check-ins to confirm, members in the area who have
not checked in (invite them), the roster and its export, the pipeline, the two coverages.
Every member list shown or exported is logged through `selectors.member_rows`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from nuanxin.accounts.models import User
from nuanxin.kernel.errors import DomainError
from nuanxin.kernel.http import client_address
from nuanxin.party import rules, selectors, services
from nuanxin.party.coverage import coverage, drill
from nuanxin.party.models import STAGES, Organisation, Stage
from nuanxin.party.scope import held_organisations, may_read_region, org_scope
from nuanxin.regions.models import Region
from nuanxin.web.pages import act_and_redirect

TABS = {"pending": "待确认报到", "not_checked_in": "区域内未报到", "confirmed": "已报到党员"}


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or org_scope(user).is_empty:
        raise DjangoPermissionDenied("仅限党组织工作人员")
    return user


def _org(user: User, raw: str) -> Organisation:
    orgs = selectors.organisations_for(user)
    org = orgs.filter(pk=int(raw)).first() if raw.isdigit() else None
    if org is None:
        org = held_organisations(user).first()
    if org is None:
        raise DjangoPermissionDenied("仅限党组织工作人员")
    return org


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    org = _org(user, request.GET.get("org", ""))
    tab = request.GET.get("tab", "pending")
    if tab not in TABS:
        tab = "pending"
    rows = selectors.member_rows(viewer=user, org=org, which=tab, purpose=f"查看{TABS[tab]}",
                                 ip_address=client_address(request))
    return render(request, "party/org.html", {
        "org": org, "orgs": selectors.organisations_for(user)[:300], "tab": tab, "tabs": TABS,
        "rows": rows})


def _act(request: HttpRequest, action: Callable[[User], object], done: str,
         back: str) -> HttpResponse:
    user = _staff(request)
    return act_and_redirect(request, lambda: action(user), done=done, back=back)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    back = f"/party/org/?org={request.POST.get('org', '')}&tab=pending"
    if request.POST.get("decision") == "confirm":
        return _act(request, lambda u: services.confirm_check_in(actor=u, checkin_id=pk),
                    "已确认报到", back)
    return _act(request, lambda u: services.decline_check_in(
        actor=u, checkin_id=pk, reason=request.POST.get("reason", "")), "已退回报到", back)


@login_required
@require_POST
def invite(request: HttpRequest, org_id: int) -> HttpResponse:
    raw = request.POST.get("user", "")
    return _act(request, lambda u: services.invite(
        actor=u, organisation_id=org_id, user_id=int(raw) if raw.isdigit() else 0),
        "已发送报到邀请（站内信和短信）", f"/party/org/?org={org_id}&tab=not_checked_in")


@login_required
def export(request: HttpRequest, org_id: int) -> HttpResponse:
    """The confirmed roster as Excel, for the organisation's own staff only (logged)."""
    user = _staff(request)
    org = services.get_organisation(org_id)
    try:
        rows = selectors.member_rows(viewer=user, org=org, which="confirmed",
                                     purpose="导出已报到党员名单", channel="export",
                                     ip_address=client_address(request))
    except DomainError as e:
        raise DjangoPermissionDenied(e.message) from None
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "已报到党员"
    ws.append(["姓名", "手机号", "群体", "平台", "工作区域", "组织关系所在", "入党时间",
               "流动党员", "报到组织", "报到依据", "报到时间"])
    for r in rows:
        ws.append([r.name, r.phone, r.kind, r.platform, r.work_region, r.record_org,
                   f"{r.joined_on:%Y-%m-%d}" if r.joined_on else "", "是" if r.is_mobile else "",
                   r.checkin_org, r.basis, r.checked_in_at])
    out = BytesIO()
    wb.save(out)
    resp = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-"
                        "officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="party-{org.pk}.xlsx"'
    return resp


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    cands = list(selectors.candidates_for(user)[:300])
    region = held_organisations(user).first()
    counts = (selectors.counts_by_year(region.region, date(2024, 1, 1), date(2100, 1, 1))
              if region else {})
    return render(request, "party/pipeline.html", {
        "cands": [(c, rules.next_stage(c.stage)) for c in cands],
        "stages": Stage.choices, "stage_order": STAGES, "orgs": selectors.organisations_for(user)[:300],
        "counts": counts, "today": date.today().isoformat(),
        "region": region.region if region else None})


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError("请填写日期", field="on") from None


@login_required
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    p = request.POST
    org_id = p.get("organisation", "")
    return _act(request, lambda u: services.record_application(
        actor=u, organisation_id=int(org_id) if org_id.isdigit() else 0,
        phone=p.get("phone", ""), on=_date(p.get("on", "")), people=p.get("people", "")),
        "已登记入党申请书", "/party/pipeline/")


@login_required
@require_POST
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    p = request.POST
    return _act(request, lambda u: services.advance(
        actor=u, candidate_id=pk, stage=p.get("stage", ""), on=_date(p.get("on", "")),
        people=p.get("people", "")), "已登记发展步骤", "/party/pipeline/")


@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    code = request.GET.get("region", "")
    region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        held = held_organisations(user).first()
        region = held.region if held else None
    if region is None or not may_read_region(user, region):
        raise DjangoPermissionDenied("您无权查看该区划的党建数据")
    return render(request, "party/coverage.html", {
        "here": coverage(region), "rows": drill(region), "region": region})
