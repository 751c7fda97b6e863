"""调解协议书 as a PDF in CJK type (ReportLab's built-in CID font STSong-Light, so no font
file ships with the project): parties, dispute, terms, how and by when they are
performed, and room for the parties' signatures and the committee's seal."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from nuanxin.mediation.selectors import Dossier

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=20, leading=28, alignment=1)
HEAD = ParagraphStyle("head", fontName=FONT, fontSize=12, leading=20, spaceBefore=8)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=19, wordWrap="CJK")


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def agreement_pdf(d: Dossier) -> bytes:
    """The agreement of a dossier that has one (the caller checked scope and logged)."""
    m, a = d.case, d.agreement
    assert a is not None
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm,
                            title=f"人民调解协议书 {m.number}", author=a.committee)
    story: list[object] = [_p("人民调解协议书", TITLE),
                           _p(f"编号：{m.number}", ParagraphStyle("no", parent=BODY, alignment=2))]
    story.append(_p("当事人", HEAD))
    for p in d.parties:
        story.append(_p(f"{p.side}：{p.name}" + (f"　联系电话：{p.phone}" if p.phone else "")))
    story += [_p("纠纷主要事实、争议事项", HEAD),
              _p(f"纠纷类型：{m.get_dispute_type_display()}"), _p(m.facts),
              _p(f"申请事项：{m.request}"),
              _p("经调解，自愿达成如下协议", HEAD), _p(a.terms),
              _p("履行方式、时限", HEAD),
              _p(f"{a.performance}；于{a.perform_by:%Y年%m月%d日}前履行完毕。"),
              _p("本协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会"
                 "印章之日起生效。本协议书一式三份，当事人各执一份，人民调解委员会留存一份。"
                 "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"),
              Spacer(1, 10 * mm)]
    rows = [[_p(f"{p.side}（签名）："), _p("")] for p in d.parties]
    rows.append([_p("人民调解员（签名）："), _p("")])
    table = Table(rows, colWidths=[60 * mm, 100 * mm], rowHeights=14 * mm)
    table.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.5, "#999999"),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    signed = timezone.localtime(a.created_at)
    story += [table, Spacer(1, 12 * mm),
              _p(f"{a.committee}（盖章）", ParagraphStyle("seal", parent=BODY, alignment=2)),
              _p(f"{signed:%Y年%m月%d日}", ParagraphStyle("date", parent=BODY, alignment=2))]
    doc.build(story)
    return buf.getvalue()
