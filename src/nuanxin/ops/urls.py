from django.urls import path

from nuanxin.ops import health, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("me/data.json", views.my_data_json, name="my-data-json"),
    path("me/data.xlsx", views.my_data_xlsx, name="my-data-xlsx"),
    path("me/close/", views.close_account, name="close-account"),
]
