"""The phone pages: the report form, its refusals, the handler's queue, the figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from nuanxin.reports.models import Report
from nuanxin.reports.states import Status

from .helpers import GRID_POINT, jpeg, make_report


def web_as(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def form(photo: bytes, **extra: Any) -> dict[str, Any]:
    return {"category": "road_hazard", "description": "路口井盖缺失，夜里很危险",
            "lng": str(GRID_POINT[0]), "lat": str(GRID_POINT[1]), "idem": "form-1",
            "photos": SimpleUploadedFile("a.jpg", photo, "image/jpeg"), **extra}


def test_form_submit_once_even_if_sent_twice(catalogue: Any, people: Any, media_tmp: Any) -> None:
    web = web_as(people["rider"])
    page = web.get("/reports/new").content.decode()
    assert "道路隐患" in page and "2小时内签收" in page
    first = web.post("/reports/new", form(jpeg()))
    again = web.post("/reports/new", form(jpeg()))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Report.objects.count() == 1
    detail = web.get(first["Location"]).content.decode()
    assert "待签收" in detail and "第1网格" in detail


def test_form_refusal_is_shown_in_chinese(catalogue: Any, people: Any, media_tmp: Any) -> None:
    resp = web_as(people["rider"]).post("/reports/new", form(b"not an image"))
    assert resp.status_code == 400
    assert "第1张照片无法识别为图片" in resp.content.decode()
    assert Report.objects.count() == 0


def test_queue_overdue_first_and_one_tap_accept(catalogue: Any, people: Any,
                                                regions: Any) -> None:
    grid = regions["371702001001001"]
    later = make_report(category=catalogue["road_hazard"], reporter=people["rider"], region=grid)
    late = make_report(category=catalogue["environment"], reporter=people["rider"], region=grid,
                       accept_due_at=timezone.now() - timedelta(hours=1))
    elsewhere = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                            region=regions["371702002001"])
    web = web_as(people["grid"])
    page = web.get("/reports/handle/").content.decode()
    assert page.index(late.number) < page.index(later.number)
    assert elsewhere.number not in page and "已超期" in page
    resp = web.post(f"/reports/handle/{later.pk}/accept", {"from": "queue"})
    assert resp.status_code == 302 and resp["Location"] == "/reports/handle/"
    later.refresh_from_db()
    assert later.status == Status.ACCEPTED
    assert web.get(f"/reports/handle/{elsewhere.pk}/").status_code == 302  # not my area
    assert web_as(people["rider"]).get("/reports/handle/").status_code == 302


def test_overview_for_township(catalogue: Any, people: Any, regions: Any) -> None:
    make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                region=regions["371702001001001"], status=Status.RETURNED)
    page = web_as(people["township"]).get("/reports/overview/").content.decode()
    assert "东城街道 · 随手拍统计" in page and "东安社区居委会" in page


def test_photo_served_and_missing_is_404(catalogue: Any, people: Any, media_tmp: Any) -> None:
    web = web_as(people["rider"])
    web.post("/reports/new", form(jpeg()))
    photo = Report.objects.get().photos.get()
    resp = web.get(f"/reports/photo/{photo.pk}/thumb")  # the reporter sees their own photo
    assert resp.status_code == 200 and resp["Content-Type"] == "image/jpeg"
    assert Client().get(f"/reports/photo/{photo.pk}/thumb").status_code == 404  # not accepted yet
    assert Client().get(f"/reports/photo/{photo.pk}/huge").status_code == 404
    assert Client().get("/reports/photo/999/full").status_code == 404


def test_the_periodic_job_runs_the_ladder(catalogue: Any, people: Any, regions: Any) -> None:
    from nuanxin.ops.jobs import escalate_reports

    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"],
                         accept_due_at=timezone.now() - timedelta(minutes=1))
    assert "escalated 1" in escalate_reports.call_local()
    report.refresh_from_db()
    assert report.escalations == 1


def test_extension_hours_not_a_number_is_refused_by_name(catalogue: Any, people: Any,
                                                        regions: Any) -> None:
    report = make_report(category=catalogue["road_hazard"], reporter=people["rider"],
                         region=regions["371702001001001"], status=Status.ACCEPTED)
    web = web_as(people["grid"])
    resp = web.post(f"/reports/handle/{report.pk}/extend", {"hours": "两天", "reason": "需要协调"},
                    follow=True)
    assert resp.status_code == 200 and "延期时长应为整数" in resp.content.decode()
    report.refresh_from_db()
    assert report.extension_hours is None and report.events.count() == 0


def test_pages_for_staff_only_send_others_back(catalogue: Any, people: Any) -> None:
    web = web_as(people["rider"])
    for url, refusal in (("/reports/handle/", "承办队列"), ("/reports/overview/", "查看统计")):
        resp = web.get(url, follow=True)
        assert resp.redirect_chain[-1][0] == "/reports/" and refusal in resp.content.decode()


def test_queue_unknown_status_is_named_not_an_empty_list(catalogue: Any, people: Any,
                                                         api_as: Any) -> None:
    resp = api_as(people["grid"]).get("/api/reports/queue", {"status": "bogus"})
    assert resp.status_code == 400 and resp.json()["field"] == "status"
    assert "状态只能是" in resp.json()["detail"]
    page = web_as(people["grid"]).get("/reports/handle/?status=bogus", follow=True)
    assert page.redirect_chain[-1][0] == "/reports/handle/"
    assert "状态只能是" in page.content.decode()
