"""The in-app inbox: messages arrive, show unread, open to their link and mark read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from nuanxin.accounts.models import User
from nuanxin.notifications.models import Notification
from nuanxin.notifications.services import notify


def test_inbox_shows_and_marks_read(make_user: Callable[..., User], regions: Any) -> None:
    me = make_user(("worker", "371702001001"))
    other = make_user(("worker", "371702001001"))
    notify(me, "已签收", "第1网格已签收", "/reports/1/")
    notify(other, "别人的消息", "不应看到")
    web = Client()
    web.force_login(me)
    page = web.get("/inbox/").content.decode()
    assert "已签收" in page and "1 条未读" in page and "别人的消息" not in page
    note = Notification.objects.get(user=me)
    resp = web.post(f"/inbox/{note.pk}/open")
    assert resp.status_code == 302 and resp["Location"] == "/reports/1/"
    note.refresh_from_db()
    assert note.read_at is not None
    theirs = Notification.objects.get(user=other)
    assert web.post(f"/inbox/{theirs.pk}/open").status_code == 404


def test_inbox_needs_login() -> None:
    assert Client().get("/inbox/").status_code == 302


def test_external_links_are_not_followed(make_user: Callable[..., User], regions: Any) -> None:
    me = make_user(("worker", "371702001001"))
    note = notify(me, "钓鱼", "", "//evil.example/")
    web = Client()
    web.force_login(me)
    assert web.post(f"/inbox/{note.pk}/open")["Location"] == "/inbox/"
