"""The service worker (one, scoped to the whole site) and the styled offline page.

Public pages a rider needs without a network (the station finder, a station, the static
files) are kept network-first with the last good copy as fallback; everything else, and
any page never seen, falls back to /offline/ (cached when the worker installs). Signed-in
pages are never cached: a shared phone must not show someone else's data.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

CACHE = "nx-v2"

_JS = """const C='%(cache)s',OFF='/offline/',PRE=[OFF,'%(css)s','%(icon)s'];
self.addEventListener('install',e=>e.waitUntil(caches.open(C).then(c=>c.addAll(PRE)).then(()=>self.skipWaiting())));
self.addEventListener('activate',e=>e.waitUntil(caches.keys().then(ks=>Promise.all(ks.filter(k=>k!==C).map(k=>caches.delete(k)))).then(()=>self.clients.claim())));
function keep(u){const p=u.pathname;return p.startsWith('/static/')||p.startsWith('/api/stations/')||
 (p.startsWith('/stations/')&&!p.startsWith('/stations/mine')&&!p.endsWith('/edit/'));}
self.addEventListener('fetch',e=>{const r=e.request;if(r.method!=='GET')return;
const u=new URL(r.url);if(u.origin!==location.origin)return;
const nav=r.mode==='navigate';if(!nav&&!keep(u))return;
e.respondWith(fetch(r).then(res=>{if(res.ok&&keep(u)){const c=res.clone();caches.open(C).then(x=>x.put(r,c));}return res;})
.catch(()=>caches.open(C).then(x=>x.match(r).then(m=>m||(nav?x.match(OFF):undefined)))
.then(m=>m||Response.error())));});
"""


@cache_control(max_age=0, no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    js = _JS % {"cache": CACHE, "css": static("nuanxin/base.css"),
                "icon": static("nuanxin/favicon.svg")}
    resp = HttpResponse(js, content_type="application/javascript; charset=utf-8")
    resp["Service-Worker-Allowed"] = "/"
    return resp


def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker when a page is asked for without a network."""
    return render(request, "nuanxin/offline.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: the icon, not a 404."""
    return HttpResponsePermanentRedirect(static("nuanxin/favicon.svg"))
