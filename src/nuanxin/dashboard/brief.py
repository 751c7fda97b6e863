"""The monthly brief (月度工作简报): an A4 PDF of a region's month for the department.

Figures of the month beside the month before, the children's reports as a bar chart, six
months of reports as a line chart, and the longest-overdue reports. ReportLab with the
STSong-Light CID font (built into every PDF reader), so no font file is needed. The brief
leaves the department: a village's count of people under 5 is printed as "<5".
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

from django.utils import timezone
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from nuanxin.dashboard import sections
from nuanxin.dashboard.periods import Period, month_of
from nuanxin.dashboard.present import SMALL_NOTE, cell, text
from nuanxin.kernel.figures import Figure
from nuanxin.regions.models import Region
from nuanxin.regions.selectors import children
from nuanxin.reports.selectors import live_in

FONT = "STSong-Light"
TOP_OVERDUE = 10
BRAND = colors.HexColor("#d9480f")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    f = _font()
    return {
        "title": ParagraphStyle("title", fontName=f, fontSize=17, leading=24, spaceAfter=4),
        "h2": ParagraphStyle("h2", fontName=f, fontSize=12.5, leading=18, spaceBefore=8,
                             spaceAfter=4, textColor=BRAND),
        "body": ParagraphStyle("body", fontName=f, fontSize=9.5, leading=14),
        "small": ParagraphStyle("small", fontName=f, fontSize=8, leading=11,
                                textColor=colors.grey),
        "cell": ParagraphStyle("cell", fontName=f, fontSize=8.5, leading=11),
    }


def previous(month: Period) -> Period:
    return month_of(month.start.replace(day=1) - timedelta(days=1))


def _change(now: Figure, before: Figure | None) -> str:
    if before is None or now.value is None or before.value is None:
        return "—"
    diff = now.value - before.value
    if now.unit == "%":
        return f"{diff:+.1f}个百分点"
    pct = f"（{diff / before.value:+.1%}）" if before.value else ""
    return f"{diff:+,.0f}{pct}"


def _table(rows: list[list[Any]], widths: list[float], st: dict[str, ParagraphStyle]) -> Table:
    body = [[Paragraph(str(c), st["cell"]) for c in row] for row in rows]
    t = Table(body, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#ced4da")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#fff4e6")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return t


def _bar(title: str, names: list[str], values: list[float]) -> Drawing:
    d = Drawing(170 * mm, 62 * mm)
    d.add(String(0, 58 * mm, title, fontName=_font(), fontSize=9))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, 152 * mm, 40 * mm
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = [n[:4] for n in names] or [""]
    chart.categoryAxis.labels.fontName = _font()
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = BRAND
    d.add(chart)
    return d


def _line(title: str, months: list[str], series: list[list[float]]) -> Drawing:
    d = Drawing(170 * mm, 58 * mm)
    d.add(String(0, 54 * mm, title, fontName=_font(), fontSize=9))
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, 152 * mm, 38 * mm
    chart.data = series
    chart.categoryAxis.categoryNames = months
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.lines[0].strokeColor = BRAND
    if len(series) > 1:
        chart.lines[1].strokeColor = colors.HexColor("#1971c2")
    d.add(chart)
    return d


def _value(figs: sections.Figures, section: str, key: str) -> float:
    fig = figs.get(section, {}).get(key)
    return float(fig.value) if fig is not None and fig.value is not None else 0.0


def build_brief(region: Region, month: Period) -> bytes:
    st = _styles()
    before = previous(month)
    now_figs = sections.compute(region, month.start, month.end)
    old_figs = sections.compute(region, before.start, before.end)
    story: list[Any] = [
        Paragraph(f"{region.name}新就业群体工作月度简报", st["title"]),
        Paragraph(f"{month.start.year}年{month.start.month}月 · 统计区间 {month.label} · "
                  f"生成于 {timezone.localtime():%Y-%m-%d %H:%M} · 所有数字均由系统记录统计",
                  st["small"]),
        Paragraph("一、本月数据与上月对比", st["h2"]),
    ]
    rows: list[list[Any]] = [["板块", "指标", "本月", "上月", "变化"]]
    for name, keys in now_figs.items():
        for key, fig in keys.items():
            old = old_figs.get(name, {}).get(key)
            shown = cell(fig, region.level, export=True)
            rows.append([sections.title(name), fig.label,
                         shown if shown == "<5" else text(fig),
                         text(old) if old is not None else "—", _change(fig, old)])
    story.append(_table(rows, [20 * mm, 72 * mm, 28 * mm, 28 * mm, 26 * mm], st))

    kids = list(children(region))
    if kids:
        grouped = sections.compute_children(region, kids, month.start, month.end)
        story += [Paragraph("二、下级区域", st["h2"]), _bar(
            "本月收到随手拍(件)", [k.name for k in kids],
            [_value(grouped[k.code], "reports", "received") for k in kids])]
    months = [before.start]
    while len(months) < 6:
        months.insert(0, previous(month_of(months[0])).start)
    periods = [month_of(m) for m in months[1:]] + [month]
    trend = [sections.compute(region, p.start, p.end) if p != month else now_figs
             for p in periods]
    story += [Paragraph("三、近六个月趋势", st["h2"]), _line(
        "收到随手拍(件，橙) 与 按期办结(件，蓝)", [f"{p.start:%m}月" for p in periods],
        [[_value(f, "reports", "received") for f in trend],
         [_value(f, "reports", "on_time") for f in trend]])]

    overdue = list(live_in(region, "overdue")[:TOP_OVERDUE])
    story.append(Paragraph(f"四、超期时间最长的随手拍（前{TOP_OVERDUE}件）", st["h2"]))
    if overdue:
        rows = [["编号", "类别", "属地", "状态", "期限"]] + [[
            r.number, r.category.name, r.home_region.name, r.get_status_display(),
            f"{timezone.localtime(r.resolve_due_at or r.accept_due_at):%m-%d %H:%M}"
            if (r.resolve_due_at or r.accept_due_at) else ""] for r in overdue]
        story.append(_table(rows, [30 * mm, 32 * mm, 56 * mm, 26 * mm, 30 * mm], st))
    else:
        story.append(Paragraph("本区域目前没有超期的随手拍。", st["body"]))
    story += [Spacer(1, 6 * mm), Paragraph(SMALL_NOTE, st["small"])]

    out = BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=16 * mm, bottomMargin=16 * mm,
                      title=f"{region.name}月度工作简报 {month.start:%Y-%m}",
                      author="市委社会工作部").build(story)
    return out.getvalue()
