"""Revealing a full personal number: permission first, then a log row, then the value."""

from __future__ import annotations

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can_view_personal_data
from nuanxin.core.errors import DomainError, PermissionDenied
from nuanxin.privacy.crypto import decrypt
from nuanxin.privacy.models import AccessLog

FIELDS = {"phone": "手机号", "id_number": "身份证号"}


def reveal_personal_field(
    *, viewer: User, subject: User, field: str, purpose: str, channel: str = "api",
    ip_address: str | None = None,
) -> str:
    """Return the decrypted `field` of `subject`, writing the access log row first."""
    if field not in FIELDS:
        raise DomainError(f"不支持查看字段“{field}”", field="field")
    if not purpose.strip():
        raise DomainError("查看完整个人信息必须说明用途", field="purpose")
    if not can_view_personal_data(viewer, subject):
        raise PermissionDenied(f"无权查看该人员的{FIELDS[field]}")
    if field == "phone":
        cipher = subject.phone_cipher
    else:
        worker = getattr(subject, "worker", None)
        cipher = worker.id_number_cipher if worker else ""
    if not cipher:
        raise DomainError(f"该人员未登记{FIELDS[field]}", field=field)
    AccessLog.objects.create(
        viewer=viewer, subject=subject, field=field, purpose=purpose.strip()[:200],
        channel=channel, ip_address=ip_address,
    )
    return decrypt(cipher)
