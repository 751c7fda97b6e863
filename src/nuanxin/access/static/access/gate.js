/* The guard's page: verify a pass token in the browser (WebCrypto ES256) against keys and a
   revocation list cached in localStorage, so it keeps working offline for hours; every scan
   is queued and uploaded (idempotent by client_id) when the network is back. */
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('gate-config').textContent);
  var PREFIX = 'nx-gate-' + cfg.user + '-';
  var STALE_MS = 12 * 3600 * 1000;  // after this the page warns that the cache is old
  var GRACE = 30;
  function load(k, d) { try { var v = localStorage.getItem(PREFIX + k); return v ? JSON.parse(v) : d; } catch (e) { return d; } }
  function save(k, v) { localStorage.setItem(PREFIX + k, JSON.stringify(v)); }
  var jwks = load('jwks', null), revoked = load('revoked', []), syncedAt = load('synced_at', 0);
  var rules = load('rules', cfg.rules), queue = load('queue', []);
  var $ = function (id) { return document.getElementById(id); };

  function hhmm(ms) { var d = new Date(ms); return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2); }
  function showStatus() {
    var el = $('status'), pending = queue.length ? '，' + queue.length + '条扫码记录待上传' : '';
    if (!syncedAt) { el.textContent = '尚未同步密钥，请联网打开本页'; el.className = 'status'; return; }
    var old = Date.now() - syncedAt > STALE_MS ? '（缓存已超过12小时，请尽快联网）' : '';
    el.textContent = (navigator.onLine ? '已联网，' : '离线中，使用') + hhmm(syncedAt) + '同步的密钥和注销名单' + pending + old;
    el.className = navigator.onLine && !old ? 'status online' : 'status';
  }
  function showRules() {
    $('r-hours').textContent = rules.hours; $('r-ebike').textContent = rules.ebike_rule; $('r-parking').textContent = rules.parking;
  }

  function upload() {
    if (!queue.length || !navigator.onLine) return Promise.resolve();
    var batch = queue.slice(0, 200);
    return fetch('/api/passes/scans', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': cfg.csrf },
      body: JSON.stringify({ scans: batch })
    }).then(function (r) {
      if (!r.ok) return;
      var sent = {}; batch.forEach(function (s) { sent[s.client_id] = 1; });
      queue = load('queue', []).filter(function (s) { return !sent[s.client_id]; });
      save('queue', queue);
    }).catch(function () {});
  }
  function sync() {
    if (!navigator.onLine) { showStatus(); return Promise.resolve(); }
    return Promise.all([
      fetch('/.well-known/jwks.json', { cache: 'no-store' }),
      fetch('/api/passes/gate', { cache: 'no-store', credentials: 'same-origin' })
    ]).then(function (rs) {
      if (!rs[0].ok || !rs[1].ok) throw new Error('sync');
      return Promise.all([rs[0].json(), rs[1].json()]);
    }).then(function (data) {
      jwks = data[0]; revoked = data[1].revoked; rules = data[1].rules; syncedAt = Date.now();
      save('jwks', jwks); save('revoked', revoked); save('rules', rules); save('synced_at', syncedAt);
      showRules();
      return upload();
    }).catch(function () {}).then(showStatus);
  }

  function b64u(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/'); while (s.length % 4) s += '=';
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function json(part) { return JSON.parse(new TextDecoder().decode(b64u(part))); }
  function refuse(reason, claims) { return { ok: false, reason: reason, claims: claims || null }; }

  function verify(token) {
    var parts = token.split('.');
    if (parts.length !== 3) return Promise.resolve(refuse('不是暖新骑手通行证二维码'));
    var header, claims, sig;
    try { header = json(parts[0]); claims = json(parts[1]); sig = b64u(parts[2]); }
    catch (e) { return Promise.resolve(refuse('二维码内容无法识别')); }
    if (header.alg !== 'ES256') return Promise.resolve(refuse('签名算法不符：不是暖新签发的通行证'));
    var jwk = jwks && (jwks.keys || []).filter(function (k) { return k.kid === header.kid; })[0];
    if (!jwk) return Promise.resolve(refuse('签名密钥未知：伪造的二维码，或密钥已更换（请联网同步）'));
    return crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'])
      .then(function (key) {
        return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, sig,
          new TextEncoder().encode(parts[0] + '.' + parts[1]));
      }).then(function (good) {
        if (!good) return refuse('签名无效：二维码是伪造或被改动的');
        var now = Date.now() / 1000;
        if (claims.iss !== 'nuanxin') return refuse('不是暖新签发的通行证');
        if (revoked.indexOf(claims.sub) >= 0) return refuse('通行证已注销', claims);
        if (now > claims.exp) return refuse('二维码已过期（超过1分钟），请骑手刷新后重新出示', claims);
        if (now < claims.iat - GRACE) return refuse('二维码时间异常，请核对手机时间', claims);
        if (now > claims.pexp) return refuse('通行证已过有效期', claims);
        return { ok: true, reason: '', claims: claims };
      }).catch(function () { return refuse('无法核验签名'); });
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function show(v) {
    var box = $('verdict'), c = v.claims;
    box.hidden = false; box.className = 'verdict ' + (v.ok ? 'ok' : 'bad');
    $('verdict-word').textContent = v.ok ? '✓ 有效，请放行' : '✗ 无效';
    $('verdict-reason').textContent = v.ok ? '骑手可进入时间：' + rules.hours : v.reason;
    $('verdict-detail').hidden = !c;
    if (c) {
      $('v-kind').textContent = cfg.kinds[c.knd] || c.knd || '';
      $('v-platform').textContent = c.plt || '未填';
      $('v-number').textContent = c.sub || '';
    }
    var face = $('face'), note = $('face-note');
    face.hidden = true; note.hidden = true;
    if (v.ok && c.ph) {
      face.onload = function () { face.hidden = false; };
      face.onerror = function () { note.hidden = false; };
      face.src = '/access/gate/photo/' + encodeURIComponent(c.ph);
    }
  }
  function check(token) {
    token = (token || '').trim();
    if (!token) return;
    verify(token).then(function (v) {
      show(v);
      queue.push({ client_id: uuid(), token: token, result: v.ok ? 'valid' : 'invalid',
                   reason: v.reason.slice(0, 100), scanned_at: new Date().toISOString() });
      save('queue', queue); showStatus(); upload().then(showStatus);
    });
  }

  // Camera: jsQR reads frames until a code is found.
  var stream = null, last = '';
  function stop() { if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; } $('camera').hidden = true; }
  function frame() {
    if (!stream) return;
    var video = $('camera'), canvas = $('frame');
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      var ctx = canvas.getContext('2d'); ctx.drawImage(video, 0, 0);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR && jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
      if (code && code.data && code.data !== last) { last = code.data; stop(); check(code.data); return; }
    }
    requestAnimationFrame(frame);
  }
  $('scan').addEventListener('click', function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { alert('此手机不支持摄像头扫码，请粘贴通行码'); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (s) {
      stream = s; last = ''; var video = $('camera'); video.srcObject = s; video.hidden = false;
      video.play(); requestAnimationFrame(frame);
    }).catch(function () { alert('无法打开摄像头，请粘贴通行码'); });
  });
  $('check').addEventListener('click', function () { check($('token').value); });

  window.addEventListener('online', sync);
  window.addEventListener('offline', showStatus);
  setInterval(sync, 5 * 60 * 1000);
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/access/gate/sw.js', { scope: '/access/gate/' }).catch(function () {});
  showRules(); showStatus(); sync();
})();
