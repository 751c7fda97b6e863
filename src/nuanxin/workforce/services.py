"""Writes to the roster: enrol a community worker, change their status with a reason.

Lock: the `Post` row (select_for_update) for a status change, so two changes at once
record a true before/after chain. Nobody changes their own record.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from nuanxin.accounts.models import User
from nuanxin.accounts.permissions import can
from nuanxin.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.workforce.models import Position, Post, Status, StatusChange
from nuanxin.workforce.selectors import HR_ROLES


def enrol(*, actor: User, person: User, community_code: str, position: str,
          entered_on: date, reason: str = "入职") -> Post:
    """Put a person on a community's roster (in post), with the first history row."""
    community = Region.objects.filter(code=community_code, level=Level.VILLAGE).first()
    if community is None:
        raise DomainError("请选择一个社区(村)", field="community")
    if actor.pk == person.pk:
        raise PermissionDenied("不能为自己办理入职", field="person")
    if not can(actor, HR_ROLES, community):
        raise PermissionDenied("您无权管理该社区的社区工作者", field="community")
    if position not in Position.values:
        raise DomainError("请选择岗位", field="position")
    try:
        with transaction.atomic():
            post = Post.objects.create(person=person, community=community, position=position,
                                       entered_on=entered_on)
            StatusChange.objects.create(post=post, before="", after=Status.IN_POST,
                                        reason=reason.strip()[:200] or "入职", actor=actor)
    except IntegrityError:
        raise Conflict("该人员已在此社区的名册中", field="person") from None
    return post


def change_status(*, actor: User, post_id: int, status: str, reason: str) -> Post:
    """In post / on leave / left, with a reason; every change is kept in the history."""
    if status not in Status.values:
        raise DomainError("请选择状态", field="status")
    text = reason.strip()
    if len(text) < 2:
        raise DomainError("请填写变更原因（至少2个字）", field="reason")
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("community").filter(
            pk=post_id).first()
        if post is None:
            raise NotFound("名册记录不存在", field="post")
        if actor.pk == post.person_id:
            raise PermissionDenied("不能变更自己的状态", field="post")
        if not can(actor, HR_ROLES, post.community):
            raise PermissionDenied("您无权管理该社区的社区工作者", field="post")
        if post.status == status:
            raise DomainError(f"该人员已是“{Status(status).label}”状态", field="status")
        StatusChange.objects.create(post=post, before=post.status, after=status,
                                    reason=text[:200], actor=actor)
        post.status = status
        post.save(update_fields=["status", "updated_at"])
    return post
