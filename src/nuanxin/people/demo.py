"""Demo step: about 67,000 workers over the five kinds and Heze's real townships."""

from __future__ import annotations

from datetime import date, timedelta

from nuanxin.accounts.models import RoleAssignment, User
from nuanxin.accounts.phones import phone_digest
from nuanxin.accounts.roles import Role
from nuanxin.kernel.crypto import encrypt, lookup_digest
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.kernel.masking import mask_id_number, mask_phone
from nuanxin.people.id_numbers import check_digit
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.levels import Level
from nuanxin.regions.models import Region

ORDER = 20
TOTAL_WORKERS = 67_000
BATCH = 5_000
KIND_SHARES = [
    (WorkerKind.DELIVERY_RIDER, 0.38), (WorkerKind.COURIER, 0.30),
    (WorkerKind.RIDE_HAILING_DRIVER, 0.15), (WorkerKind.TRUCK_DRIVER, 0.12),
    (WorkerKind.LIVE_STREAMER, 0.05),
]
PLATFORMS = {
    WorkerKind.DELIVERY_RIDER: ["美团外卖", "饿了么", "京东秒送"],
    WorkerKind.COURIER: ["中通快递", "圆通速递", "韵达快递", "申通快递", "顺丰速运", "京东物流",
                         "邮政EMS", "极兔速递"],
    WorkerKind.RIDE_HAILING_DRIVER: ["滴滴出行", "曹操出行", "T3出行", "花小猪"],
    WorkerKind.TRUCK_DRIVER: ["满帮", "货拉拉", "快狗打车"],
    WorkerKind.LIVE_STREAMER: ["抖音", "快手", "淘宝直播", "视频号"],
}
MOBILE_PREFIXES = ["130", "131", "132", "135", "136", "137", "138", "150", "151", "152", "155",
                   "157", "158", "159", "166", "176", "177", "180", "182", "183", "185", "187",
                   "188", "189", "198", "199"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志新晓东"


def _fake_id(rng_int: int, county_code: str, born: date) -> str:
    first17 = f"{county_code}{born:%Y%m%d}{rng_int % 1000:03d}"
    return first17 + check_digit(first17)


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("workers")
    # Where people work: mostly urban communities of the streets, some in towns.
    villages = list(Region.objects.filter(level=Level.VILLAGE).order_by("code")
                    .values_list("id", "code", "name"))
    weights = [6.0 if name.endswith(("社区", "居委会", "居民委员会")) else 1.0
               for _, _, name in villages]
    taken = set(User.objects.values_list("phone_digest", flat=True))
    kinds = [k for k, _ in KIND_SHARES]
    shares = [s for _, s in KIND_SHARES]
    seen_ids: set[str] = set()
    made = 0
    with ctx.progress("生成新就业群体人员", TOTAL_WORKERS, "人") as bar:
        while made < TOTAL_WORKERS:
            n = min(BATCH, TOTAL_WORKERS - made)
            places = rng.choices(villages, weights=weights, k=n)
            users, workers_spec = [], []
            for region in places:
                while True:
                    phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
                    digest = phone_digest(phone)
                    if digest not in taken:
                        taken.add(digest)
                        break
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (
                    rng.choice(GIVEN) if rng.random() < 0.6 else "")
                user = User(phone_digest=digest, phone_cipher=encrypt(phone),
                            phone_masked=mask_phone(phone), phone_last4=phone[-4:],
                            display_name=name)
                user.set_unusable_password()
                users.append(user)
                kind = rng.choices(kinds, weights=shares)[0]
                identity: dict[str, object] = {}
                if rng.random() < 0.55:
                    born = date(1970, 1, 1) + timedelta(days=rng.randrange(365 * 36))
                    id_number = _fake_id(rng.randrange(10**6), region[1][:6], born)
                    identity = {
                        "real_name_cipher": encrypt(name),
                        "id_number_cipher": encrypt(id_number),
                        "id_number_digest": lookup_digest(id_number, purpose="id_number"),
                        "id_number_masked": mask_id_number(id_number),
                        "real_name_verified": rng.random() < 0.8,
                    }
                workers_spec.append((region[0], kind, rng.choice(PLATFORMS[kind]), identity))
            User.objects.bulk_create(users, batch_size=1000)
            workers = []
            for user, (region_id, kind, platform, identity) in zip(users, workers_spec,
                                                                   strict=True):
                digest = str(identity.get("id_number_digest", ""))
                if digest and digest in seen_ids:
                    identity = {}
                seen_ids.add(digest)
                workers.append(Worker(user=user, kind=kind, platform=platform,
                                      work_region_id=region_id,
                                      verified_at=ctx.now if identity.get("real_name_verified")
                                      else None, **identity))
            Worker.objects.bulk_create(workers, batch_size=1000)
            RoleAssignment.objects.bulk_create(
                [RoleAssignment(user=u, role=Role.WORKER, region_id=w.work_region_id)
                 for u, w in zip(users, workers, strict=True)], batch_size=1000)
            made += n
            bar.update(n)
    ctx.shared["workers"] = made
