from django.urls import path

from nuanxin.campaigns import views

urlpatterns = [
    path("campaigns/", views.index, name="campaigns"),
    path("campaigns/<int:pk>/", views.detail, name="campaign"),
    path("campaigns/<int:pk>/record", views.record, name="campaign-record"),
    path("campaigns/<int:pk>/quiz", views.quiz, name="campaign-quiz"),
]

HOME_LINKS = [{"url": "/campaigns/", "label": "防非宣传", "order": "60"}]
