from django.urls import path

from nuanxin.planning import views

urlpatterns = [
    path("planning/", views.planner, name="planning"),
]
