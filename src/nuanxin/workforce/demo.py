"""Demo step: Yuncheng's (郓城县) community workers — a secretary and a full-time social
worker per community, a few on leave or gone, each change in the history (bulk insert)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from nuanxin.accounts.models import RoleAssignment, User
from nuanxin.accounts.phones import phone_digest
from nuanxin.accounts.roles import Role
from nuanxin.kernel.crypto import encrypt
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.kernel.masking import mask_phone
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q
from nuanxin.workforce.models import Position, Post, Status, StatusChange

ORDER = 85
YUNCHENG = "371725"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志新晓东"
LEAVE = {Status.ON_LEAVE: "产假", Status.LEFT: "考取公务员离职"}


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("workforce")
    county = Region.objects.filter(code=YUNCHENG).first()
    if county is None:
        return
    villages = list(Region.objects.filter(subtree_q(county.path), level=Level.VILLAGE)
                    .order_by("path").values_list("id", flat=True))
    taken = set(User.objects.values_list("phone_digest", flat=True))
    users: list[User] = []
    spec: list[tuple[int, str]] = []
    for village_id in villages:
        for position in (Position.SECRETARY, Position.SOCIAL_WORKER):
            while True:
                phone = "135" + f"{rng.randrange(10**8):08d}"
                digest = phone_digest(phone)
                if digest not in taken:
                    taken.add(digest)
                    break
            user = User(phone_digest=digest, phone_cipher=encrypt(phone),
                        phone_masked=mask_phone(phone), phone_last4=phone[-4:],
                        display_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN))
            user.set_unusable_password()
            users.append(user)
            spec.append((village_id, position))
    with transaction.atomic(), ctx.progress("郓城县社区工作者", len(users), "人") as bar:
        User.objects.bulk_create(users, batch_size=1000)
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=Role.COMMUNITY_STAFF, region_id=v)
             for u, (v, _) in zip(users, spec, strict=True)], batch_size=1000)
        posts = [Post(person=u, community_id=v, position=p,
                      entered_on=date(2015, 1, 1) + timedelta(days=rng.randrange(3300)),
                      status=rng.choices(list(Status.values), weights=(90, 6, 4))[0])
                 for u, (v, p) in zip(users, spec, strict=True)]
        Post.objects.bulk_create(posts, batch_size=1000)
        history = [StatusChange(post=p, before="", after=Status.IN_POST, reason="入职")
                   for p in posts]
        history += [StatusChange(post=p, before=Status.IN_POST, after=p.status,
                                 reason=LEAVE[Status(p.status)])
                    for p in posts if p.status != Status.IN_POST]
        StatusChange.objects.bulk_create(history, batch_size=2000)
        bar.update(len(users))
    ctx.shared["community_workers"] = len(posts)
