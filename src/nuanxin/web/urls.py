from django.urls import path

from nuanxin.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
