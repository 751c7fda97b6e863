from django.urls import path

from nuanxin.open311 import views

urlpatterns = [
    path("open311/v2/discovery.<str:fmt>", views.discovery, name="open311-discovery"),
    path("open311/v2/services.<str:fmt>", views.services, name="open311-services"),
    path("open311/v2/services/<str:code>.<str:fmt>", views.service_definition,
         name="open311-service"),
    path("open311/v2/requests.<str:fmt>", views.requests, name="open311-requests"),
    path("open311/v2/requests/<str:request_id>.<str:fmt>", views.request_detail,
         name="open311-request"),
    path("open311/v2/tokens/<str:token_id>.<str:fmt>", views.token, name="open311-token"),
]
