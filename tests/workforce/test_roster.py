"""The community-worker roster: enrol, status changes with history, who may read it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from nuanxin.accounts.models import User
from nuanxin.kernel.crypto import decrypt
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.regions.models import Region
from nuanxin.workforce import selectors
from nuanxin.workforce.services import change_status, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def township(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("township_staff", "371702001"), name="东城街道组织委员")


@pytest.fixture
def worker(make_user: Callable[..., User], regions: dict[str, Region]) -> User:
    return make_user(("community_staff", "371702001001"), name="张社工")


def test_enrol_and_change_status_keeps_history(township: User, worker: User) -> None:
    post = enrol(actor=township, person=worker, community_code="371702001001",
                 position="social_worker", entered_on=date(2025, 3, 1))
    change_status(actor=township, post_id=post.pk, status="on_leave", reason="产假")
    change_status(actor=township, post_id=post.pk, status="in_post", reason="休假结束返岗")
    rows = [(h.before, h.after, h.reason)
            for h in selectors.history(viewer=worker, post=post)]
    assert rows == [("", "in_post", "入职"), ("in_post", "on_leave", "产假"),
                    ("on_leave", "in_post", "休假结束返岗")]
    with pytest.raises(Conflict):
        enrol(actor=township, person=worker, community_code="371702001001",
              position="grid", entered_on=date(2025, 3, 1))


def test_nobody_changes_their_own_record(township: User, worker: User,
                                         make_user: Callable[..., User]) -> None:
    post = enrol(actor=township, person=worker, community_code="371702001001",
                 position="grid", entered_on=date(2025, 3, 1))
    with pytest.raises(PermissionDenied):
        enrol(actor=township, person=township, community_code="371702001006",
              position="grid", entered_on=date(2025, 3, 1))
    boss = make_user(("township_staff", "371702001"), ("community_staff", "371702001001"))
    post2 = enrol(actor=township, person=boss, community_code="371702001001",
                  position="secretary", entered_on=date(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        change_status(actor=boss, post_id=post2.pk, status="left", reason="自行离职")
    with pytest.raises(DomainError) as e:
        change_status(actor=township, post_id=post.pk, status="left", reason="")
    assert e.value.field == "reason"


@pytest.mark.parametrize(("role", "code", "allowed"), [
    ("township_staff", "371702001", True),
    ("county_staff", "371702", True),
    ("city_admin", "371700", True),
    ("township_staff", "371702002", False),   # another township
    ("community_staff", "371702001001", False),  # a fellow community worker
    ("grid_worker", "371702001001001", False),
    ("worker", "371702001001", False),  # a rider
])
def test_role_matrix_for_reading_the_roster(role: str, code: str, allowed: bool,
                                            township: User, worker: User,
                                            make_user: Callable[..., User],
                                            regions: dict[str, Region]) -> None:
    post = enrol(actor=township, person=worker, community_code="371702001001",
                 position="grid", entered_on=date(2025, 3, 1))
    viewer = make_user((role, code))
    client = Client()
    client.force_login(viewer)
    page = client.get("/workforce/?at=371702001001")
    if allowed:
        assert page.status_code == 200 and "张社工" in page.content.decode()
        assert worker.phone_masked in page.content.decode()
        assert decrypt(worker.phone_cipher) not in page.content.decode()  # masked only
        assert list(selectors.history(viewer=viewer, post=post))
    else:
        assert page.status_code == 403 and "张社工" not in page.content.decode()
        with pytest.raises(PermissionDenied):
            selectors.history(viewer=viewer, post=post)
