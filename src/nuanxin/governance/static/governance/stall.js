/* The stall page works on a market's weak network: every request goes into an outbox in
   IndexedDB first (photo included), then is sent with its own Idempotency-Key. A failed
   send stays queued and is retried when the network returns, so nothing is lost and a
   resend is never stored twice. */
(function () {
  var form = document.getElementById('stall-form');
  if (!form || !window.indexedDB) return;
  var api = form.dataset.api, status = document.getElementById('queue-status');
  var csrf = form.querySelector('[name=csrfmiddlewaretoken]').value;
  var STORE = 'outbox', busy = false, sentNow = 0, errors = [];

  function db() {
    return new Promise(function (ok, fail) {
      var r = indexedDB.open('nuanxin-stall', 1);
      r.onupgradeneeded = function () { r.result.createObjectStore(STORE, { keyPath: 'key' }); };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    });
  }
  function run(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, fail) {
        var t = d.transaction(STORE, mode), req = fn(t.objectStore(STORE));
        t.oncomplete = function () { ok(req ? req.result : undefined); };
        t.onerror = function () { fail(t.error); };
      });
    });
  }
  function mine() {
    return run('readonly', function (s) { return s.getAll(); }).then(function (all) {
      return all.filter(function (i) { return i.api === api; })
        .sort(function (a, b) { return a.at - b.at; });
    });
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function show(n) {
    var offline = !navigator.onLine;
    status.className = 'status' + (offline ? ' offline' : '');
    status.textContent = '待发送 ' + n + ' 条' +
      (n && offline ? '（网络已断开，已保存在手机上，联网后自动发送）' : '') +
      (errors.length ? '；' + errors.join('；') : '');
  }
  function refresh() { return mine().then(function (items) { show(items.length); return items; }); }

  function send(item) {
    var body = new FormData();
    Object.keys(item.fields).forEach(function (k) { body.append(k, item.fields[k]); });
    if (item.photo) body.append('photo', item.photo, item.photoName || 'photo.jpg');
    return fetch(api, { method: 'POST', body: body, credentials: 'same-origin',
      headers: { 'Idempotency-Key': item.key, 'X-CSRFToken': csrf } })
      .then(function (r) {
        if (r.ok) return true;
        if (r.status >= 500 || r.status === 429) return false;  // try again later
        return r.json().then(function (e) { errors.push('“' + item.fields.description.slice(0, 10) + '”未保存：' + e.detail); return true; },
                             function () { return true; });
      });
  }
  function flush() {
    if (busy) return Promise.resolve();
    busy = true;
    return mine().then(function loop(items) {
      if (!items.length) return;
      var item = items[0];
      return send(item).then(function (done) {
        if (!done) return;
        sentNow++;
        return run('readwrite', function (s) { return s.delete(item.key); })
          .then(mine).then(loop);
      });
    }).catch(function () { /* offline: keep everything queued */ })
      .then(function () {
        busy = false;
        return refresh().then(function (left) {
          if (!left.length && sentNow && !errors.length) location.reload();
        });
      });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var fields = {};
    ['category', 'description', 'resident_name', 'resident_phone', 'lng', 'lat'].forEach(function (n) {
      var v = form.elements[n].value; if (v) fields[n] = v;
    });
    var file = form.elements.photo.files[0];
    var item = { key: newKey(), api: api, at: Date.now(), fields: fields,
                 photo: file || null, photoName: file ? file.name : '' };
    run('readwrite', function (s) { return s.put(item); }).then(function () {
      form.reset();
      errors = [];
      return refresh();
    }).then(flush);
  });
  window.addEventListener('online', flush);
  window.addEventListener('offline', refresh);
  setInterval(function () { if (navigator.onLine) flush(); }, 5000);
  refresh().then(flush);
})();
