"""Rider passes: a third-party JOSE library verifies a pass against the JWKS; every wrong
token is refused with a reason and changes nothing; keys rotate; scans upload once."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt as pyjwt
import pytest
from django.test.client import MULTIPART_CONTENT
from django.utils import timezone
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey

from nuanxin.access import keys, selectors, services, tokens
from nuanxin.access.models import RiderPass, Scan, SigningKey
from nuanxin.people.models import Worker

from .conftest import jpeg

pytestmark = pytest.mark.django_db


def _payload(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


def test_pyjwt_verifies_pass_from_api_against_jwks(make_rider: Any, api: Any,
                                                   api_as: Any) -> None:
    rider = make_rider(phone="13912345678", with_pass=True)
    mine = api_as(rider).get("/api/passes/mine")
    assert mine.status_code == 200, mine.content
    body = mine.json()
    jwks = api.get("/.well-known/jwks.json").json()
    key_set = pyjwt.PyJWKSet.from_dict(jwks)
    kid = pyjwt.get_unverified_header(body["token"])["kid"]
    claims = pyjwt.decode(body["token"], key=key_set[kid].key, algorithms=["ES256"],
                          issuer="nuanxin")
    rider_pass = RiderPass.objects.get(worker__user=rider)
    assert claims["sub"] == body["number"] == rider_pass.number
    assert (claims["knd"], claims["plt"]) == ("delivery_rider", "美团外卖")
    assert claims["ph"] == rider_pass.photo_hash
    assert claims["exp"] - claims["iat"] == 90
    assert set(claims) == {"iss", "sub", "knd", "plt", "ph", "pexp", "iat", "exp"}
    assert "13912345678" not in json.dumps(claims)
    # a key that is not in the JWKS does not verify it
    with pytest.raises(pyjwt.InvalidSignatureError):
        other = ECKey.generate_key("P-256", private=True).as_pem(private=False)
        pyjwt.decode(body["token"], key=other, algorithms=["ES256"])


def test_private_keys_are_encrypted_at_rest(make_rider: Any, api_as: Any) -> None:
    rider = make_rider(with_pass=True)
    api_as(rider).get("/api/passes/mine")
    row = SigningKey.objects.get()
    assert "PRIVATE" not in row.private_cipher and "d" not in row.public_jwk


def test_unverified_worker_gets_no_pass_and_no_token(make_rider: Any, api_as: Any) -> None:
    rider = make_rider(verified=False)
    client = api_as(rider)
    resp = client.post("/api/passes", {"photo": _upload()}, content_type=MULTIPART_CONTENT)
    assert resp.status_code == 400
    assert resp.json()["field"] == "worker" and "实名认证" in resp.json()["detail"]
    assert not RiderPass.objects.exists()
    assert client.get("/api/passes/mine").status_code == 400


def test_verification_withdrawn_refuses_token_and_check(make_rider: Any, api_as: Any,
                                                        guard: Any) -> None:
    rider = make_rider(with_pass=True)
    token = api_as(rider).get("/api/passes/mine").json()["token"]
    Worker.objects.filter(user=rider).update(real_name_verified=False)
    assert api_as(rider).get("/api/passes/mine").json()["field"] == "worker"
    resp = api_as(guard).post("/api/passes/verify", {"token": token})
    assert resp.status_code == 400 and resp.json()["code"] == "unverified"


def _upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("me.jpg", jpeg(), content_type="image/jpeg")


def test_issue_pass_through_api(make_rider: Any, api_as: Any) -> None:
    rider = make_rider()
    client = api_as(rider)
    resp = client.post("/api/passes", {"photo": _upload()}, content_type=MULTIPART_CONTENT)
    assert resp.status_code == 201, resp.content
    again = client.post("/api/passes", {"photo": _upload()}, content_type=MULTIPART_CONTENT)
    assert again.status_code == 409
    assert RiderPass.objects.count() == 1


@pytest.fixture
def fresh(make_rider: Any, api_as: Any) -> tuple[Any, str]:
    rider = make_rider(with_pass=True)
    return rider, api_as(rider).get("/api/passes/mine").json()["token"]


def _verify(client: Any, token: str) -> Any:
    return client.post("/api/passes/verify", {"token": token})


def test_guard_checks_a_fresh_token(fresh: Any, guard: Any, api_as: Any) -> None:
    _rider, token = fresh
    body = _verify(api_as(guard), token).json()
    assert body["valid"] and body["kind_label"] == "网约配送员" and body["platform"] == "美团外卖"


def test_replay_outside_window_is_refused(fresh: Any, guard: Any, api_as: Any) -> None:
    rider, _ = fresh
    old = services.current_token(user=rider, now=timezone.now() - timedelta(seconds=150))[1]
    resp = _verify(api_as(guard), old.token)
    assert resp.status_code == 400
    assert resp.json()["code"] == "expired" and "过期" in resp.json()["detail"]
    # 60 s window + 30 s grace for the two phones' clocks, then refused
    start = datetime.fromtimestamp(int(timezone.now().timestamp()) // 60 * 60, UTC)
    token = services.current_token(user=rider, now=start)[1].token
    assert selectors.check_token(token, now=start + timedelta(seconds=89)).number
    with pytest.raises(tokens.TokenRefused) as late:
        selectors.check_token(token, now=start + timedelta(seconds=91))
    assert late.value.code == "expired"


def test_forged_and_wrong_key_tokens_are_refused(fresh: Any, guard: Any, api_as: Any) -> None:
    rider, token = fresh
    client = api_as(guard)
    head, _body, sig = token.split(".")
    claims = _payload(token) | {"sub": "NXFFFFFFFFFF"}
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    resp = _verify(client, f"{head}.{forged_body}.{sig}")
    assert resp.status_code == 400 and resp.json()["code"] == "forged"
    real_kid = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))["kid"]
    stranger = ECKey.generate_key("P-256", private=True)
    same_kid = jose_jwt.encode({"alg": "ES256", "kid": real_kid}, _payload(token), stranger)
    assert _verify(client, same_kid).json()["code"] == "forged"
    own_kid = jose_jwt.encode({"alg": "ES256", "kid": stranger.thumbprint()}, _payload(token),
                              stranger)
    assert _verify(client, own_kid).json()["code"] == "unknown_key"
    assert _verify(client, "not-a-token").json()["code"] == "malformed"
    assert not Scan.objects.exists()
    assert RiderPass.objects.get(worker__user=rider).revoked_at is None


def test_revoked_pass(fresh: Any, guard: Any, api_as: Any, staff: Any,
                      make_user: Any) -> None:
    rider, token = fresh
    number = RiderPass.objects.get(worker__user=rider).number
    outsider = make_user(("community_staff", "371702002001"))
    assert api_as(outsider).post(f"/api/passes/{number}/revoke",
                                 {"reason": "冒用"}).status_code == 403
    assert api_as(guard).get("/api/passes/revoked").json()["numbers"] == []
    resp = api_as(staff).post(f"/api/passes/{number}/revoke", {"reason": "冒用他人身份"})
    assert resp.status_code == 200 and resp.json()["revoked_at"]
    assert api_as(guard).get("/api/passes/revoked").json()["numbers"] == [number]
    assert _verify(api_as(guard), token).json()["code"] == "revoked"
    assert api_as(rider).get("/api/passes/mine").json()["code"] == "revoked"
    assert api_as(staff).post(f"/api/passes/{number}/revoke",
                              {"reason": "再次"}).status_code == 409


def test_only_guards_and_staff_verify(fresh: Any, make_rider: Any, api_as: Any) -> None:
    _, token = fresh
    assert _verify(api_as(make_rider()), token).status_code == 403


def test_keys_rotate_with_overlap(fresh: Any) -> None:
    rider, _ = fresh
    now = timezone.now()
    first = SigningKey.objects.get()
    assert keys.rotate_keys(now=now) == {"made": 0, "retired": 0}
    later = now + timedelta(days=31)
    assert keys.rotate_keys(now=later)["made"] == 1
    assert len(keys.published()) == 2  # published a day before it signs
    assert keys.signer(later)[0] == first.kid
    switch = later + timedelta(hours=25)
    new_kid = keys.signer(switch)[0]
    assert new_kid != first.kid
    old_token = services.current_token(user=rider, now=switch - timedelta(hours=2))[1].token
    new_token = services.current_token(user=rider, now=switch)[1].token
    assert tokens.verify(new_token, now=switch).number
    assert keys.rotate_keys(now=switch + timedelta(hours=25))["retired"] == 1
    assert [k["kid"] for k in keys.published()] == [new_kid]
    with pytest.raises(tokens.TokenRefused) as refused:
        tokens.verify(old_token, now=switch - timedelta(hours=2))
    assert refused.value.code == "unknown_key"


def test_scans_upload_once_and_recheck(fresh: Any, guard: Any, api_as: Any,
                                       make_rider: Any) -> None:
    _, token = fresh
    now = timezone.now().isoformat()
    rows = [{"client_id": "a1", "token": token, "result": "valid", "scanned_at": now},
            {"client_id": "a2", "token": "x.y.z", "result": "invalid", "reason": "签名无效",
             "scanned_at": now}]
    client = api_as(guard)
    assert client.post("/api/passes/scans", {"scans": rows}).json() == {"new": 2, "repeated": 0}
    assert client.post("/api/passes/scans", {"scans": rows}).json() == {"new": 0, "repeated": 2}
    valid = Scan.objects.get(client_id="a1")
    assert valid.server_result == "valid" and valid.pass_number == _payload(token)["sub"]
    assert Scan.objects.get(client_id="a2").server_result == "invalid"
    bad = [*rows, {"client_id": "a3", "token": token, "result": "maybe", "scanned_at": now}]
    assert client.post("/api/passes/scans", {"scans": bad}).status_code == 400
    assert Scan.objects.count() == 2
    assert api_as(make_rider()).post("/api/passes/scans", {"scans": rows}).status_code == 403


def test_jwks_is_public_and_has_no_private_parts(fresh: Any, api: Any) -> None:
    resp = api.get("/.well-known/jwks.json")
    assert resp["Access-Control-Allow-Origin"] == "*"
    [key] = resp.json()["keys"]
    assert key["kty"] == "EC" and key["crv"] == "P-256" and key["alg"] == "ES256"
    assert "d" not in key


def test_a_scan_time_without_a_zone_is_refused_not_a_500(fresh: Any, guard: Any,
                                                          api_as: Any) -> None:
    _, token = fresh
    rows = [{"client_id": "n1", "token": token, "result": "valid",
             "scanned_at": "2026-12-02T10:00:00"}]
    r = api_as(guard).post("/api/passes/scans", {"scans": rows})
    assert r.status_code == 400 and r.json()["field"] == "scanned_at"
    assert not Scan.objects.filter(client_id="n1").exists()
