"""The demo logins, one per role; printed by `make run`."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "nuanxin2026"


@dataclass(frozen=True)
class DemoAccount:
    phone: str
    name: str
    role: str
    region_code: str  # "" = first grid of the community below, resolved at build time
    note: str


DEMO_ACCOUNTS = [
    DemoAccount("13900000001", "市社工部管理员", "city_admin", "371700", "全市，后台超级管理员"),
    DemoAccount("13900000002", "牡丹区社工部", "county_staff", "371702", "牡丹区"),
    DemoAccount("13900000003", "东城街道干部", "township_staff", "371702001", "牡丹区东城街道"),
    DemoAccount("13900000004", "东安社区书记", "community_staff", "371702001001", "东安社区"),
    DemoAccount("13900000005", "东安社区网格员", "grid_worker", "371702001001001", "东安社区第1网格"),
    DemoAccount("13900000006", "驿站负责人", "station_operator", "371702001", "东城街道的站点"),
    DemoAccount("13900000007", "巨野县行业党委", "party_staff", "371724", "巨野县党组织"),
    DemoAccount("13900000008", "外卖小哥小董", "worker", "371702001001", "网约配送员，东安社区"),
    DemoAccount("13900000009", "东安社区门岗", "gate_guard", "371702001001", "门岗验证骑手通行证"),
]
