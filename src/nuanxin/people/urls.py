from django.urls import path

from nuanxin.people import views

urlpatterns = [path("register/", views.register, name="register"),
               path("me/", views.me, name="me")]
