"""In Chromium at 360 x 740: a mediator takes a case from intake to an agreement PDF, and the
PDF's text is read back."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text

from nuanxin.mediation.models import MediationCase, Result, ViewLog
from nuanxin.reports.models import Report
from nuanxin.reports.states import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mediator_from_intake_to_agreement_pdf(live_server: Any, phone_page: Any,
                                               make_user: Any, regions: Any,
                                               tmp_path: Path) -> None:
    make_user(("mediator", "371702001001"), phone="13911113333", name="调解员老周")
    page, base = phone_page, live_server.url
    page.goto(f"{base}/login/?next=/mediation/new")
    page.fill("#id_username", "13911113333")
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_selector("#intake-form")
    page.select_option("#dispute_type", "labour")
    page.fill("#applicant_name_0", "骑手赵小刚")
    page.fill("#applicant_phone_0", "13800138000")
    page.fill("#respondent_name_0", "菏泽某某配送站")
    page.fill("#facts", "骑手在配送站工作三个月，站点以超时罚款为由扣发十一月工资一千二百元。")
    page.fill("#request", "补发被扣工资1200元")
    page.click("#intake-form button[type=submit]")
    page.wait_for_selector("#triage-form")
    assert "骑手赵小刚" in page.inner_text("#parties")  # the mediator in scope sees the party

    page.select_option("#difficulty", "simple")
    page.click("#triage-form button[type=submit]")
    page.wait_for_selector("text=已分级受理")
    assert "村(社区)调委会" in page.inner_text("#state") and "期限" in page.inner_text("#state")
    page.click("#take")
    page.wait_for_selector("text=已签收")

    page.fill("#present", "申请人赵小刚、配送站站长、调解员老周")
    page.fill("#record", "双方陈述：站点称超时罚款有规定，骑手称未见书面规定。经释法，站点同意退还。")
    page.click("#session-form button[type=submit]")
    page.wait_for_selector("text=调解笔录已保存")

    page.click("#agreement-form button[type=submit]")  # no terms: refused by name
    page.wait_for_selector("text=协议内容不能为空")
    assert MediationCase.objects.get().result == Result.OPEN

    page.fill("#terms", "配送站退还赵小刚被扣工资一千二百元，双方不再因此事发生争议。")
    page.fill("#performance", "银行转账至赵小刚本人账户")
    page.fill("#perform_by", (timezone.localdate() + timedelta(days=7)).isoformat())
    page.click("#agreement-form button[type=submit]")
    page.wait_for_selector("text=已达成调解协议")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "agreement.png"), full_page=True)

    href = page.get_attribute("#agreement-pdf", "href")
    response = page.request.get(f"{base}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = extract_text(io.BytesIO(response.body())).replace(" ", "").replace("\n", "")
    for expected in ("人民调解协议书", "骑手赵小刚", "菏泽某某配送站", "劳动争议",
                     "退还赵小刚被扣工资一千二百元", "银行转账至赵小刚本人账户", "签名",
                     "东安社区居委会人民调解委员会（盖章）"):
        assert expected in text, expected
    m = MediationCase.objects.get()
    assert Report.objects.get(pk=m.case_id).status == Status.RESOLVED
    assert ViewLog.objects.filter(what="调解协议书PDF").count() == 1
