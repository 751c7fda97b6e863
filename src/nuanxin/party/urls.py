from django.urls import path

from nuanxin.party import staff_views, views

urlpatterns = [
    path("party/", views.mine, name="party"),
    path("party/declare", views.declare, name="party-declare"),
    path("party/checkin", views.check_in, name="party-checkin"),
    path("party/checkins/<int:pk>/withdraw", views.withdraw, name="party-withdraw"),
    path("party/org/", staff_views.organisation, name="party-org"),
    path("party/org/checkins/<int:pk>/decide", staff_views.decide, name="party-decide"),
    path("party/org/<int:org_id>/invite", staff_views.invite, name="party-invite"),
    path("party/org/<int:org_id>/members.xlsx", staff_views.export, name="party-export"),
    path("party/pipeline/", staff_views.pipeline, name="party-pipeline"),
    path("party/pipeline/apply", staff_views.apply, name="party-apply"),
    path("party/pipeline/<int:pk>/advance", staff_views.advance, name="party-advance"),
    path("party/coverage/", staff_views.coverage_page, name="party-coverage"),
]

HOME_LINKS = [{"url": "/party/", "label": "党员报到", "order": "60"}]
