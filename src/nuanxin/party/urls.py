from django.urls import path

from nuanxin.party import views, views_org

urlpatterns = [
    path("party/", views.mine, name="party"),
    path("party/declare", views.declare, name="party-declare"),
    path("party/checkin", views.check_in, name="party-checkin"),
    path("party/checkins/<int:pk>/withdraw", views.withdraw, name="party-withdraw"),
    path("party/org/", views_org.organisation, name="party-org"),
    path("party/org/checkins/<int:pk>/decide", views_org.decide, name="party-decide"),
    path("party/org/<int:org_id>/invite", views_org.invite, name="party-invite"),
    path("party/org/<int:org_id>/members.xlsx", views_org.export, name="party-export"),
    path("party/pipeline/", views_org.pipeline, name="party-pipeline"),
    path("party/pipeline/apply", views_org.apply, name="party-apply"),
    path("party/pipeline/<int:pk>/advance", views_org.advance, name="party-advance"),
    path("party/coverage/", views_org.coverage_page, name="party-coverage"),
]

HOME_LINKS = [{"url": "/party/", "label": "党员报到", "order": "60"}]
