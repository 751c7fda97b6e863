"""Party API: the member's own declaration and check-ins, the nearest organisations, an
organisation's member lists (party roles only, each view logged), confirmations,
invitations, the pipeline, the two coverages and the figures."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from nuanxin.kernel.coords import check_crs, from_wgs84, to_wgs84
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.kernel.http import client_address
from nuanxin.party import selectors, services
from nuanxin.party.coverage import Coverage, coverage, drill
from nuanxin.party.figures import compute
from nuanxin.party.models import CheckIn, Step
from nuanxin.party.scope import may_read_region
from nuanxin.party.where import locate
from nuanxin.people.selectors import current_user
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import get_region

router = Router(tags=["党建"])
SINCE = date(2024, 1, 1)


class MembershipIn(Schema):
    record_org: str
    joined_on: date
    is_mobile: bool = False
    home_region: str = ""


class CheckInIn(Schema):
    organisation_id: int
    basis: str


class CheckInOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    basis: str
    status: str
    status_label: str
    reason: str
    created_at: str
    moved_to: str


class PartyMeOut(Schema):
    declared: bool
    record_org: str
    joined_on: date | None
    is_mobile: bool
    checkins: list[CheckInOut]


class DeclineIn(Schema):
    reason: str


class MemberOut(Schema):
    user_id: int
    name: str
    phone: str
    kind: str
    platform: str
    work_region: str
    record_org: str
    joined_on: date | None
    is_mobile: bool
    checkin_id: int | None
    checkin_org: str
    status: str


class NearOut(Schema):
    id: int
    name: str
    kind: str
    secretary: str
    contact_phone: str
    address: str
    lng: float
    lat: float
    distance_m: int
    distance: str
    navigation: dict[str, str]


class PartyNearbyOut(Schema):
    here: str
    organisations: list[NearOut]


class InviteIn(Schema):
    user_id: int


class ApplicationIn(Schema):
    organisation_id: int
    phone: str
    on: date
    people: str = ""


class StepIn(Schema):
    stage: str
    on: date
    people: str = ""
    organisation_id: int | None = None


class StepOut(Schema):
    candidate_id: int
    stage: str
    stage_label: str
    on: date
    organisation: str
    people: str


class CoverageRowOut(Schema):
    region_code: str
    region_name: str
    groups: int
    organised: int
    worked: int
    organisation_coverage: float | None
    work_coverage: float | None
    uncovered: list[dict[str, object]]


class PartyCoverageOut(Schema):
    region: CoverageRowOut
    children: list[CoverageRowOut]


def _checkin_out(c: CheckIn) -> CheckInOut:
    return CheckInOut(id=c.pk, organisation_id=c.organisation_id, organisation=c.organisation.name,
                      basis=c.basis, status=c.status, status_label=c.get_status_display(),
                      reason=c.reason, created_at=f"{c.created_at:%Y-%m-%d %H:%M}",
                      moved_to=c.moved_to.name if c.moved_to else "")


def _me(request: HttpRequest) -> PartyMeOut:
    m = selectors.mine(current_user(request))
    return PartyMeOut(declared=m.membership is not None, record_org=m.record_org,
                 joined_on=m.joined_on, is_mobile=bool(m.membership and m.membership.is_mobile),
                 checkins=[_checkin_out(c) for c in m.checkins])


@router.get("/party/me", response=PartyMeOut, summary="我的党员身份与报到记录（仅本人）")
def me(request: HttpRequest) -> PartyMeOut:
    return _me(request)


@router.post("/party/me/membership", response=PartyMeOut, summary="登记（或更正）党员身份")
def declare(request: HttpRequest, payload: MembershipIn) -> PartyMeOut:
    services.declare_membership(user=current_user(request), record_org=payload.record_org,
                                joined_on=payload.joined_on, is_mobile=payload.is_mobile,
                                home_region_code=payload.home_region)
    return _me(request)


@router.post("/party/checkins", response={201: CheckInOut},
             summary="到党组织报到（重复提交同一组织返回同一条待确认记录）")
def check_in(request: HttpRequest, payload: CheckInIn) -> Status[CheckInOut]:
    row = services.check_in(user=current_user(request), organisation_id=payload.organisation_id,
                            basis=payload.basis)
    return Status(201, _checkin_out(CheckIn.objects.select_related("organisation", "moved_to")
                                    .get(pk=row.pk)))


@router.post("/party/checkins/{checkin_id}/confirm", response=CheckInOut, summary="确认报到")
def confirm(request: HttpRequest, checkin_id: int) -> CheckInOut:
    return _checkin_out(services.confirm_check_in(actor=current_user(request),
                                                  checkin_id=checkin_id))


@router.post("/party/checkins/{checkin_id}/decline", response=CheckInOut,
             summary="不予确认报到（须说明原因）")
def decline(request: HttpRequest, checkin_id: int, payload: DeclineIn) -> CheckInOut:
    return _checkin_out(services.decline_check_in(actor=current_user(request),
                                                  checkin_id=checkin_id, reason=payload.reason))


@router.get("/party/organisations/near", response=PartyNearbyOut, auth=None,
            summary="党员找组织：附近的党组织（距离、联系方式、导航）")
def near(request: HttpRequest, lng: float, lat: float, crs: str = "wgs84") -> PartyNearbyOut:
    check_crs(crs)
    w_lng, w_lat = to_wgs84(lng, lat, crs)
    here = locate(w_lng, w_lat)
    out = []
    for n in selectors.nearest(w_lng, w_lat, limit=8):
        o_lng, o_lat = from_wgs84(n.org.lng, n.org.lat, crs)
        out.append(NearOut(id=n.org.pk, name=n.org.name, kind=n.org.get_kind_display(),
                           secretary=n.org.secretary, contact_phone=n.org.contact_phone,
                           address=n.org.address, lng=o_lng, lat=o_lat,
                           distance_m=round(n.metres), distance=n.distance,
                           navigation=n.links))
    return PartyNearbyOut(here=here.name if here else "", organisations=out)


@router.get("/party/organisations/{organisation_id}/members", response=list[MemberOut],
            summary="组织的党员名单：confirmed 已报到 / pending 待确认 / not_checked_in "
                    "区域内未报到（仅本组织及上级党组织工作人员；每次查看留痕）")
def members(request: HttpRequest, organisation_id: int, which: str = "confirmed"
            ) -> list[MemberOut]:
    if which not in ("confirmed", "pending", "not_checked_in"):
        raise DomainError("which 只能是 confirmed、pending 或 not_checked_in", field="which")
    org = services.get_organisation(organisation_id)
    rows = selectors.member_rows(viewer=current_user(request), org=org, which=which,
                                 purpose="党组织查看党员名单", channel="api",
                                 ip_address=client_address(request))
    return [MemberOut(**{k: getattr(r, k) for k in MemberOut.model_fields}) for r in rows]


class InvitationOut(Schema):
    id: int
    organisation: str


@router.post("/party/organisations/{organisation_id}/invitations",
             response={201: InvitationOut},
             summary="组织找党员：邀请区域内未报到的党员（站内信和短信）")
def invite(request: HttpRequest, organisation_id: int, payload: InviteIn
           ) -> Status[InvitationOut]:
    inv = services.invite(actor=current_user(request), organisation_id=organisation_id,
                          user_id=payload.user_id)
    return Status(201, InvitationOut(id=inv.pk, organisation=inv.organisation.name))


def _step_out(step: Step) -> StepOut:
    return StepOut(candidate_id=step.candidate_id, stage=step.stage,
                   stage_label=step.get_stage_display(), on=step.on,
                   organisation=step.organisation.name, people=step.people)


@router.post("/party/candidates", response={201: StepOut}, summary="登记入党申请书（发展第一步）")
def apply(request: HttpRequest, payload: ApplicationIn) -> Status[StepOut]:
    c = services.record_application(actor=current_user(request),
                                    organisation_id=payload.organisation_id, phone=payload.phone,
                                    on=payload.on, people=payload.people)
    return Status(201, _step_out(c.steps.select_related("organisation").get()))


@router.post("/party/candidates/{candidate_id}/steps", response={201: StepOut},
             summary="发展下一步（依次进行；日期不早于上一步；预备期满一年方可转正）")
def advance(request: HttpRequest, candidate_id: int, payload: StepIn) -> Status[StepOut]:
    step = services.advance(actor=current_user(request), candidate_id=candidate_id,
                            stage=payload.stage, on=payload.on, people=payload.people,
                            organisation_id=payload.organisation_id)
    return Status(201, _step_out(step))


def _region_for(request: HttpRequest, region_code: str) -> Region:
    region = get_region(region_code, field="region_code")
    if not may_read_region(current_user(request), region):
        raise PermissionDenied(f"您无权查看{region.name}的党建数据")
    return region


@router.get("/party/figures/{region_code}", response=dict,
            summary="党建数据（由记录统计）：checked_in, new_members, activists, applications, "
                    "organisation_coverage, work_coverage；默认自2024年1月1日起")
def figures(request: HttpRequest, region_code: str, start: date = SINCE,
            end: date | None = None) -> dict[str, object]:
    region = _region_for(request, region_code)
    end = end or timezone.localdate() + timedelta(days=1)
    if end <= start:
        raise DomainError("结束日期应晚于开始日期", field="end")
    found = compute(region=region, start=start, end=end)
    return {"region": region_code, "start": start, "end": end,
            **{k: f.as_json() for k, f in found.items()}}


@router.get("/party/pipeline/{region_code}", response=dict,
            summary="发展党员各阶段人数，按年份")
def pipeline_counts(request: HttpRequest, region_code: str, start: date = SINCE,
                    end: date | None = None) -> dict[str, object]:
    region = _region_for(request, region_code)
    end = end or timezone.localdate() + timedelta(days=1)
    by_year = selectors.counts_by_year(region, start, end)
    return {"region": region_code, "years": {str(y): c for y, c in by_year.items()}}


def _cov_row(c: Coverage) -> CoverageRowOut:
    return CoverageRowOut(
        region_code=c.region.code, region_name=c.region.name, groups=c.total,
        organised=c.organised, worked=c.worked, organisation_coverage=c.organisation_pct,
        work_coverage=c.work_pct,
        uncovered=[{"kind": g.kind, "platform": g.platform, "label": g.label,
                    "workers": g.workers, "organised": g.organised, "worked": g.worked}
                   for g in c.uncovered])


@router.get("/party/coverage/{region_code}", response=PartyCoverageOut,
            summary="两个覆盖：本区划与下一级各区划，含未覆盖的群体")
def coverage_of(request: HttpRequest, region_code: str) -> PartyCoverageOut:
    region = _region_for(request, region_code)
    return PartyCoverageOut(region=_cov_row(coverage(region)),
                       children=[_cov_row(c) for c in drill(region)])
