"""Mediation API: the figures of a region and a case's agreement as a PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from nuanxin.accounts.permissions import region_scope, staff_scope
from nuanxin.kernel.errors import DomainError, PermissionDenied
from nuanxin.kernel.http import client_address
from nuanxin.mediation import selectors
from nuanxin.mediation.pdf import agreement_pdf
from nuanxin.mediation.rules import VIEW_ROLES
from nuanxin.people.selectors import current_user
from nuanxin.regions.selectors import get_region

router = Router(tags=["人民调解"])


class MediationFiguresOut(Schema):
    region: str
    cases: int
    agreements: int
    failed: int
    success_rate: float | None
    on_time_rate: float | None
    by_type: dict[str, int | float]
    by_level: dict[str, int | float]


@router.get("/mediation/figures/{region_code}", response=MediationFiguresOut,
            summary="辖区调解案件数、达成协议数、调解成功率、按期办结率")
def figures(request: HttpRequest, region_code: str) -> MediationFiguresOut:
    user = current_user(request)
    region = get_region(region_code, field="region_code")
    if not (staff_scope(user).covers(region)
            or region_scope(user, roles=VIEW_ROLES).covers(region)):
        raise PermissionDenied("只能查看本辖区的调解统计")
    f = selectors.figures(region)
    return MediationFiguresOut(region=region.code, cases=f.cases, agreements=f.agreements,
                      failed=f.failed, success_rate=f.success_rate,
                      on_time_rate=f.on_time_rate, by_type=f.by_type, by_level=f.by_level)


@router.get("/mediation/cases/{case_id}/agreement.pdf",
            summary="调解协议书PDF（仅辖区内调解员和工作人员，每次查看留痕）")
def agreement(request: HttpRequest, case_id: int) -> HttpResponse:
    d = selectors.dossier(viewer=current_user(request), mediation_id=case_id,
                          what="调解协议书PDF", ip_address=client_address(request) or None)
    if d.agreement is None:
        raise DomainError("该案件尚未达成调解协议", field="case_id")
    response = HttpResponse(agreement_pdf(d), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{d.case.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
