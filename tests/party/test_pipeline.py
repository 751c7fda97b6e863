"""发展党员: strict order, dates never before the previous step, a year of probation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine

from nuanxin.accounts.models import User
from nuanxin.kernel.errors import Conflict, DomainError, PermissionDenied
from nuanxin.party.models import Candidate, Step
from nuanxin.party.selectors import counts_by_year
from nuanxin.party.services import advance, record_application
from tests.party.conftest import phone_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(orgs: Any, party_staff: Callable[..., User]) -> User:
    return party_staff(orgs.dongcheng)


@pytest.fixture
def candidate(make_worker: Callable[..., User], orgs: Any, staff: User) -> Candidate:
    applicant = make_worker(name="申请人")
    return record_application(actor=staff, organisation_id=orgs.dongan.pk,
                              phone=phone_of(applicant), on=date(2024, 3, 1))


@time_machine.travel("2026-06-01 10:00 +0800")
def test_the_five_steps_in_order(candidate: Candidate, staff: User) -> None:
    advance(actor=staff, candidate_id=candidate.pk, stage="activist", on=date(2024, 4, 1),
            people="张建国、李丽")
    advance(actor=staff, candidate_id=candidate.pk, stage="candidate", on=date(2024, 10, 8),
            people="张建国、李丽")
    advance(actor=staff, candidate_id=candidate.pk, stage="probationary", on=date(2024, 12, 1),
            people="王志强、赵红")
    advance(actor=staff, candidate_id=candidate.pk, stage="full", on=date(2025, 12, 1))
    steps = list(Step.objects.filter(candidate=candidate).values_list("stage", "on"))
    assert [s for s, _ in steps] == ["application", "activist", "candidate", "probationary",
                                     "full"]
    with pytest.raises(Conflict) as e:
        advance(actor=staff, candidate_id=candidate.pk, stage="full", on=date(2026, 1, 1))
    assert "发展流程已完成" in e.value.message


@time_machine.travel("2026-06-01 10:00 +0800")
def test_a_step_out_of_order_is_refused_and_changes_nothing(candidate: Candidate,
                                                           staff: User) -> None:
    with pytest.raises(DomainError) as e:
        advance(actor=staff, candidate_id=candidate.pk, stage="candidate", on=date(2024, 5, 1),
                people="张建国")
    assert e.value.field == "stage"
    assert e.value.message == "当前阶段是“递交入党申请书”，下一步只能是“入党积极分子”"
    assert Step.objects.filter(candidate=candidate).count() == 1
    assert Candidate.objects.get(pk=candidate.pk).stage == "application"


@time_machine.travel("2026-06-01 10:00 +0800")
def test_a_date_before_the_previous_step_is_refused(candidate: Candidate, staff: User) -> None:
    with pytest.raises(DomainError) as e:
        advance(actor=staff, candidate_id=candidate.pk, stage="activist", on=date(2024, 2, 28),
                people="张建国")
    assert e.value.field == "on" and "不能早于上一步" in e.value.message
    assert "2024-03-01" in e.value.message
    with pytest.raises(DomainError) as e:
        advance(actor=staff, candidate_id=candidate.pk, stage="activist", on=date(2026, 6, 2),
                people="张建国")
    assert "不能晚于今天" in e.value.message
    assert Step.objects.filter(candidate=candidate).count() == 1


@time_machine.travel("2026-06-01 10:00 +0800")
def test_full_membership_only_after_the_probation_year(candidate: Candidate,
                                                      staff: User) -> None:
    for stage, on in (("activist", date(2024, 4, 1)), ("candidate", date(2024, 10, 1)),
                      ("probationary", date(2025, 6, 10))):
        advance(actor=staff, candidate_id=candidate.pk, stage=stage, on=on, people="张建国")
    with pytest.raises(DomainError) as e:
        advance(actor=staff, candidate_id=candidate.pk, stage="full", on=date(2026, 5, 31))
    assert e.value.message == "预备期一年，2026-06-10起才能转为正式党员"
    assert Candidate.objects.get(pk=candidate.pk).stage == "probationary"


@time_machine.travel("2026-06-01 10:00 +0800")
def test_introducers_are_required_and_nobody_records_their_own_step(
        candidate: Candidate, staff: User, orgs: Any, party_staff: Callable[..., User]) -> None:
    with pytest.raises(DomainError) as e:
        advance(actor=staff, candidate_id=candidate.pk, stage="activist", on=date(2024, 4, 1))
    assert e.value.message == "请填写培养联系人"
    with pytest.raises(PermissionDenied):
        advance(actor=party_staff(orgs.caoxian), candidate_id=candidate.pk, stage="activist",
                on=date(2024, 4, 1), people="张建国")
    with pytest.raises(PermissionDenied):
        record_application(actor=staff, organisation_id=orgs.dongan.pk, phone=phone_of(staff),
                           on=date(2024, 4, 1))


@time_machine.travel("2026-06-01 10:00 +0800")
def test_counts_by_year_and_region(candidate: Candidate, staff: User, regions: Any,
                                   make_worker: Callable[..., User], orgs: Any) -> None:
    advance(actor=staff, candidate_id=candidate.pk, stage="activist", on=date(2025, 1, 5),
            people="张建国")
    other = make_worker(name="另一人")
    record_application(actor=staff, organisation_id=orgs.dongan.pk, phone=phone_of(other),
                       on=date(2025, 2, 1))
    counts = counts_by_year(regions["371702"], date(2024, 1, 1), date(2027, 1, 1))
    assert counts[2024]["application"] == 1 and counts[2024]["activist"] == 0
    assert counts[2025]["application"] == 1 and counts[2025]["activist"] == 1
    assert counts_by_year(regions["371721"], date(2024, 1, 1), date(2027, 1, 1)) == {}
