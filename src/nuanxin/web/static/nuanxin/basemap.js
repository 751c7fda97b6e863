/* The base map (Leaflet from npm, served at /static/vendor/leaflet/): tiles from the one
   setting (NUANXIN_MAP_TILES), markers and shapes already in the tiles' coordinate system.
   When there are no tiles, or none loads (offline, blocked), the page's own schematic
   drawing runs instead (`fallback`). */
(function () {
  function mount(el, d, fallback) {
    var bare = d && d.bare && (!d.tiles || !d.tiles.url);  /* shapes alone, no tiles */
    if (!window.L || !d || (!bare && (!d.tiles || !d.tiles.url))) {
      if (fallback) fallback(); return null;
    }
    el.innerHTML = '';
    el.classList.add('nx-leaflet');
    var map = L.map(el, {zoomControl: true, attributionControl: true})
      .setView([d.centre[1], d.centre[0]], d.zoom || 15);
    if (bare) el.dataset.basemap = 'shapes';
    var layer = bare ? null : L.tileLayer(d.tiles.url, {subdomains: d.tiles.subdomains || 'abc',
      maxZoom: d.tiles.max_zoom || 18, attribution: d.tiles.attribution || ''});
    var loaded = 0, failed = 0, done = false;
    function giveUp() {
      if (done || loaded) return;
      done = true; map.remove(); el._nxmap = null; el.classList.remove('nx-leaflet'); el.innerHTML = '';
      el.dataset.basemap = 'schematic';
      if (fallback) fallback();
    }
    if (layer) {
      layer.on('tileload', function () { loaded++; el.dataset.basemap = 'tiles'; });
      layer.on('tileerror', function () { failed++; if (!loaded && failed >= 4) giveUp(); });
      setTimeout(giveUp, 8000);
      layer.addTo(map);
    }
    var bounds = [];
    if (d.shapes && d.shapes.features && d.shapes.features.length) {
      var g = L.geoJSON(d.shapes, {
        style: function (f) { return {color: f.properties.generated ? '#868e96' : '#d9480f',
          weight: 2, dashArray: f.properties.generated ? '4 4' : null, fillOpacity: 0.06}; },
        onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); }
      }).addTo(map);
      bounds.push(g.getBounds());
    }
    (d.markers || []).forEach(function (m) {
      var icon = L.divIcon({className: 'nx-pin' + (m.open ? '' : ' shut'),
        html: m.label || '', iconSize: [26, 26], iconAnchor: [13, 13]});
      var mk = L.marker([m.at[1], m.at[0]], {icon: icon, title: m.title || '',
        alt: m.title || '', keyboard: true}).addTo(map);
      if (m.href) mk.on('click', function () { location.href = m.href; });
      bounds.push(L.latLngBounds([mk.getLatLng(), mk.getLatLng()]));
    });
    if (d.me) L.circleMarker([d.me[1], d.me[0]], {radius: 7, color: '#fff', weight: 3,
      fillColor: '#1c7ed6', fillOpacity: 1}).addTo(map);
    if (d.fit && bounds.length) {
      var all = bounds[0]; bounds.forEach(function (b) { all.extend(b); });
      map.fitBounds(all, {padding: [20, 20], maxZoom: d.zoom || 17});
    }
    el._nxmap = map;
    return map;
  }
  window.NXMap = {mount: mount};
})();
