"""From intake to agreement and 回访 on the case ladder; failures; refusals; who sees what."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text

from nuanxin.accounts.models import User
from nuanxin.accounts.sms import OutboxSender
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.mediation import selectors, services
from nuanxin.mediation.models import Agreement, MediationCase, Party, Result, ViewLog
from nuanxin.mediation.pdf import agreement_pdf
from nuanxin.reports.escalation import tick
from nuanxin.reports.models import Origin, Report
from nuanxin.reports.states import Status

from .conftest import new_case

pytestmark = pytest.mark.django_db


def agree(m: MediationCase, who: User) -> Agreement:
    services.record_session(actor=who, mediation_id=m.pk, held_at=timezone.now(),
                            present="双方当事人、调解员", record="双方陈述了各自理由，同意共同出资疏通。")
    return services.reach_agreement(actor=who, mediation_id=m.pk,
                                    terms="王建国与李红梅各承担疏通费用一半，共计800元。",
                                    performance="双方现金支付给施工方",
                                    perform_by=timezone.localdate() + timedelta(days=10))


def test_simple_case_stays_in_the_village_and_ends_in_an_agreement(
        people: Any, django_capture_on_commit_callbacks: Any) -> None:
    m = new_case(people["staff"])
    assert [p.name_masked for p in Party.objects.filter(mediation=m)] == ["王**", "李**"]
    assert "王建国" not in str(list(Party.objects.values_list("name_cipher", flat=True)))
    with django_capture_on_commit_callbacks(execute=True):
        m = services.triage(actor=people["village"], mediation_id=m.pk, difficulty="simple")
    case = Report.objects.get(pk=m.case_id)
    assert (case.origin, case.region.code, case.status) == (
        Origin.MEDIATION, "371702001001", Status.SUBMITTED)
    assert case.accept_due_at is not None
    assert [(phone, "已转为工单" in text) for phone, text in OutboxSender.outbox] == [
        ("13800138000", True)]  # the applicant hears, by SMS
    agreement = agree(m, people["village"])
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.finished_on_time is True
    m.refresh_from_db()
    assert m.result == Result.AGREEMENT
    d = selectors.dossier(viewer=people["village"], mediation_id=m.pk)
    text = extract_text(io.BytesIO(agreement_pdf(d)))
    for expected in ("人民调解协议书", "王建国", "李红梅", "各承担疏通费用一半", "双方现金支付给施工方",
                     "盖章", "邻里"):
        assert expected in text.replace(" ", ""), expected
    assert agreement.committee.startswith("东安社区居委会")
    services.follow_up(actor=people["village"], mediation_id=m.pk, performed="yes", note="已付清")
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_hard_case_goes_to_the_county_and_the_village_cannot_act(people: Any) -> None:
    m = services.triage(actor=people["county"], mediation_id=new_case(people["staff"]).pk,
                        difficulty="hard")
    assert Report.objects.get(pk=m.case_id).region.code == "371702"
    with pytest.raises(PermissionDenied):
        services.take(actor=people["village"], mediation_id=m.pk)
    services.take(actor=people["county"], mediation_id=m.pk)
    assert Report.objects.get(pk=m.case_id).status == Status.ACCEPTED


def test_unresolved_case_climbs_the_same_ladder(people: Any) -> None:
    m = services.triage(actor=people["village"], mediation_id=new_case(people["staff"]).pk,
                        difficulty="simple")
    services.take(actor=people["village"], mediation_id=m.pk)
    case = Report.objects.get(pk=m.case_id)
    result = tick(now=case.resolve_due_at + timedelta(minutes=1))
    assert result.escalated == 1
    case.refresh_from_db()
    assert case.region.code == "371702001" and case.escalations == 1
    # Now the township's mediator holds it; the village mediator may no longer conclude it.
    with pytest.raises(PermissionDenied):
        agree(m, people["village"])
    agree(m, people["township"])
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_failure_records_reason_and_channels(people: Any) -> None:
    m = services.triage(actor=people["village"], mediation_id=new_case(
        people["staff"], dispute_type="labour").pk, difficulty="simple")
    services.record_failure(actor=people["village"], mediation_id=m.pk,
                            reason="平台方拒绝到场调解", channels=["labour_arbitration", "litigation"])
    case = Report.objects.get(pk=m.case_id)
    assert case.status == Status.ANSWERED
    assert "劳动人事争议仲裁、诉讼" in case.reply
    f = selectors.figures(m.intake_region.parent.parent)  # the district
    assert (f.cases, f.agreements, f.failed, f.success_rate) == (1, 0, 1, 0.0)


@pytest.mark.parametrize(("step", "field"), [
    ("agreement_without_terms", "terms"),
    ("follow_up_before_agreement", "performed"),
    ("agreement_without_session", "record"),
])
def test_bad_input_is_refused_by_field_and_nothing_is_half_saved(people: Any, step: str,
                                                                 field: str) -> None:
    v = people["village"]
    m = services.triage(actor=v, mediation_id=new_case(people["staff"]).pk, difficulty="simple")
    with pytest.raises(DomainError) as e:
        if step == "agreement_without_terms":
            services.record_session(actor=v, mediation_id=m.pk, held_at=timezone.now(),
                                    present="双方", record="双方陈述了各自的理由和诉求。")
            services.reach_agreement(actor=v, mediation_id=m.pk, terms="  ",
                                     performance="现金", perform_by=timezone.localdate())
        elif step == "follow_up_before_agreement":
            services.follow_up(actor=v, mediation_id=m.pk, performed="yes")
        else:
            services.reach_agreement(actor=v, mediation_id=m.pk, terms="各承担一半费用",
                                     performance="现金", perform_by=timezone.localdate())
    assert e.value.field == field
    assert e.value.message.isascii() is False
    assert not Agreement.objects.exists()
    m.refresh_from_db()
    assert m.result == Result.OPEN


def test_intake_refuses_a_missing_party_and_writes_nothing(people: Any) -> None:
    with pytest.raises(DomainError) as e:
        new_case(people["staff"], respondents=[services.PartyIn("  ")])
    assert e.value.field == "respondent"
    assert not MediationCase.objects.exists() and not Party.objects.exists()


def test_dossier_only_in_scope_and_every_view_logged(people: Any) -> None:
    m = new_case(people["staff"])
    with pytest.raises(PermissionDenied):
        selectors.dossier(viewer=people["other"], mediation_id=m.pk)
    with pytest.raises(PermissionDenied):
        selectors.dossier(viewer=people["rider"], mediation_id=m.pk)
    assert not ViewLog.objects.exists()
    d = selectors.dossier(viewer=people["staff"], mediation_id=m.pk)
    assert [p.name for p in d.parties] == ["王建国", "李红梅"]
    selectors.dossier(viewer=people["county"], mediation_id=m.pk)
    assert list(ViewLog.objects.order_by("at", "id").values_list("viewer__display_name", flat=True)) == [
        "社区书记", "区调解员"]


def test_not_performed_reopens_for_a_revised_agreement(people: Any) -> None:
    v = people["village"]
    m = services.triage(actor=v, mediation_id=new_case(people["staff"]).pk, difficulty="simple")
    agree(m, v)
    services.follow_up(actor=v, mediation_id=m.pk, performed="no", note="被申请人未付款")
    case = Report.objects.get(pk=m.case_id)
    assert case.status == Status.IN_PROGRESS and case.rework_count == 1
    m.refresh_from_db()
    assert m.result == Result.OPEN
    revised = services.reach_agreement(actor=v, mediation_id=m.pk, terms="被申请人分两期付清八百元",
                                       performance="银行转账",
                                       perform_by=timezone.localdate() + timedelta(days=20))
    assert Agreement.objects.get(mediation=m).pk == revised.pk
    assert revised.terms == "被申请人分两期付清八百元"
    assert Report.objects.get(pk=m.case_id).status == Status.RESOLVED


def test_escalation_tells_the_next_rungs_mediators(people: Any) -> None:
    from nuanxin.notifications.models import Notification

    m = services.triage(actor=people["village"], mediation_id=new_case(people["staff"]).pk,
                        difficulty="complex")
    case = Report.objects.get(pk=m.case_id)
    assert case.region.code == "371702001"
    assert Notification.objects.filter(user=people["township"]).exists()
    assert not Notification.objects.filter(user=people["staff"]).exists()  # not a handler
    tick(now=case.accept_due_at + timedelta(minutes=1))
    assert Report.objects.get(pk=case.pk).region.code == "371702"
    assert Notification.objects.filter(user=people["county"], title__contains="催办").exists()


def test_signed_scan_upload(people: Any, settings: Any, tmp_path: Any, client: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    v = people["village"]
    m = services.triage(actor=v, mediation_id=new_case(people["staff"]).pk, difficulty="simple")
    with pytest.raises(DomainError) as e:
        services.attach_signed_scan(actor=v, mediation_id=m.pk, data=b"%PDF-1.4 x")
    assert e.value.field == "scan"
    agree(m, v)
    with pytest.raises(DomainError):
        services.attach_signed_scan(actor=v, mediation_id=m.pk, data=b"not a scan")
    services.attach_signed_scan(actor=v, mediation_id=m.pk, data=b"%PDF-1.4 signed")
    client.force_login(people["staff"])
    got = client.get(f"/mediation/{m.pk}/scan")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 signed"
    assert ViewLog.objects.filter(viewer=people["staff"], what="协议书扫描件").exists()
    client.force_login(people["other"])
    assert client.get(f"/mediation/{m.pk}/scan").status_code == 403
