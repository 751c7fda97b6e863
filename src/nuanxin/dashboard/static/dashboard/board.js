/* The dashboard: children as a choropleth (Leaflet), monthly trends (ECharts). */
(function () {
  "use strict";
  var COLORS = ["#fff4e6", "#ffd8a8", "#ffa94d", "#fd7e14", "#d9480f"];
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var trend = JSON.parse(document.getElementById("trend-data").textContent);

  function colour(v, lo, hi) {
    if (v === null || v === undefined) return "#e9ecef";
    if (hi <= lo) return COLORS[COLORS.length - 1];
    var i = Math.min(COLORS.length - 1, Math.floor((v - lo) / (hi - lo) * COLORS.length));
    return COLORS[i];
  }

  function drawMap() {
    var el = document.getElementById("map");
    if (!el || !window.L) return;
    var map = L.map(el, {attributionControl: false, zoomSnap: 0.25});
    var values = data.features.map(function (f) { return f.properties.value; })
      .filter(function (v) { return v !== null; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var layer = L.geoJSON(data, {
      style: function (f) {
        return {color: "#868e96", weight: 1, fillOpacity: 0.85,
                fillColor: colour(f.properties.value, lo, hi)};
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {radius: 11, color: "#495057", weight: 1, fillOpacity: 0.9,
                                       fillColor: colour(f.properties.value, lo, hi)});
      },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.name + "：" + f.properties.text, {sticky: true});
        l.on("click", function () { window.location.href = f.properties.link; });
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, {padding: [16, 16], maxZoom: 13});
    else map.setView([35.23, 115.47], 8);
    el.dataset.features = String(data.features.length);
    el.dataset.boundaries = data.boundaries ? "1" : "0";
  }

  function drawTrends() {
    var box = document.getElementById("trend");
    if (!box || !window.echarts) return;
    trend.series.forEach(function (s, i) {
      var div = document.createElement("div");
      div.className = "trend-one";
      box.appendChild(div);
      var chart = echarts.init(div, null, {renderer: "svg"});
      chart.setOption({
        title: {text: s.name, textStyle: {fontSize: 12, fontWeight: "normal"}},
        grid: {left: 48, right: 12, top: 30, bottom: 24},
        tooltip: {trigger: "axis"},
        xAxis: {type: "category", data: trend.months},
        yAxis: {type: "value", name: s.unit, nameTextStyle: {fontSize: 10}},
        series: [{type: i % 2 ? "bar" : "line", data: s.data, smooth: true,
                  itemStyle: {color: "#d9480f"}}]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
    box.dataset.charts = String(trend.series.length);
  }

  drawMap();
  drawTrends();
})();
