from django.urls import path

from nuanxin.activities import publish_views, staff_views, views

urlpatterns = [
    path("activities/", views.calendar, name="activities"),
    path("activities/mine/", views.mine, name="activities-mine"),
    path("activities/manage/", staff_views.manage, name="activities-manage"),
    path("activities/manage/new", publish_views.publish, name="activities-publish"),
    path("activities/feed.ics", staff_views.feed, name="activities-feed"),
    path("activities/my/<str:token>.ics", staff_views.my_feed, name="activities-my-feed"),
    path("activities/<int:pk>/", views.detail, name="activity"),
    path("activities/<int:pk>.ics", views.activity_ics, name="activity-ics"),
    path("activities/<int:pk>/signup", views.signup, name="activity-signup"),
    path("activities/<int:pk>/cancel", views.cancel, name="activity-cancel"),
    path("activities/<int:pk>/checkin/<str:code>/", views.checkin, name="activity-checkin"),
    path("activities/<int:pk>/roster/", staff_views.roster, name="activity-roster"),
    path("activities/<int:pk>/roster.xlsx", staff_views.roster_xlsx, name="activity-roster-xlsx"),
    path("activities/<int:pk>/qr.svg", staff_views.qr_svg, name="activity-qr"),
    path("activities/<int:pk>/signups/<int:signup_id>/attend", staff_views.attend,
         name="activity-attend"),
]

HOME_LINKS = [{"url": "/activities/", "label": "关爱活动", "order": "30"}]
