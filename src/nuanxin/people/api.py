"""Worker self-registration, the staff list (masked) and the logged reveal of a number."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from nuanxin.kernel.errors import NotFound
from nuanxin.kernel.http import client_address
from nuanxin.people import selectors, services
from nuanxin.people.selectors import current_user
from nuanxin.privacy.services import reveal_personal_field
from nuanxin.regions.paths import subtree_q
from nuanxin.regions.selectors import get_region
from nuanxin.web.pagination import Page, PageField, paginate

router = Router(tags=["新就业群体"])


class RegisterIn(Schema):
    phone: str
    sms_code: str
    password: str
    kind: str
    work_region: str
    platform: str = ""
    display_name: str = ""
    real_name: str = ""
    id_number: str = ""


class WorkerOut(Schema):
    id: int
    kind: str
    kind_label: str
    platform: str
    phone: str
    id_number: str
    work_region_code: str
    work_region_name: str
    real_name_verified: bool
    registered_at: datetime


class WorkerFilter(Schema):
    region: str | None = None
    kind: str | None = None
    page: int = PageField()


class RevealIn(Schema):
    field: str
    purpose: str


class RevealOut(Schema):
    field: str
    value: str


def _out(w: object) -> WorkerOut:
    return WorkerOut(
        id=w.pk, kind=w.kind, kind_label=w.get_kind_display(), platform=w.platform,  # type: ignore[attr-defined]
        phone=w.user.phone_masked, id_number=w.id_number_masked,  # type: ignore[attr-defined]
        work_region_code=w.work_region.code, work_region_name=w.work_region.name,  # type: ignore[attr-defined]
        real_name_verified=w.real_name_verified, registered_at=w.registered_at,  # type: ignore[attr-defined]
    )


@router.post("/workers/register", response={201: WorkerOut}, auth=None, summary="新就业群体注册")
def register(request: HttpRequest, payload: RegisterIn) -> Status[WorkerOut]:
    worker = services.register_worker(services.Registration(
        phone=payload.phone, password=payload.password, kind=payload.kind,
        work_region_code=payload.work_region, platform=payload.platform,
        display_name=payload.display_name, real_name=payload.real_name,
        id_number=payload.id_number, sms_code=payload.sms_code,
    ))
    return Status(201, _out(worker))


@router.get("/workers", response=Page[WorkerOut], summary="辖区人员列表（脱敏）")
def list_workers(request: HttpRequest, filters: Query[WorkerFilter]) -> Page[WorkerOut]:
    qs = selectors.workers_visible_to(current_user(request)).order_by("-registered_at", "-id")
    if filters.region:
        qs = qs.filter(subtree_q(get_region(filters.region, field="region").path, "work_region__path"))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return paginate(qs, filters.page, _out)


@router.post("/workers/{worker_id}/reveal", response=RevealOut, summary="查看完整号码（留痕）")
def reveal(request: HttpRequest, worker_id: int, payload: RevealIn) -> RevealOut:
    viewer = current_user(request)
    worker = selectors.workers_visible_to(viewer).filter(pk=worker_id).first()
    if worker is None:
        raise NotFound("人员不存在或不在您的辖区内")
    value = reveal_personal_field(
        viewer=viewer, subject=worker.user, field=payload.field, purpose=payload.purpose,
        ip_address=client_address(request) or None,
    )
    return RevealOut(field=payload.field, value=value)
