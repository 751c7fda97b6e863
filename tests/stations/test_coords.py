"""WGS-84 -> GCJ-02 -> BD-09 against published vectors.

The vectors below are copied verbatim from published test suites and READMEs
(each row names its source repository@commit and file). Tolerances follow the
notes that came with them: full-precision outputs of the standard formula pass
at 1e-9 degrees; hujiulong/gcoord's 7-decimal city fixtures differ from the
formula by about 5e-6 degrees, so they are checked at 1e-5.
"""

from __future__ import annotations

import pytest

from nuanxin.kernel import coords
from nuanxin.kernel.errors import DomainError

# (wgs_lng, wgs_lat, gcj_lng, gcj_lat, bd_lng, bd_lat, tolerance, source)
VECTORS = [
    (
        115.474791,
        35.2341281,
        115.4806643,
        35.2337533,
        115.4872077,
        35.2395659,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (菏泽市牡丹区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        118.6691133,
        37.4340828,
        118.6747727,
        37.4347542,
        118.6811594,
        37.4410954,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (东营市东营区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        118.3507002,
        35.1050725,
        118.3564505,
        35.1046753,
        118.3629807,
        35.1105563,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (临沂市兰山区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        122.1153583,
        37.5120328,
        122.1204275,
        37.5130732,
        122.1269695,
        37.5188934,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (威海市环翠区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        116.3515789,
        37.4332371,
        116.3574734,
        37.4340975,
        116.3640361,
        37.4398827,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (德州市德城区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        119.5214748,
        35.4170057,
        119.5269293,
        35.4167372,
        119.5333447,
        35.4230768,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (日照市东港区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        117.3178289,
        34.8112952,
        117.3237283,
        34.8104942,
        117.330272,
        34.8163837,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (枣庄市薛城区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        117.0815563,
        36.2000071,
        117.0876215,
        36.2002574,
        117.0941183,
        36.2062086,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (泰安市泰山区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        117.1138727,
        36.6507807,
        117.1200084,
        36.6512191,
        117.1264069,
        36.6575731,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (济南市历下区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        116.5819864,
        35.4154266,
        116.5872852,
        35.4149862,
        116.5938973,
        35.4206656,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (济宁市任城区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        118.0488554,
        36.8129763,
        118.0549295,
        36.8134923,
        118.0613825,
        36.8195768,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (淄博市张店区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        117.964816,
        37.3813475,
        117.9707086,
        37.3819854,
        117.9771116,
        37.3882845,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (滨州市滨城区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        119.1558626,
        36.7063222,
        119.1617632,
        36.7067803,
        119.1681414,
        36.7131325,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (潍坊市奎文区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        121.442718,
        37.4628409,
        121.4479424,
        37.4638254,
        121.4543577,
        37.4701643,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (烟台市莱山区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        115.9797951,
        36.4569596,
        115.9854633,
        36.4570353,
        115.9920505,
        36.4626959,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (聊城市东昌府区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        117.6708588,
        36.2138283,
        117.6767323,
        36.2138184,
        117.6832831,
        36.2195866,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (莱芜市莱城区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        120.3774765,
        36.0668365,
        120.3826123,
        36.0671124,
        120.3890645,
        36.0732465,
        1e-5,
        "hujiulong/gcoord@fedbaa105f198d5afc23fec2d60c0a0df32ef663 test/fixtures/china-cities.json (青岛市市南区; 7-decimal fixture; gcoord tests it with toBeCloseTo(x;4))",
    ),
    (
        114.363089,
        30.517411,
        114.36861383019243,
        30.515078352018758,
        114.3750500836037,
        30.521392123098003,
        1e-9,
        "feiquan123/coordtransform-go@2389b024fda56dace695c1766c164bf833fb1388 coordtransform_test.go (p; expWGS84toGCJ02; expWGS84toBD09; compared after Round(7))",
    ),
    (
        101.661135,
        34.440429,
        101.66287640059979,
        34.43883929697995,
        101.66933760125637,
        34.44495004574466,
        1e-9,
        "BNDong/coordtransform-php@03d621c81daf2468156f6ec8890a68d4b046cb01 test/test.php (JS output of wandergis/coordtransform printed in trailing comment; BD = gcj02tobd09(wgs84togcj02(p)))",
    ),
    (
        116.404,
        39.915,
        116.41024449916938,
        39.91640428150164,
        None,
        None,
        1e-9,
        "wandergis/coordtransform@0148136a26bbcbfb3f9aabd808d9bb401f13e9bf README.md (wgs84togcj02 result); same value asserted in athxx/coordtransform-rs@16f8ab4edc5adfa59c47d5ae236bc0c6a5a6ab6f src/lib.rs (tol 1e-12)",
    ),
    (
        121.4737,
        31.2304,
        121.47822305927693,
        31.22845773757727,
        None,
        None,
        1e-9,
        "athxx/coordtransform-rs@16f8ab4edc5adfa59c47d5ae236bc0c6a5a6ab6f src/lib.rs test shanghai_wgs84_to_gcj02 (published as 121.478_223_059_276_93 / 31.228_457_737_577_27; tol 1e-12)",
    ),
    (
        121.5272106,
        31.1774276,
        121.531541859215,
        31.17530398364597,
        None,
        None,
        1e-9,
        "googollee/eviltransform@3416646abc64972e899118271bd98030224d9d6c python/test.py TESTS shanghai (published lat-first; assertAlmostEqual 6 places)",
    ),
    (
        113.912316,
        22.543847,
        113.9171764808363,
        22.540796131694766,
        None,
        None,
        1e-9,
        "googollee/eviltransform@3416646abc64972e899118271bd98030224d9d6c python/test.py TESTS shenzhen (published lat-first; assertAlmostEqual 6 places)",
    ),
    (
        116.377817,
        39.911954,
        116.38404722455657,
        39.91334545536069,
        None,
        None,
        1e-9,
        "googollee/eviltransform@3416646abc64972e899118271bd98030224d9d6c python/test.py TESTS beijing (published lat-first; assertAlmostEqual 6 places)",
    ),
    (
        118.3013077,
        32.2719040,
        None,
        None,
        118.31309502519456,
        32.27614034221775,
        1e-9,
        "ipcjs/coordtransform_dart@0d2b4ac8cbd7635aa1b93212ea61d8dbf3a0c619 test/coordtransform_dart_test.dart (wgs84ToBd09; delta 1e-13)",
    ),
    (
        120,
        40,
        120.00567568355486,
        40.0013047896019,
        None,
        None,
        1e-9,
        'PyPI coord-convert 0.2.1 README (sshuair/coord-convert) as shown on https://libraries.io/pypi/coord-convert/0.2.1: wgs2gcj(120; 40) "the result should be"',
    ),
]


@pytest.mark.parametrize("row", VECTORS, ids=[r[-1][:40] for r in VECTORS])
def test_forward_matches_published(row: tuple) -> None:
    wlng, wlat, glng, glat, blng, blat, tol, _src = row
    if glng is not None:
        lng, lat = coords.from_wgs84(wlng, wlat, "gcj02")
        assert abs(lng - glng) < tol and abs(lat - glat) < tol
    if blng is not None:
        lng, lat = coords.from_wgs84(wlng, wlat, "bd09")
        assert abs(lng - blng) < tol and abs(lat - blat) < tol


@pytest.mark.parametrize("row", VECTORS, ids=[r[-1][:40] for r in VECTORS])
def test_inverse_recovers_wgs84(row: tuple) -> None:
    wlng, wlat, glng, glat, blng, blat, tol, _src = row
    if glng is not None:
        lng, lat = coords.to_wgs84(glng, glat, "gcj02")
        assert abs(lng - wlng) < tol and abs(lat - wlat) < tol
    if blng is not None:
        lng, lat = coords.to_wgs84(blng, blat, "bd09")
        assert abs(lng - wlng) < tol and abs(lat - wlat) < tol


def test_round_trip_is_exact_to_a_millimetre() -> None:
    for lng, lat in [(115.4748, 35.2341), (116.0, 34.5), (121.5, 31.2), (87.6, 43.8)]:
        for crs in ("gcj02", "bd09", "wgs84"):
            back = coords.to_wgs84(*coords.from_wgs84(lng, lat, crs), crs)
            assert abs(back[0] - lng) < 1e-9 and abs(back[1] - lat) < 1e-9


def test_outside_china_has_no_offset() -> None:
    assert coords.from_wgs84(2.3522, 48.8566, "gcj02") == (2.3522, 48.8566)
    assert coords.to_wgs84(-74.0, 40.7, "gcj02") == (-74.0, 40.7)


def test_unknown_crs_is_refused_in_chinese() -> None:
    with pytest.raises(DomainError) as exc:
        coords.to_wgs84(115.0, 35.0, "utm")
    assert exc.value.field == "crs"
    assert "坐标系" in exc.value.message


@pytest.mark.parametrize("lng,lat,field", [(115.0, 90.5, "lat"), (180.5, 35.0, "lng"),
                                           (115.0, float("nan"), "lat"), (115.0, 1e308, "lat")])
def test_a_point_off_the_globe_is_refused_in_chinese(lng: float, lat: float, field: str) -> None:
    for crs in ("wgs84", "gcj02", "bd09"):
        with pytest.raises(DomainError) as exc:
            coords.to_wgs84(lng, lat, crs)
        assert exc.value.field == field and "应在" in exc.value.message
