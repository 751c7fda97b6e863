from django.urls import path

from nuanxin.access import gate_views, views

HOME_LINKS = [{"url": "/access/pass/", "label": "骑手通行证", "order": "25"},
              {"url": "/access/gate/", "label": "门岗验证", "order": "95"}]

urlpatterns = [
    path(".well-known/jwks.json", gate_views.jwks, name="access-jwks"),
    path("access/pass/", views.my_pass, name="access-pass"),
    path("access/pass/qr.svg", views.pass_qr, name="access-pass-qr"),
    path("access/pass/photo", views.my_photo, name="access-pass-photo"),
    path("access/refused/", views.refused, name="access-refused"),
    path("access/gate/", gate_views.gate, name="access-gate"),
    path("access/gate/sw.js", gate_views.service_worker, name="access-gate-sw"),
    path("access/gate/photo/<str:photo_hash>", gate_views.photo, name="access-gate-photo"),
    path("access/near/", views.near, name="access-near"),
    path("access/c/<str:code>/", views.community_page, name="access-community"),
    path("access/bikes/", views.mine, name="access-bikes"),
    path("access/b/<str:code>", views.bike_page, name="access-bike"),
    path("access/p/<str:code>", views.point_page, name="access-point"),
    path("access/qr/<str:what>/<str:code>.svg", views.qr, name="access-qr"),
]
