from django.urls import path

from nuanxin.workforce import views

urlpatterns = [
    path("workforce/", views.roster, name="workforce-roster"),
]
