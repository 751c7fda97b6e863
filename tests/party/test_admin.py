"""The back office: organisation roles are granted and revoked through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nuanxin.accounts.models import User
from nuanxin.party.models import OrgRole
from tests.party.conftest import phone_of

pytestmark = pytest.mark.django_db


def test_superuser_grants_a_party_role_by_phone(root: User, orgs: Any,
                                                make_user: Callable[..., User]) -> None:
    grantee = make_user(name="新书记")
    c = Client()
    c.force_login(root)
    r = c.post("/admin/party/orgrole/add/", {"organisation": orgs.dongan.pk,
                                             "role": "secretary", "phone": phone_of(grantee)})
    assert r.status_code == 302, r.content.decode()[:2000]
    row = OrgRole.objects.get(user=grantee)
    assert row.organisation == orgs.dongan and row.granted_by == root
    bad = c.post("/admin/party/orgrole/add/", {"organisation": orgs.dongan.pk,
                                               "role": "staff", "phone": "13000000000"})
    assert "该手机号尚未注册" in bad.content.decode()


def test_party_staff_see_only_their_organisations(orgs: Any,
                                                  party_staff: Callable[..., User]) -> None:
    staff = party_staff(orgs.dongcheng)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    c = Client()
    c.force_login(staff)
    html = c.get("/admin/party/organisation/").content.decode()
    assert "东安社区党支部" in html and "东城街道党工委" in html
    assert "曹县新就业群体行业党委" not in html and "牡丹区新就业群体行业党委" not in html
