"""Issue 11, items 4 and 5, as a rider on a 360-px phone: sign in by SMS code, reset a
forgotten password by SMS, keep the region chosen before asking for a code, a countdown
on the code button, a real /me/ page, one punctuation mark per error, and a home page
with the rider's own numbers ("我的站点" only for station operators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nuanxin.accounts.models import User
from tests.rider.conftest import last_code, valid_id_number
from tests.rider.helpers import PASSWORD, fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rider_signs_in_with_an_sms_code_and_the_button_counts_down(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        sms_outbox: list[tuple[str, str]]) -> None:
    make_rider(phone="13612340001")
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="短信验证码登录").click()
    page.get_by_label("手机号").fill("13612340001")
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text() == "验证码已发送，5分钟内有效"
    button = page.locator(".code-btn")
    assert button.is_disabled()
    first = button.inner_text()
    assert first.endswith("秒后重新获取")
    page.wait_for_timeout(1100)
    assert button.inner_text() != first  # it counts
    page.get_by_label("短信验证码").fill("000000" if last_code(sms_outbox, "13612340001")
                                       != "000000" else "111111")
    page.get_by_role("button", name="登录", exact=True).click()
    assert page.locator(".errorlist").inner_text() == "验证码错误或已过期"
    assert page.get_by_label("手机号").input_value() == "13612340001"
    page.get_by_label("短信验证码").fill(last_code(sms_outbox, "13612340001"))
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("header nav a").inner_text() == "外卖小哥"
    assert fits_phone(page)


def test_rider_resets_a_forgotten_password_by_sms(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        sms_outbox: list[tuple[str, str]]) -> None:
    make_rider(phone="13612340002")
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="忘记密码").click()
    page.get_by_label("手机号").fill("13612340002")
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_load_state()
    assert page.locator(".code-btn").is_disabled()
    page.get_by_label("短信验证码").fill(last_code(sms_outbox, "13612340002"))
    page.get_by_label("新密码（至少8位，不能全为数字）").fill("12345678")
    page.get_by_role("button", name="重设密码").click()
    error = page.locator(".errorlist").inner_text()
    assert error.startswith("密码不符合要求：")
    # one punctuation mark between reasons, none doubled ("…了。；…" before)
    assert "。；" not in error and "；；" not in error and not error.endswith("。")
    assert error.count("；") >= 1
    page.get_by_label("新密码（至少8位，不能全为数字）").fill("green-tea-2026")
    page.get_by_role("button", name="重设密码").click()  # the same code: a refusal did not burn it
    page.wait_for_url(f"{live_server.url}/login/")
    assert page.locator(".messages").inner_text() == "密码已重设，请用新密码登录"
    page.get_by_label("手机号").fill("13612340002")
    page.get_by_label("密码", exact=True).fill("green-tea-2026")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")
    assert fits_phone(page)


def test_the_region_chosen_stays_after_asking_for_a_code(
        live_server: Any, phone_page: Any, regions: Any,
        sms_outbox: list[tuple[str, str]]) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/register/")
    page.get_by_label("手机号").fill("13612340003")
    page.locator("#pick-county").select_option(label="牡丹区")
    page.locator("#pick-township option[value='371702001']").wait_for(state="attached")
    page.locator("#pick-township").select_option(label="东城街道")
    page.locator("#pick-village option[value='371702001006']").wait_for(state="attached")
    page.locator("#pick-village").select_option(label="双河社区居委会")
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text() == "如该手机号可以使用，验证码已发送，请查收短信（5分钟内有效）"
    page.wait_for_function("document.getElementById('pick-village').value === '371702001006'")
    assert page.locator("#pick-county option:checked").inner_text() == "牡丹区"
    assert page.locator("#pick-township option:checked").inner_text() == "东城街道"
    assert page.locator("#pick-village option:checked").inner_text() == "双河社区居委会"
    assert page.locator(".code-btn").is_disabled()
    # and the registration goes through with it
    page.get_by_label("短信验证码").fill(last_code(sms_outbox, "13612340003"))
    page.get_by_label("设置密码（至少8位，不能全为数字）").fill("green-tea-2026")
    page.get_by_label("我是").select_option(label="网约配送员")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.locator(".card p", has_text="主要工作区域").inner_text() == "主要工作区域：双河社区居委会"


def test_me_page_edits_the_profile_adds_the_real_name_later_and_shows_my_numbers(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User]) -> None:
    from nuanxin.notifications.services import notify

    rider = make_rider(phone="13612340004", points=35)
    notify(rider, "报名成功", "您已报名“骑手体检”")
    page = phone_page
    login(page, live_server.url, "13612340004", "/me/")
    assert page.locator("#fact-points .count").inner_text() == "35"
    assert page.locator("#fact-unread .count").inner_text() == "1"
    assert page.locator("#fact-signups .count").inner_text() == "0 项"
    assert page.locator("#real-name-state").inner_text() == "实名信息：未填写"

    page.get_by_label("称呼").fill("老王")
    page.get_by_label("平台或企业").fill("饿了么")
    page.get_by_role("button", name="保存资料").click()
    assert page.locator(".messages").inner_text() == "资料已保存"
    assert page.locator("h1").inner_text() == "老王"
    assert page.get_by_label("平台或企业").input_value() == "饿了么"

    page.get_by_label("真实姓名").fill("王小明")
    page.get_by_label("身份证号").fill("37170219900101123X")  # a wrong check digit
    page.get_by_role("button", name="提交实名信息").click()
    assert page.locator("#identity .errorlist").count() == 1
    number = valid_id_number()
    page.get_by_label("身份证号").fill(number)
    page.get_by_role("button", name="提交实名信息").click()
    assert page.locator(".messages").inner_text() == "实名信息已提交，可以申请保险等权益了"
    state = page.locator("#real-name-state").inner_text()
    assert state.startswith("实名信息：已填写，待社区核验") and number not in state
    page.locator("#fact-points").click()
    page.wait_for_url(f"{live_server.url}/points/")
    assert fits_phone(page)


def test_home_shows_points_and_unread_and_my_stations_only_to_operators(
        live_server: Any, phone_page: Any, make_rider: Callable[..., User],
        make_user: Callable[..., User]) -> None:
    from nuanxin.notifications.services import notify
    from nuanxin.regions.models import Region
    from nuanxin.stations.models import Station

    rider = make_rider(phone="13612340005", points=120)
    for n in range(3):
        notify(rider, f"通知{n}", "内容")
    page = phone_page
    login(page, live_server.url, "13612340005", "/")
    tiles = page.locator(".grid-links")
    assert tiles.get_by_role("link", name="我的积分").locator(".count").inner_text() == "120"
    assert tiles.get_by_role("link", name="消息").locator(".count").inner_text() == "3"
    assert tiles.get_by_role("link", name="我的站点").count() == 0
    assert fits_phone(page)

    operator = make_user(phone="13612340006")
    region = Region.objects.get(code="371702001001")
    Station.objects.create(name="东安驿站", kind="warm_station", region=region,
                           lng=region.lng or 0, lat=region.lat or 0, operator=operator)
    page.context.clear_cookies()
    login(page, live_server.url, "13612340006", "/")
    page.locator(".grid-links").get_by_role("link", name="我的站点").click()
    page.wait_for_url(f"{live_server.url}/stations/mine/")
    assert PASSWORD
