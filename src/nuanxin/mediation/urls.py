from django.urls import path

from nuanxin.mediation import views

urlpatterns = [
    path("mediation/", views.index, name="mediation"),
    path("mediation/new", views.new, name="mediation-new"),
    path("mediation/<int:pk>/", views.detail, name="mediation-case"),
    path("mediation/<int:pk>/scan", views.scan, name="mediation-scan"),
    path("mediation/<int:pk>/<str:step>", views.act, name="mediation-act"),
]

HOME_LINKS = [{"url": "/mediation/", "label": "人民调解", "order": "62"}]
