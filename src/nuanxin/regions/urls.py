from django.urls import path

from nuanxin.regions import views

urlpatterns = [
    path("regions/map/", views.boundary_map, name="regions-map-root"),
    path("regions/map/<str:code>/", views.boundary_map, name="regions-map"),
]
