"""Demo step: one login per role, with the password printed by `make run`."""

from __future__ import annotations

from nuanxin.accounts.services import assign_role, create_user, find_user_by_phone
from nuanxin.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region

ORDER = 30


def build(ctx: DemoContext) -> None:
    with ctx.progress("演示账号", len(DEMO_ACCOUNTS), "个") as bar:
        for account in DEMO_ACCOUNTS:
            user = find_user_by_phone(account.phone) or create_user(
                phone=account.phone, password=DEMO_PASSWORD, display_name=account.name,
                is_superuser=account.role == "city_admin", is_staff=account.role == "city_admin",
            )
            if account.role == "worker":
                Worker.objects.get_or_create(user=user, defaults={
                    "kind": WorkerKind.DELIVERY_RIDER, "platform": "美团外卖",
                    "work_region": Region.objects.get(code=account.region_code)})
            assign_role(user=user, role=account.role, region_code=account.region_code)
            bar.update(1)
