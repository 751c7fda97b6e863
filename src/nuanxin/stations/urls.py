from django.urls import path

from nuanxin.stations import views, views_operator, views_poster

HOME_LINKS = [{"url": "/stations/", "label": "找驿站", "order": "10"},
              {"url": "/stations/mine/", "label": "我的站点", "order": "90",
               "requires": "my_stations"}]

urlpatterns = [
    path("stations/", views.finder, name="stations-finder"),
    path("stations/map/", views.map_view, name="stations-map"),
    path("stations/sw.js", views.service_worker, name="stations-sw"),
    path("stations/mine/", views_operator.mine, name="stations-mine"),
    path("stations/<int:pk>/", views.station_page, name="stations-detail"),
    path("stations/<int:pk>/edit/", views_operator.edit, name="stations-edit"),
    path("stations/<int:pk>/poster.svg", views_poster.poster_svg, name="stations-poster-svg"),
    path("stations/<int:pk>/poster.png", views_poster.poster_png, name="stations-poster-png"),
    path("stations/photo/<int:pk>/<str:size>", views_poster.photo, name="stations-photo"),
    path("s/<int:pk>", views_poster.scan, name="stations-scan"),
]
