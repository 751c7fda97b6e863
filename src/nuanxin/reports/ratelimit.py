"""How many snap reports one account or one network address may send per hour."""

from __future__ import annotations

from nuanxin.kernel.ratelimit import RateLimited, hit

PER_USER_PER_HOUR = 10
PER_ADDRESS_PER_HOUR = 30


def check_submission(user_id: int, address: str) -> None:
    """Refuse a burst of reports from one account or one network address."""
    if hit(f"report:user:{user_id}", PER_USER_PER_HOUR, 3600):
        raise RateLimited("提交太频繁：每人每小时最多提交10条随手拍，请稍后再试")
    if address and hit(f"report:ip:{address}", PER_ADDRESS_PER_HOUR, 3600):
        raise RateLimited("提交太频繁：同一网络每小时最多提交30条，请稍后再试")
