from django.urls import path

from nuanxin.benefits import views

urlpatterns = [
    path("benefits/", views.index, name="benefits"),
    path("benefits/programmes/<int:pk>/apply", views.apply, name="benefit-apply"),
    path("benefits/programmes/<int:pk>/withdraw", views.withdraw, name="benefit-withdraw"),
    path("benefits/programmes/<int:pk>/roster.xlsx", views.roster_xlsx,
         name="benefit-roster-xlsx"),
    path("benefits/review/", views.review, name="benefits-review"),
    path("benefits/uses/new", views.record_use, name="benefit-use"),
    path("benefits/applications/<int:application_id>/decide", views.decide,
         name="benefit-decide"),
]

HOME_LINKS = [{"url": "/benefits/", "label": "权益保障", "order": "40"}]
