"""Writes for communities and rider passes: opt in and set rules, issue, revoke, log scans,
and file a "门岗不放行" snap report. Bikes are in `bike_services.py`."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.access import selectors, tokens
from nuanxin.access.models import Community, MapFeature, RiderPass, Scan
from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.accounts.roles import Role
from nuanxin.kernel import photos
from nuanxin.kernel.coords import check_point
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.people.models import Worker
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.reports import services as reports
from nuanxin.reports.models import Report

PASS_DAYS = getattr(settings, "ACCESS_PASS_DAYS", 365)
# Who sets a community's rules and revokes passes of riders working there.
RULE_ROLES = {Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN,
              Role.PROPERTY_COMPANY}
REVOKE_ROLES = {Role.COMMUNITY_STAFF, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_ADMIN}
MAX_SCANS_PER_UPLOAD = 500


@dataclass(frozen=True)
class Rules:
    opted_in: bool = True
    open_from: time | None = None
    open_until: time | None = None
    ebike_rule: str = ""
    parking_note: str = ""
    bike_minutes: int = 60


def set_community_rules(*, user: User, region_code: str, rules: Rules) -> Community:
    """Opt a community in (or out) and set what its gate shows. Staff of the community or
    above, or its property company."""
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise NotFound(f"区划代码“{region_code}”不存在", field="region")
    if region.level != Level.VILLAGE:
        raise DomainError("只有社区(村)可以开通骑手通行", field="region")
    if not can(user, RULE_ROLES, region):
        raise PermissionDenied("只有本社区、上级或物业可以设置通行规则")
    if not 10 <= rules.bike_minutes <= 24 * 60:
        raise DomainError("借用时限应在10分钟到24小时之间", field="bike_minutes")
    if (rules.open_from is None) != (rules.open_until is None):
        raise DomainError("请同时填写起止时间，或都不填（全天）", field="open_until")
    for field, text in (("ebike_rule", rules.ebike_rule), ("parking_note", rules.parking_note)):
        if len(text) > 200:
            raise DomainError("说明不能超过200字", field=field)
    community, _ = Community.objects.update_or_create(region=region, defaults={
        "opted_in": rules.opted_in, "open_from": rules.open_from,
        "open_until": rules.open_until, "ebike_rule": rules.ebike_rule.strip(),
        "parking_note": rules.parking_note.strip(), "bike_minutes": rules.bike_minutes})
    return community


def _verified_worker(user: User) -> Worker:
    worker = Worker.objects.filter(user=user).first()
    if worker is None:
        raise DomainError("只有登记的新就业群体人员可以申领通行证", field="worker")
    if not worker.real_name_verified:
        raise DomainError("请先完成实名认证，再申领骑手通行证", field="worker")
    return worker


def _photo_hash(path: str) -> str:
    from pathlib import Path

    data = (Path(settings.MEDIA_ROOT) / path).read_bytes()
    return hashlib.sha256(data).hexdigest()


def issue_pass(*, user: User, photo: bytes, now: datetime | None = None) -> RiderPass:
    """A verified worker takes a pass with their photo. A live pass is refused; a revoked or
    expired one is replaced by a new number. The worker row is locked while deciding."""
    now = now or timezone.now()
    _verified_worker(user)
    if not photo:
        raise DomainError("请上传本人正面照片", field="photo")
    [(image, thumb)] = [photos.store(p) for p in photos.clean_all([photo])]
    try:
        with transaction.atomic():
            worker = Worker.objects.select_for_update().get(user=user)
            current = RiderPass.objects.filter(worker=worker).first()
            if current and current.revoked_at is None and current.expires_at > now:
                raise Conflict("您已持有有效的通行证", field="photo")
            values = {"number": "NX" + secrets.token_hex(5).upper(), "photo": image,
                      "photo_thumb": thumb, "photo_hash": _photo_hash(image), "issued_at": now,
                      "expires_at": now + timedelta(days=PASS_DAYS), "revoked_at": None,
                      "revoked_reason": "", "revoked_by": None}
            rider_pass, _ = RiderPass.objects.update_or_create(worker=worker, defaults=values)
    except Exception:
        photos.remove([image, thumb])
        raise
    return rider_pass


def current_token(*, user: User, now: datetime | None = None) -> tuple[RiderPass, tokens.Minted]:
    """The token to show now. Refused (nothing written) for an unverified worker or a pass
    that is revoked or expired."""
    now = now or timezone.now()
    worker = _verified_worker(user)
    rider_pass = RiderPass.objects.filter(worker=worker).first()
    if rider_pass is None:
        raise NotFound("您还没有通行证，请先申领", field="pass")
    if rider_pass.revoked_at is not None:
        raise DomainError(f"通行证已注销（{rider_pass.revoked_reason or '无原因'}），请重新申领",
                          field="pass", code="revoked")
    if rider_pass.expires_at <= now:
        raise DomainError("通行证已过有效期，请重新申领", field="pass", code="pass_expired")
    claims = tokens.PassClaims(rider_pass.number, worker.kind, worker.platform,
                               rider_pass.photo_hash, int(rider_pass.expires_at.timestamp()))
    return rider_pass, tokens.mint(claims, now=now)


def revoke_pass(*, user: User, number: str, reason: str) -> RiderPass:
    """Revoke a pass: its rider (lost phone) or staff covering where the rider works.
    A conditional UPDATE: revoking twice changes nothing the second time."""
    rider_pass = (RiderPass.objects.select_related("worker", "worker__work_region")
                  .filter(number=number).first())
    if rider_pass is None:
        raise NotFound("通行证不存在", field="number")
    own = rider_pass.worker.user_id == user.pk
    if not own and not can(user, REVOKE_ROLES, rider_pass.worker.work_region):
        raise PermissionDenied("只有持证人本人或其工作地的社区、街道、县区可以注销")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise DomainError("请填写注销原因", field="reason")
    changed = RiderPass.objects.filter(pk=rider_pass.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:100], revoked_by=user)
    if not changed:
        raise Conflict("该通行证已注销", field="number")
    rider_pass.refresh_from_db()
    return rider_pass


@dataclass(frozen=True)
class ScanIn:
    client_id: str
    token: str
    result: str
    reason: str
    scanned_at: datetime


def record_scans(*, guard: User, scans: list[ScanIn]) -> tuple[int, int]:
    """Store a guard's scans (uploaded late if the phone was offline); returns (new, repeated).

    Idempotent by (guard, client_id): an upload retried after a lost answer adds nothing.
    The server re-checks each token at its scan time and keeps its own verdict beside the
    phone's. All or nothing: one bad row refuses the batch.
    """
    community = selectors.guard_community(guard)
    if len(scans) > MAX_SCANS_PER_UPLOAD:
        raise DomainError(f"一次最多上传{MAX_SCANS_PER_UPLOAD}条", field="scans")
    now = timezone.now()
    rows = []
    for i, s in enumerate(scans, start=1):
        if not s.client_id or len(s.client_id) > 64:
            raise DomainError(f"第{i}条缺少扫码记录编号", field="client_id")
        if s.result not in Scan.Result.values:
            raise DomainError(f"第{i}条的结果只能是 valid 或 invalid", field="result")
        if timezone.is_naive(s.scanned_at):
            raise DomainError(f"第{i}条的扫码时间须带时区（如 2026-12-02T10:00:00+08:00）",
                              field="scanned_at")
        at = min(s.scanned_at, now)
        if at < now - timedelta(days=7):
            raise DomainError(f"第{i}条的扫码时间超过7天", field="scanned_at")
        number, server = "", Scan.Result.INVALID
        try:
            claims = selectors.check_token(s.token, now=at)
            number, server = claims.number, Scan.Result.VALID
        except DomainError:
            number = selectors.unverified_number(s.token)
        rows.append(Scan(guard=guard, community=community, client_id=s.client_id,
                         pass_number=number[:24], result=s.result, reason=s.reason[:100],
                         server_result=server, scanned_at=at))
    new = 0
    with transaction.atomic():
        seen = set(Scan.objects.filter(guard=guard, client_id__in=[r.client_id for r in rows])
                   .values_list("client_id", flat=True))
        for row in rows:
            if row.client_id in seen:
                continue
            try:
                with transaction.atomic():
                    row.save()
                new += 1
            except IntegrityError:  # the same upload racing itself
                pass
            seen.add(row.client_id)
    return new, len(rows) - new


def report_gate_refusal(*, user: User, community_code: str, description: str,
                        photos: list[bytes], idempotency_key: str = "") -> Report:
    """"门岗不放行": a snap report placed at the community, for its property company."""
    community = selectors.get_community(community_code)
    if len((description or "").strip()) < 2:
        raise DomainError("请说明门岗不放行的情况", field="description")
    region = community.region
    if region.lng is None or region.lat is None:
        raise DomainError("该社区没有位置信息，无法提交", field="community")
    city = Region.objects.filter(code=region.path.split("/")[0]).first() or region
    reports.ensure_category(city=city, code=reports.GATE_REFUSAL_CATEGORY)
    text = f"【门岗不放行】{community.region.name}：{(description or '').strip()}"
    report, _ = reports.submit_report(reporter=user, sub=reports.Submission(
        category_code=reports.GATE_REFUSAL_CATEGORY, description=text, photos=photos,
        lng=region.lng, lat=region.lat, location_source="map", address=region.name,
        idempotency_key=idempotency_key, require_photo=False))
    return report


def save_map_feature(*, user: User, feature: MapFeature) -> MapFeature:
    """Publish (or edit) one thing on a community's map; staff of the community or above,
    or its property company."""
    if not can(user, RULE_ROLES, feature.community.region):
        raise PermissionDenied("只有本社区、上级或物业可以编辑小区地图")
    if feature.kind not in MapFeature.Kind.values:
        raise DomainError("类型只能是楼栋/单元、出入口、电动车停放点或快递专用柜", field="kind")
    if not (feature.name or "").strip():
        raise DomainError("请填写名称", field="name")
    check_point(feature.lng, feature.lat)
    feature.name = feature.name.strip()[:60]
    feature.save()
    return feature


def run_periodic(*, now: datetime | None = None) -> str:
    """The periodic job (ops.jobs, `nuanxin access_tick`): rotate pass-signing keys, flag
    overdue access bikes and remind their riders. Idempotent."""
    from nuanxin.access import keys
    from nuanxin.access.bike_services import flag_overdue

    made = keys.rotate_keys(now=now)
    overdue = flag_overdue(now=now)
    return f"keys made {made['made']}, retired {made['retired']}, overdue bikes {overdue}"
