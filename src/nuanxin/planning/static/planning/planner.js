/* The planner page: coverage cells, then the greedy sites at once, then the exact ones. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("cfg").textContent);
  var form = document.getElementById("plan");
  var map = L.map("map", { preferCanvas: true, zoomSnap: 0.25 }).setView([35.24, 115.48], 9);
  var cellLayer = L.layerGroup().addTo(map), siteLayer = L.layerGroup().addTo(map);
  var stationLayer = L.layerGroup().addTo(map), whatLayer = L.layerGroup().addTo(map);
  var last = null, closeSet = {}, addList = [];
  var $ = function (id) { return document.getElementById(id); };

  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function pct(x) { return (x * 100).toFixed(1) + "%"; }
  function params() {
    return { region: form.region.value, service: form.service.value,
      radius: parseFloat(form.radius.value), k: parseInt(form.k.value, 10) };
  }
  function call(method, url, body) {
    var opts = { method: method, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json" } };
    if (body) opts.body = JSON.stringify(body);
    return fetch(url, opts).then(function (r) {
      if (r.ok) return r;
      return r.json().then(function (e) { throw e; }, function () { throw { detail: "请求失败（" + r.status + "）" }; });
    });
  }
  function fail(e) {
    $("solving").hidden = true;
    $("error").textContent = (e && e.detail) || "请求失败";
  }
  function drawCells(c) {
    cellLayer.clearLayers(); stationLayer.clearLayers();
    var max = 1;
    c.features.forEach(function (f) { if (f.weight > max) max = f.weight; });
    var bounds = [];
    c.features.forEach(function (f) {
      var color = f.covered ? "#2b8a3e" : "#c92a2a";
      L.polygon(f.ring, { color: color, weight: 0.6, fillColor: color,
        fillOpacity: 0.25 + 0.55 * Math.sqrt(f.weight / max), className: f.covered ? "cell-ok" : "cell-bad" })
        .bindTooltip((f.covered ? "已覆盖" : "未覆盖") + "：需求 " + f.weight).addTo(cellLayer);
      bounds.push.apply(bounds, f.ring);
    });
    (c.station_points || []).forEach(function (s) {
      var m = L.circleMarker([s.lat, s.lng], { radius: 3, color: "#fff", weight: 0.5, fillColor: "#1c7ed6", fillOpacity: 1 })
        .bindTooltip(s.name + "（点击假设关闭）").addTo(stationLayer);
      m.on("click", function (ev) {
        L.DomEvent.stopPropagation(ev);
        if (closeSet[s.id]) { delete closeSet[s.id]; m.setStyle({ fillColor: "#1c7ed6" }); }
        else { closeSet[s.id] = s.name; m.setStyle({ fillColor: "#868e96" }); }
        showWhatIf();
      });
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20] });
  }
  function drawSites(plan, exact) {
    siteLayer.clearLayers();
    var list = $("sites"); list.innerHTML = "";
    plan.sites.forEach(function (s, i) {
      L.marker([s.lat, s.lng], { icon: L.divIcon({ className: "site-pin", html: String(i + 1), iconSize: [26, 26] }),
        title: s.name, alt: s.name }).bindTooltip((i + 1) + ". " + s.name).addTo(siteLayer);
      var li = document.createElement("li");
      li.textContent = s.name + "（" + (s.county || "") + (s.region ? " · " + s.region : "") + "）新增覆盖 " + pct(s.gain);
      list.appendChild(li);
    });
    var how = exact ? (plan.status === "optimal" ? "精确最优解" : "限时最好解") + "（HiGHS）· 最优性间隙 " + (plan.gap * 100).toFixed(2) + "%"
                    : "贪心方案（即时）";
    $("answer").textContent = how + "：覆盖率 " + pct(plan.covered_before) + " → " + pct(plan.covered_after) +
      "，" + plan.sites.length + " 个站址，候选 " + plan.candidates + " 个，用时 " + plan.seconds.toFixed(2) + " 秒";
    $("answer").dataset.solver = plan.solver;
  }
  function progress(limit) {
    var started = Date.now(), bar = $("bar");
    $("solving").hidden = false;
    var t = setInterval(function () {
      var s = (Date.now() - started) / 1000;
      bar.value = Math.min(99, 100 * s / limit);
      $("solving-text").textContent = "正在精确求解… " + s.toFixed(1) + " 秒（时限 " + limit + " 秒，超时返回当前最好解及间隙）";
    }, 100);
    return function () { clearInterval(t); $("solving").hidden = true; };
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var p = params();
    $("status").hidden = false; $("error").textContent = ""; $("answer").textContent = "";
    $("share").textContent = "正在计算覆盖率…"; $("export").disabled = true;
    siteLayer.clearLayers(); $("sites").innerHTML = ""; closeSet = {}; addList = []; whatLayer.clearLayers(); showWhatIf();
    var q = "?region=" + encodeURIComponent(p.region) + "&service=" + encodeURIComponent(p.service) +
      "&radius=" + encodeURIComponent(form.radius.value) + "&cells=true";
    call("GET", "/api/planning/coverage" + q).then(function (r) { return r.json(); }).then(function (c) {
      $("share").textContent = "现有覆盖率 " + pct(c.share) + "（" + c.cells + " 个需求单元，" + c.stations +
        " 个区内提供该服务的开放站点，半径 " + Math.round(c.radius) + " 米" + (c.hidden_cells ? "；" + c.hidden_cells + " 个稀疏单元已隐去" : "") + "）";
      drawCells(c);
      return call("POST", "/api/planning/sites", Object.assign({}, p, { solver: "greedy" }));
    }).then(function (r) { return r.json(); }).then(function (g) {
      drawSites(g, false);
      var done = progress(cfg.timeLimit);
      return call("POST", "/api/planning/sites", Object.assign({}, p, { solver: "exact", time_limit: cfg.timeLimit }))
        .then(function (r) { done(); return r.json(); }, function (e) { done(); throw e; });
    }).then(function (x) { drawSites(x, true); last = p; $("export").disabled = false; }).catch(fail);
  });
  $("export").addEventListener("click", function () {
    if (!last) return;
    call("POST", "/api/planning/sites.xlsx", last).then(function (r) { return r.blob(); }).then(function (b) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(b); a.download = "覆盖规划-" + last.region + ".xlsx";
      document.body.appendChild(a); a.click(); a.remove();
    }).catch(fail);
  });
  map.on("click", function (ev) {
    addList.push([ev.latlng.lng, ev.latlng.lat]);
    L.circleMarker(ev.latlng, { radius: 7, color: "#f08c00", weight: 2, fillOpacity: 0 }).addTo(whatLayer);
    showWhatIf();
  });
  function showWhatIf() {
    var names = Object.keys(closeSet).map(function (k) { return closeSet[k]; });
    $("whatif-card").hidden = !names.length && !addList.length;
    $("whatif-list").textContent = (names.length ? "关闭：" + names.join("、") + "。" : "") +
      (addList.length ? "新增站址 " + addList.length + " 处。" : "");
    $("whatif-out").textContent = "";
  }
  $("whatif-clear").addEventListener("click", function () {
    closeSet = {}; addList = []; whatLayer.clearLayers();
    stationLayer.eachLayer(function (m) { m.setStyle({ fillColor: "#1c7ed6" }); });
    showWhatIf();
  });
  $("whatif-run").addEventListener("click", function () {
    var p = params();
    call("POST", "/api/planning/whatif", { region: p.region, service: p.service, radius: p.radius,
      close: Object.keys(closeSet).map(Number), add: addList.map(function (a) { return { lng: a[0], lat: a[1] }; }) })
      .then(function (r) { return r.json(); }).then(function (w) {
        $("whatif-out").textContent = "覆盖率 " + pct(w.before) + " → " + pct(w.after) + "（" + (w.change >= 0 ? "+" : "") + (w.change * 100).toFixed(1) + " 个百分点）";
      }).catch(function (e) { $("whatif-out").textContent = (e && e.detail) || "请求失败"; });
  });
})();
