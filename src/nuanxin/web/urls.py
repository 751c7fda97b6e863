from django.urls import path

from nuanxin.web import offline, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("offline/", offline.offline, name="offline"),
    path("favicon.ico", offline.favicon, name="favicon"),
]
