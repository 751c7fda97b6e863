"""Campaign pages (phone first): coverage with drill-down, record an action, take the quiz."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from nuanxin.accounts.permissions import region_scope
from nuanxin.campaigns import selectors, services
from nuanxin.campaigns.models import ActionKind, Campaign, Material
from nuanxin.kernel.errors import DomainError
from nuanxin.people.selectors import current_user
from nuanxin.regions.selectors import ancestors


def _campaign(pk: int) -> Campaign:
    try:
        return selectors.get_campaign(pk)
    except DomainError:
        raise Http404 from None


def _int(value: str | None, field: str, label: str) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise DomainError(f"{label}须为整数", field=field) from None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/index.html", {"campaigns": selectors.campaigns()})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    at = campaign.region
    if request.GET.get("at"):
        try:
            at = selectors.within_campaign(campaign, request.GET["at"])
        except DomainError:
            raise Http404 from None
    trail = [r for r in ancestors(at) if r.path.startswith(campaign.region.path)]
    materials = dict(Material.choices)
    return render(request, "campaigns/detail.html", {
        "c": campaign, "at": at, "trail": trail, "cov": selectors.coverage(campaign, at),
        "rows": selectors.drill_down(campaign, at),
        "unreached": selectors.unreached(campaign, at)[:200],
        "figures": selectors.figures(campaign),
        "materials": [materials.get(m, m) for m in campaign.materials],
        "can_record": _can_record(request)})


def _can_record(request: HttpRequest) -> bool:
    scope = region_scope(current_user(request), roles=services.RECORDER_ROLES)
    return scope.everything or bool(scope.paths)


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    user = current_user(request)
    scope = region_scope(user, roles=services.RECORDER_ROLES)
    choices = selectors.villages(campaign.region).filter(scope.q("")).order_by("path")[:500]
    form = request.POST.dict() if request.method == "POST" else {}
    error: DomainError | None = None
    if request.method == "POST":
        try:
            action = services.record_action(actor=user, campaign_id=campaign.pk, draft=(
                services.ActionDraft(
                    village_code=form.get("village", ""), kind=form.get("kind", ""),
                    brochures=_int(form.get("brochures"), "brochures", "发放宣传册份数"),
                    people=_int(form.get("people"), "people", "覆盖人数"),
                    note=form.get("note", ""),
                    photos=[f.read() for f in request.FILES.getlist("photos")])))
        except DomainError as e:
            error = e
        else:
            messages.success(request, f"已记录：{action.village.name}，{action.get_kind_display()}")
            return HttpResponseRedirect(f"/campaigns/{campaign.pk}/")
    return render(request, "campaigns/record.html", {
        "c": campaign, "villages": choices, "kinds": ActionKind.choices, "form": form,
        "error": error}, status=400 if error else 200)


@login_required
def quiz(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    user = current_user(request)
    questions = list(campaign.questions.all())
    result: services.QuizResult | None = None
    error: DomainError | None = None
    if request.method == "POST":
        answers: list[int | None] = []
        for q in questions:
            raw = request.POST.get(f"q{q.pk}")
            answers.append(int(raw) if raw and raw.isdigit() else None)
        try:
            result = services.submit_quiz(user=user, campaign_id=campaign.pk, answers=answers)
        except DomainError as e:
            error = e
    return render(request, "campaigns/quiz.html", {
        "c": campaign, "questions": questions, "result": result, "error": error,
        "passed_before": selectors.has_passed(campaign, user.pk)})
