"""Pass, gate and bike API. The JWKS itself is at /.well-known/jwks.json (urls.py)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status as HttpStatus
from pydantic import Field

from nuanxin.access import bike_services, selectors, services
from nuanxin.accounts.permissions import region_scope
from nuanxin.accounts.roles import STAFF_ROLES, Role
from nuanxin.kernel.coords import check_crs, from_wgs84
from nuanxin.kernel.errors import PermissionDenied
from nuanxin.people.selectors import current_user

router = Router(tags=["小区通行"])


class PassTokenOut(Schema):
    number: str
    token: str
    expires_at: datetime
    refresh_at: datetime
    pass_expires_at: datetime
    kind: str
    platform: str


class PassOut(Schema):
    number: str
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class RevokedOut(Schema):
    generated_at: datetime
    numbers: list[str]


class VerifyIn(Schema):
    token: str = Field(..., max_length=2000)


class VerifiedOut(Schema):
    valid: bool
    number: str
    kind: str
    kind_label: str
    platform: str
    photo_hash: str


class ScanRow(Schema):
    client_id: str = Field(..., max_length=64)
    token: str = Field("", max_length=2000)
    result: str = Field(..., max_length=10)
    reason: str = Field("", max_length=100)
    scanned_at: datetime


class ScansIn(Schema):
    scans: list[ScanRow]


class ScansOut(Schema):
    new: int
    repeated: int


class RevokeIn(Schema):
    reason: str = Field(..., max_length=100)


class TripOut(Schema):
    id: int
    bike: str
    started_at: datetime
    due_at: datetime
    ended_at: datetime | None
    overdue: bool
    returned_to: str


def _trip(t: object) -> TripOut:
    from nuanxin.access.models import Trip

    assert isinstance(t, Trip)
    return TripOut(id=t.pk, bike=t.bike.number, started_at=t.started_at, due_at=t.due_at,
                   ended_at=t.ended_at, overdue=t.overdue,
                   returned_to=t.to_point.name if t.to_point else "")


@router.get("/passes/mine", response=PassTokenOut, summary="我的通行证：当前二维码内容（每分钟更换）及其有效期")
def my_token(request: HttpRequest) -> PassTokenOut:
    rider_pass, minted = services.current_token(user=current_user(request))
    worker = rider_pass.worker
    return PassTokenOut(number=rider_pass.number, token=minted.token, expires_at=minted.expires_at,
                    refresh_at=minted.refresh_at, pass_expires_at=rider_pass.expires_at,
                    kind=worker.kind, platform=worker.platform)


@router.post("/passes", response={201: PassOut}, summary="实名认证的骑手上传照片申领通行证")
def issue(request: HttpRequest, photo: File[UploadedFile]) -> HttpStatus[PassOut]:
    p = services.issue_pass(user=current_user(request), photo=photo.read())
    return HttpStatus(201, PassOut(number=p.number, issued_at=p.issued_at,
                                   expires_at=p.expires_at, revoked_at=p.revoked_at))


@router.get("/passes/revoked", response=RevokedOut, summary="已注销的通行证编号（门岗离线缓存）")
def revoked(request: HttpRequest) -> RevokedOut:
    return RevokedOut(generated_at=timezone.now(), numbers=selectors.revoked())


@router.post("/passes/{number}/revoke", response=PassOut, summary="注销通行证（本人或工作地工作人员）")
def revoke(request: HttpRequest, number: str, body: RevokeIn) -> PassOut:
    p = services.revoke_pass(user=current_user(request), number=number, reason=body.reason)
    return PassOut(number=p.number, issued_at=p.issued_at, expires_at=p.expires_at,
                   revoked_at=p.revoked_at)


@router.post("/passes/verify", response=VerifiedOut, summary="在线核验二维码（门岗或工作人员）；只读")
def verify(request: HttpRequest, body: VerifyIn) -> VerifiedOut:
    user = current_user(request)
    if region_scope(user, roles={Role.GATE_GUARD, *STAFF_ROLES}).is_empty:
        raise PermissionDenied("只有小区门岗或工作人员可以核验通行证")
    c = selectors.check_token(body.token)
    return VerifiedOut(valid=True, number=c.number, kind=c.kind,
                       kind_label=selectors.kind_labels().get(c.kind, c.kind),
                       platform=c.platform, photo_hash=c.photo_hash)


@router.post("/passes/scans", response=ScansOut, summary="上传门岗扫码记录（离线补传，按编号幂等）")
def upload_scans(request: HttpRequest, body: ScansIn) -> ScansOut:
    new, repeated = services.record_scans(guard=current_user(request), scans=[
        services.ScanIn(client_id=s.client_id, token=s.token, result=s.result, reason=s.reason,
                        scanned_at=s.scanned_at) for s in body.scans])
    return ScansOut(new=new, repeated=repeated)


@router.get("/passes/gate", summary="门岗同步包：本小区规则与群体类别名称")
def gate_bundle(request: HttpRequest) -> dict[str, object]:
    community = selectors.guard_community(current_user(request))
    return {"rules": selectors.rules_out(community), "kinds": selectors.kind_labels(),
            "revoked": selectors.revoked(), "generated_at": timezone.now().isoformat()}


@router.post("/access/refusals", response={201: dict[str, object]},
             summary="门岗不放行：生成随手拍，派至社区及其物业")
def gate_refusal(request: HttpRequest, community: Form[str], description: Form[str],
                 photos: File[list[UploadedFile]] = None  # type: ignore[assignment]
                 ) -> HttpStatus[dict[str, object]]:
    report = services.report_gate_refusal(
        user=current_user(request), community_code=community, description=description,
        photos=[f.read() for f in photos or []],
        idempotency_key=request.headers.get("Idempotency-Key", ""))
    return HttpStatus(201, {"id": report.pk, "number": report.number,
                            "region": report.region.name})


@router.post("/access/bikes/{code}/sign-out", response={201: TripOut}, summary="扫车身二维码借车")
def sign_out(request: HttpRequest, code: str) -> HttpStatus[TripOut]:
    trip = bike_services.sign_out(user=current_user(request), bike_code=code)
    return HttpStatus(201, _trip(trip))


@router.post("/access/points/{code}/return", response=TripOut, summary="扫停放点二维码还车")
def return_bike(request: HttpRequest, code: str) -> TripOut:
    return _trip(bike_services.return_bike(user=current_user(request), point_code=code))


@router.post("/access/bikes/{code}/damage", response={201: dict[str, object]},
             summary="报告损坏（带照片），车辆停用")
def damage(request: HttpRequest, code: str, note: Form[str],
           photo: File[UploadedFile]) -> HttpStatus[dict[str, object]]:
    d = bike_services.report_damage(user=current_user(request), bike_code=code, note=note,
                                    photo=photo.read())
    return HttpStatus(201, {"id": d.pk, "bike": d.bike.number, "in_service": d.bike.in_service})


@router.get("/access/communities/{code}/map", auth=None, summary="社区地图：楼栋、出入口、停车点、快递柜、畅行车停放点")
def community_map(request: HttpRequest, code: str, crs: str = "wgs84") -> dict[str, object]:
    crs = check_crs(crs)
    community = selectors.get_community(code)

    def pt(lng: float, lat: float) -> list[float]:
        x, y = from_wgs84(lng, lat, crs)
        return [round(x, 7), round(y, 7)]

    return {
        "community": selectors.rules_out(community), "crs": crs,
        "center": pt(community.region.lng or 0, community.region.lat or 0),
        "features": [{"kind": f.kind, "kind_label": f.get_kind_display(), "name": f.name,
                      "note": f.note, "at": pt(f.lng, f.lat)} for f in selectors.features(community)],
        "parking_points": [{"name": p.name, "at": pt(p.lng, p.lat),
                            "bikes": sum(1 for b in p.bikes.all() if b.in_service)}
                           for p in community.points.prefetch_related("bikes")],
    }
