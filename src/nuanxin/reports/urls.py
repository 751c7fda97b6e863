from django.urls import path

from nuanxin.reports import views

urlpatterns = [
    path("reports/", views.index, name="reports"),
    path("reports/new", views.new, name="report-new"),
    path("reports/<int:pk>/", views.detail, name="report-detail"),
    path("reports/<int:pk>/rate", views.rate, name="report-rate"),
    path("reports/<int:pk>/dispute", views.dispute, name="report-dispute"),
    path("reports/<int:pk>/follow", views.follow, name="report-follow"),
    path("reports/photo/<int:pk>/<str:size>", views.photo, name="report-photo"),
    path("reports/handle/", views.queue, name="report-queue"),
    path("reports/handle/<int:pk>/", views.handle, name="report-handle"),
    path("reports/handle/<int:pk>/call", views.call_reporter, name="report-call"),
    path("reports/handle/<int:pk>/targets", views.transfer_targets, name="report-targets"),
    path("reports/handle/<int:pk>/<str:action>", views.act, name="report-act"),
    path("reports/overview/", views.overview, name="report-overview"),
]

HOME_LINKS = [{"url": "/reports/", "label": "随手拍", "order": "20"}]
