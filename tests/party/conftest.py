"""Party fixtures: organisations over the mini region tree, their staff, workers, members."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from nuanxin.accounts.models import User
from nuanxin.kernel.crypto import decrypt
from nuanxin.party.models import Organisation, OrgKind
from nuanxin.party.services import check_in, create_organisation, declare_membership, grant_org_role
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region


@dataclass
class Orgs:
    mudan: Organisation      # 牡丹区新就业群体行业党委 (county)
    dongcheng: Organisation  # 东城街道党工委, under mudan
    dongan: Organisation     # 东安社区党支部, under dongcheng
    caoxian: Organisation    # 曹县行业党委: another county, out of mudan's reach


def phone_of(user: User) -> str:
    return decrypt(user.phone_cipher)


@pytest.fixture
def root(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(superuser=True, name="后台管理员")


@pytest.fixture
def orgs(root: User, regions: dict[str, Region]) -> Orgs:
    def make(name: str, kind: str, code: str, parent: Organisation | None = None,
             kinds: list[str] | None = None) -> Organisation:
        r = regions[code]
        return create_organisation(actor=root, name=name, kind=kind, region_code=code,
                                   lng=r.lng or 0, lat=r.lat or 0, parent_id=parent.pk if parent
                                   else None, secretary="王书记", contact_phone="0530-5550001",
                                   address=f"{r.name}党群服务中心", worker_kinds=kinds)

    mudan = make("牡丹区新就业群体行业党委", OrgKind.INDUSTRY, "371702",
                 kinds=["delivery_rider"])
    dongcheng = make("东城街道党工委", OrgKind.TOWNSHIP, "371702001", mudan)
    dongan = make("东安社区党支部", OrgKind.COMMUNITY, "371702001001", dongcheng)
    caoxian = make("曹县新就业群体行业党委", OrgKind.INDUSTRY, "371721", kinds=["courier"])
    return Orgs(mudan, dongcheng, dongan, caoxian)


@pytest.fixture
def party_staff(make_user: Callable[..., User], root: User) -> Callable[[Organisation], User]:
    """party_staff(org) -> a user holding a role for that organisation."""

    def make(org: Organisation, name: str = "党务工作者") -> User:
        user = make_user(name=name)
        grant_org_role(actor=root, organisation_id=org.pk, phone=phone_of(user))
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def make_worker(regions: dict[str, Region], make_user: Callable[..., User]
                ) -> Callable[..., User]:
    def make(kind: str = "delivery_rider", region: str = "371702001001", name: str = "骑手",
             platform: str = "美团外卖") -> User:
        user = make_user(("worker", region), name=name)
        Worker.objects.create(user=user, kind=kind, platform=platform,
                              work_region=regions[region])
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def make_member(make_worker: Callable[..., User]) -> Callable[..., User]:
    """A worker who declared membership (organisation of record given as text)."""

    def make(name: str = "党员骑手", region: str = "371702001001", mobile: bool = False,
             home: str = "") -> User:
        user = make_worker(name=name, region=region)
        declare_membership(user=user, record_org="巨野县田庄镇某村党支部",
                           joined_on=date(2015, 7, 1), is_mobile=mobile, home_region_code=home)
        return user

    return make


@pytest.fixture
def pending(make_member: Callable[..., User], orgs: Orgs) -> Callable[..., int]:
    def make(org: Organisation | None = None, **kw: object) -> int:
        user = make_member(**kw)
        return check_in(user=user, organisation_id=(org or orgs.dongan).pk, basis="work").pk

    return make
