"""Kinds of worker, and how an offer's list of kinds is stored."""

from django.db import models

from nuanxin.kernel.errors import DomainError


class WorkerKind(models.TextChoices):
    COURIER = "courier", "快递员"
    DELIVERY_RIDER = "delivery_rider", "网约配送员"
    RIDE_HAILING_DRIVER = "ride_hailing_driver", "网约车司机"
    TRUCK_DRIVER = "truck_driver", "货车司机"
    LIVE_STREAMER = "live_streamer", "网络主播"


def encode_kinds(kinds: list[str] | tuple[str, ...]) -> str:
    """['courier'] -> ',courier,' ('' = every kind), the portable LIKE-able form activities
    and benefit programmes store; unknown kinds are refused."""
    bad = [k for k in kinds if k not in WorkerKind.values]
    if bad:
        raise DomainError(f"群体类别“{bad[0]}”不存在", field="worker_kinds")
    return f",{','.join(sorted(set(kinds)))}," if kinds else ""
