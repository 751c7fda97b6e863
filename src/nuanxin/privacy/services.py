"""Revealing a full personal number: permission first, then a log row, then the value."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can_view_personal_data, region_scope
from nuanxin.accounts.roles import PERSONAL_DATA_ROLES
from nuanxin.kernel.crypto import decrypt
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.privacy.models import AccessLog

FIELDS = {"phone": "手机号", "id_number": "身份证号", "real_name": "真实姓名"}


def _cipher(subject: User, field: str) -> str:
    if field == "phone":
        return subject.phone_cipher
    worker = getattr(subject, "worker", None)
    if worker is None:
        return ""
    return str(worker.id_number_cipher if field == "id_number" else worker.real_name_cipher)


def reveal_personal_field(
    *, viewer: User, subject: User, field: str, purpose: str, channel: str = "api",
    ip_address: str | None = None, entitled: bool = False,
) -> str:
    """Return the decrypted `field` of `subject`, writing the access log row first.

    `entitled`: the caller has checked a right tied to one case (the handler of the
    person's report calling them back); the purpose and the log row are still required."""
    if field not in FIELDS:
        raise DomainError(f"不支持查看字段“{field}”", field="field")
    if not purpose.strip():
        raise DomainError("查看完整个人信息必须说明用途", field="purpose")
    if not entitled and not can_view_personal_data(viewer, subject):
        raise PermissionDenied(f"无权查看该人员的{FIELDS[field]}")
    cipher = _cipher(subject, field)
    if not cipher:
        raise DomainError(f"该人员未登记{FIELDS[field]}", field=field)
    AccessLog.objects.create(
        viewer=viewer, subject=subject, field=field, purpose=purpose.strip()[:200],
        channel=channel, ip_address=ip_address,
    )
    return decrypt(cipher)


def reveal_many(
    *, viewer: User, subjects: Sequence[User], fields: Iterable[str], purpose: str,
    channel: str = "export", ip_address: str | None = None,
    roles: Iterable[str] = PERSONAL_DATA_ROLES,
) -> dict[int, dict[str, str]]:
    """Reveal `fields` of many people at once (an insurer's roster): the same rule as one
    reveal, checked for every subject before anything is decrypted, and one access-log row
    per person and field, written before the values are returned.

    `roles` may narrow who may do it (never widen: they are intersected with the personal-
    data roles). Subjects must come with `worker__work_region` loaded to avoid a query each.
    """
    fields = list(fields)
    for field in fields:
        if field not in FIELDS:
            raise DomainError(f"不支持查看字段“{field}”", field="field")
    if not purpose.strip():
        raise DomainError("查看完整个人信息必须说明用途", field="purpose")
    scope = region_scope(viewer, roles=set(roles) & PERSONAL_DATA_ROLES)
    for subject in subjects:
        worker = getattr(subject, "worker", None)
        if subject != viewer and not scope.covers(getattr(worker, "work_region", None)):
            raise PermissionDenied(f"无权查看{subject.display_name}的个人信息")
    AccessLog.objects.bulk_create(
        [AccessLog(viewer=viewer, subject=subject, field=field, purpose=purpose.strip()[:200],
                   channel=channel, ip_address=ip_address)
         for subject in subjects for field in fields if _cipher(subject, field)],
        batch_size=500,
    )
    return {
        subject.pk: {f: decrypt(c) if (c := _cipher(subject, f)) else "" for f in fields}
        for subject in subjects
    }


def log_list_view(
    *, viewer: User, subjects: list[User], field: str, purpose: str, channel: str = "page",
    ip_address: str | None = None,
) -> int:
    """Record that `viewer` saw `field` of each of `subjects` in a list (one row each).

    For sensitive facts shown in lists (e.g. party membership): the caller decides who may
    see the list; this only leaves the trace. Returns how many rows were written.
    """
    rows = [AccessLog(viewer=viewer, subject=s, field=field[:40], purpose=purpose.strip()[:200],
                      channel=channel[:20], ip_address=ip_address) for s in subjects]
    AccessLog.objects.bulk_create(rows)
    return len(rows)
