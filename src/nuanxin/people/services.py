"""Writes for workers: self-registration and real-name verification."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from nuanxin.accounts.models import SmsCode, User
from nuanxin.accounts.roles import Role
from nuanxin.accounts.services import (
    assign_role,
    consume_sms_code,
    create_user,
    update_display_name,
)
from nuanxin.kernel.crypto import encrypt, lookup_digest
from nuanxin.kernel.errors import Conflict, DomainError
from nuanxin.kernel.masking import mask_id_number
from nuanxin.people.id_numbers import normalize_id_number
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region

WORK_LEVELS = {Level.TOWNSHIP, Level.VILLAGE, Level.GRID}


@dataclass
class Registration:
    phone: str
    password: str
    kind: str
    work_region_code: str
    platform: str = ""
    display_name: str = ""
    real_name: str = ""
    id_number: str = ""
    sms_code: str | None = None


def _work_region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise DomainError(f"区划代码“{code}”不存在", field="work_region")
    if region.level not in WORK_LEVELS:
        raise DomainError("主要工作区域请选到街道(乡镇)或村(社区)", field="work_region")
    return region


def _identity_fields(real_name: str, id_number: str, *,
                     own_pk: int | None = None) -> dict[str, object]:
    if not real_name and not id_number:
        return {}
    if not real_name or not id_number:
        field = "real_name" if not real_name else "id_number"
        raise DomainError("实名信息需同时填写姓名和身份证号", field=field)
    value = normalize_id_number(id_number)
    digest = lookup_digest(value, purpose="id_number")
    others = Worker.objects.filter(id_number_digest=digest)
    if own_pk is not None:
        others = others.exclude(pk=own_pk)
    if others.exists():
        raise Conflict("该身份证号已被登记", field="id_number")
    return {
        "real_name_cipher": encrypt(real_name.strip()[:30]),
        "id_number_cipher": encrypt(value),
        "id_number_digest": digest,
        "id_number_masked": mask_id_number(value),
    }


def register_worker(reg: Registration, *, require_sms: bool = True) -> Worker:
    """Create the account, the worker profile and the worker role, all or nothing."""
    if reg.kind not in WorkerKind.values:
        raise DomainError("请选择群体类别", field="kind")
    region = _work_region(reg.work_region_code)
    identity = _identity_fields(reg.real_name.strip(), reg.id_number.strip())
    if not reg.password:
        raise DomainError("请设置密码", field="password")
    try:
        with transaction.atomic():
            # Inside the transaction: if anything below fails, the code is not burned.
            if require_sms and not consume_sms_code(
                phone=reg.phone, code=reg.sms_code or "", purpose=SmsCode.Purpose.REGISTER
            ):
                raise DomainError("短信验证码错误或已过期", field="sms_code")
            user = create_user(phone=reg.phone, password=reg.password,
                               display_name=reg.display_name)
            worker = Worker.objects.create(
                user=user, kind=reg.kind, platform=reg.platform.strip()[:60],
                work_region=region, **identity,
            )
            assign_role(user=user, role=Role.WORKER, region_code=region.code)
    except IntegrityError:
        raise Conflict("该手机号或身份证号已被登记", field="phone") from None
    return worker


def mark_real_name_verified(*, worker: Worker, verified_by: User) -> Worker:
    """Staff confirm the person's identity papers; the worker must have given them."""
    if not worker.id_number_cipher:
        raise DomainError("该人员未填写实名信息，无法认证", field="id_number")
    worker.real_name_verified = True
    worker.verified_at = timezone.now()
    worker.save(update_fields=["real_name_verified", "verified_at"])
    return worker


def complete_identity(*, worker: Worker, real_name: str, id_number: str) -> Worker:
    """The real name and ID number a worker skipped at registration (insurance needs
    them); changeable until staff verify them. The worker row is locked (select_for_update)."""
    name, number = real_name.strip(), id_number.strip()
    if not name or not number:
        raise DomainError("请同时填写真实姓名和身份证号",
                          field="real_name" if not name else "id_number")
    try:
        with transaction.atomic():
            w = Worker.objects.select_for_update().get(pk=worker.pk)
            if w.real_name_verified:
                raise DomainError("实名信息已认证，如需修改请联系社区工作人员", field="id_number")
            fields = _identity_fields(name, number, own_pk=w.pk)
            for key, value in fields.items():
                setattr(w, key, value)
            w.save(update_fields=list(fields))
    except IntegrityError:
        raise Conflict("该身份证号已被登记", field="id_number") from None
    return w


def update_profile(*, user: User, display_name: str, kind: str | None = None,
                   platform: str | None = None) -> None:
    """The person's own name, and for a worker the group and platform, in one go."""
    worker = getattr(user, "worker", None)
    if worker is not None and kind is not None and kind not in WorkerKind.values:
        raise DomainError("请选择群体类别", field="kind")
    if platform is not None and len(platform.strip()) > 60:
        raise DomainError("平台或企业最多60个字", field="platform")
    with transaction.atomic():
        update_display_name(user=user, display_name=display_name)
        if worker is not None and kind is not None:
            Worker.objects.filter(pk=worker.pk).update(kind=kind,
                                                       platform=(platform or "").strip())
            worker.kind, worker.platform = kind, (platform or "").strip()
