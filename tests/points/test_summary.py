"""Staff figures: a region's totals and its children's rows agree, in a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nuanxin.points import redemptions
from nuanxin.points.summary import figures, figures_by_child
from nuanxin.regions.models import Region


def _as_tuple(f):
    return (f.region.code, f.issued, f.spent, f.items, f.stock, f.by_status)


def test_child_rows_equal_each_childs_own_figures(make_worker, make_user, make_station,
                                                  make_item):
    op = make_user(("station_operator", "371702001001"))
    near = make_item(station=make_station(operator=op), price=10, stock=5)
    far = make_item(station=make_station(name="曹县食堂", code="371721001001"), price=7, stock=4)
    make_item(merchant_name="全市爱心超市", region_code="371700", price=3, stock=9)
    rider, far_rider = make_worker(points=100), make_worker(code="371721001001", points=40)
    used = redemptions.redeem(user=rider, item_id=near.pk)
    redemptions.confirm(operator=op, code=used.code)
    redemptions.redeem(user=rider, item_id=near.pk)
    gone = redemptions.redeem(user=far_rider, item_id=far.pk)
    redemptions.cancel(actor=far_rider, code=gone.code)

    city = Region.objects.get(code="371700")
    rows = figures_by_child(city)
    assert [_as_tuple(f) for f in rows] == [_as_tuple(figures(c)) for c in
                                            Region.objects.filter(parent=city).order_by("code")]
    mudan, caoxian = rows[0], rows[1]
    assert (mudan.issued, mudan.spent, mudan.items, mudan.stock) == (100, 10, 1, 3)
    assert mudan.by_status == {"held": 1, "confirmed": 1, "cancelled": 0, "expired": 0}
    assert (caoxian.issued, caoxian.items, caoxian.stock) == (40, 1, 4)
    assert caoxian.by_status["cancelled"] == 1
    total = figures(city)
    assert (total.issued, total.spent, total.items, total.stock) == (140, 10, 3, 16)


def test_child_rows_cost_the_same_queries_however_many_children(regions):
    city, county = Region.objects.get(code="371700"), Region.objects.get(code="371702")
    counts = []
    for region in (city, county):
        with CaptureQueriesContext(connection) as c:
            figures_by_child(region)
        counts.append(len(c))
    assert counts[0] == counts[1] == 4  # children + issued + redemptions + items
