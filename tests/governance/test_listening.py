"""书记赶集: sessions, requests recorded once per key, triage onto the case lifecycle."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test.client import BOUNDARY, encode_multipart
from django.utils import timezone

from nuanxin.accounts.sms import OutboxSender
from nuanxin.governance import selectors, services
from nuanxin.governance.models import ListeningRequest, ListeningSession, Outcome
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.reports import services as reports
from nuanxin.reports.escalation import tick
from nuanxin.reports.models import Origin, Report
from nuanxin.reports.states import Status

from .conftest import MARKET

pytestmark = pytest.mark.django_db


def ask(actor: Any, session: ListeningSession, key: str = "", phone: str = "13800138000",
        **kw: Any) -> tuple[ListeningRequest, bool]:
    data = services.RequestIn(category=kw.pop("category", "roads"),
                              description=kw.pop("description", "村口到集市的路坑洼积水，雨天没法走"),
                              resident_name="张三丰", resident_phone=phone, idempotency_key=key,
                              **kw)
    return services.record_request(actor=actor, session_id=session.pk, data=data)


def test_a_session_in_the_future_is_refused_and_nothing_saved(people: Any) -> None:
    with pytest.raises(DomainError) as e:
        services.create_session(actor=people["secretary"], township_code="371702001",
                                held_on=timezone.localdate() + timedelta(days=1),
                                market="东城大集", officials="街道书记", lng=MARKET[0], lat=MARKET[1])
    assert (e.value.field, e.value.message) == ("held_on", "赶集日期不能晚于今天")
    assert not ListeningSession.objects.exists()


def test_a_place_outside_the_township_is_refused(people: Any) -> None:
    with pytest.raises(DomainError) as e:  # 曹城街道's point, in another county
        services.create_session(actor=people["secretary"], township_code="371702001",
                                held_on=timezone.localdate(), market="曹县大集",
                                officials="街道书记", lng=115.5400, lat=34.8300)
    assert e.value.field == "location"


def test_staff_elsewhere_cannot_hold_or_record(people: Any, session: ListeningSession) -> None:
    with pytest.raises(PermissionDenied):
        ask(people["other"], session)
    with pytest.raises(PermissionDenied):
        ask(people["rider"], session)
    assert not ListeningRequest.objects.exists()


def test_a_resent_request_is_stored_once_and_personal_data_is_sealed(
        people: Any, session: ListeningSession) -> None:
    first, created = ask(people["village"], session, key="k-1")
    again, created_again = ask(people["village"], session, key="k-1")
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert ListeningRequest.objects.count() == 1
    assert (first.name_masked, first.phone_masked) == ("张**", "138****8000")
    assert "13800138000" not in first.phone_cipher and "张三丰" not in first.name_cipher


def test_bad_input_names_the_field(people: Any, session: ListeningSession) -> None:
    for kw, field in (({"category": "weather"}, "category"), ({"description": "坑"}, "description"),
                      ({"phone": "12345"}, "resident_phone")):
        with pytest.raises(DomainError) as e:
            ask(people["village"], session, **kw)
        assert e.value.field == field
    assert not ListeningRequest.objects.exists()


def test_solved_on_the_spot_texts_the_resident(people: Any, session: ListeningSession,
                                               django_capture_on_commit_callbacks: Any) -> None:
    req, _ = ask(people["village"], session)
    with pytest.raises(DomainError) as e:
        services.triage_request(actor=people["village"], request_id=req.pk, outcome="solved")
    assert e.value.field == "note"
    with django_capture_on_commit_callbacks(execute=True):
        services.triage_request(actor=people["village"], request_id=req.pk, outcome="solved",
                                note="当场联系村委会安排填平")
    req.refresh_from_db()
    assert (req.outcome, req.case_id) == (Outcome.SOLVED, None)
    assert OutboxSender.outbox == [("13800138000", "【暖新书记赶集】您在东城大集反映的问题已现场解决：当场联系村委会安排填平")]
    with pytest.raises(Conflict):
        services.triage_request(actor=people["village"], request_id=req.pk, outcome="case")


def test_a_case_rides_the_report_lifecycle_and_the_resident_hears_each_step(
        people: Any, session: ListeningSession, django_capture_on_commit_callbacks: Any) -> None:
    req, _ = ask(people["village"], session)
    with django_capture_on_commit_callbacks(execute=True):
        req = services.triage_request(actor=people["village"], request_id=req.pk, outcome="case")
    case = Report.objects.get(pk=req.case_id)
    assert (case.origin, case.status, case.region.name) == (Origin.LISTENING, Status.SUBMITTED,
                                                            "第1网格")
    assert case.accept_due_at is not None and "道路交通" in case.description
    assert OutboxSender.outbox[-1][0] == "13800138000" and "已转为工单" in OutboxSender.outbox[-1][1]
    # The grid worker signs late: the case climbs to the township (the ladder skips from a
    # grid to its township), and the resident hears.
    with django_capture_on_commit_callbacks(execute=True):
        assert tick(now=case.accept_due_at + timedelta(minutes=1)).escalated == 1
    case.refresh_from_db()
    assert case.region.code == "371702001"
    assert "已升级至东城街道" in OutboxSender.outbox[-1][1]
    with django_capture_on_commit_callbacks(execute=True):
        reports.act_on_case(user=people["secretary"], case_id=case.pk, step="accept")
        reports.act_on_case(user=people["secretary"], case_id=case.pk, step="reply",
                            text="已协调交通所，本周内修补路面")
    assert "本周内修补路面" in OutboxSender.outbox[-1][1]
    # 回访: the secretary calls the resident and records the answer; no points for staff.
    with django_capture_on_commit_callbacks(execute=True):
        reports.act_on_case(user=people["secretary"], case_id=case.pk, step="rate",
                            rating="satisfied")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.points_awarded is False
    assert "已办结" in OutboxSender.outbox[-1][1]
    figures = selectors.listening_figures(selectors.requests_under(session.township))
    assert (figures.requests, figures.solved, figures.cases, figures.finished,
            figures.on_time) == (1, 0, 1, 1, 1)


def test_a_request_without_a_phone_sends_no_sms(people: Any, session: ListeningSession,
                                                django_capture_on_commit_callbacks: Any) -> None:
    req, _ = ask(people["village"], session, phone="")
    with django_capture_on_commit_callbacks(execute=True):
        services.triage_request(actor=people["village"], request_id=req.pk, outcome="case")
    assert OutboxSender.outbox == []


def test_session_page_lists_requests_masked(client: Any, people: Any,
                                            session: ListeningSession) -> None:
    req, _ = ask(people["village"], session)
    services.triage_request(actor=people["village"], request_id=req.pk, outcome="case")
    client.force_login(people["village"])
    html = client.get(f"/governance/listening/{session.pk}/").content.decode()
    assert "138****8000" in html and "13800138000" not in html and "张三丰" not in html
    assert "转为工单" in html and Report.objects.get().number in html
    client.force_login(people["other"])
    assert client.get(f"/governance/listening/{session.pk}/").status_code == 403


def test_api_records_once_per_idempotency_key(api_as: Any, people: Any,
                                              session: ListeningSession) -> None:
    api = api_as(people["village"])
    url = f"/api/governance/sessions/{session.pk}/requests"
    body = {"category": "welfare", "description": "老人高龄补贴三个月没到账", "resident_phone": "13800138000"}
    data = encode_multipart(BOUNDARY, body)
    ctype = f"multipart/form-data; boundary={BOUNDARY}"
    first = api.post(url, data, content_type=ctype, HTTP_IDEMPOTENCY_KEY="abc")
    again = api.post(url, data, content_type=ctype, HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["resident_phone"] == "138****8000"
    bad = api.post(url, encode_multipart(BOUNDARY, {**body, "description": "短"}),
                   content_type=ctype)
    assert bad.status_code == 400 and bad.json()["field"] == "description"
    assert ListeningRequest.objects.count() == 1


def test_a_photo_is_cleaned_and_a_bad_one_refuses_the_request(people: Any, session: Any,
                                                              media_tmp: Any) -> None:
    from tests.reports.helpers import jpeg

    req, _ = ask(people["village"], session, photos=[jpeg(size=(800, 600))])
    assert req.image and (media_tmp / req.thumb).is_file()
    with pytest.raises(DomainError) as e:
        ask(people["village"], session, photos=[b"not an image"])
    assert e.value.field == "photos"
    assert ListeningRequest.objects.count() == 1


def test_a_village_secretary_holds_the_township_market(people: Any, client: Any) -> None:
    session = services.create_session(actor=people["village"], township_code="371702001",
                                      held_on=timezone.localdate(), market="东城大集",
                                      officials="社区书记")
    assert session.place.code == "371702001"  # no point given: the township's own
    req, _ = ask(people["grid"], session)
    services.triage_request(actor=people["village"], request_id=req.pk, outcome="case")
    client.force_login(people["village"])
    assert "东城大集" in client.get("/governance/listening/").content.decode()
    with pytest.raises(PermissionDenied):
        services.create_session(actor=people["other"], township_code="371702001",
                                held_on=timezone.localdate(), market="东城大集", officials="某某")


def test_a_key_reused_on_another_session_is_refused(people: Any, session: ListeningSession) -> None:
    _first, created = ask(people["village"], session, key="same-key")
    assert created
    other = services.create_session(actor=people["secretary"], township_code="371702001",
                                    held_on=timezone.localdate(), market="西头集",
                                    officials="街道书记", lng=MARKET[0], lat=MARKET[1])
    with pytest.raises(Conflict):
        ask(people["village"], other, key="same-key")
    assert ListeningRequest.objects.filter(session=other).count() == 0
