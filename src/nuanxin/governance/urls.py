from django.urls import path

from nuanxin.governance import staff_views, views

urlpatterns = [
    path("governance/listening/", views.sessions, name="listening-sessions"),
    path("governance/listening/<int:pk>/", views.session, name="listening-session"),
    path("governance/listening/request/<int:pk>/triage", views.triage, name="listening-triage"),
    path("governance/listening/photo/<int:pk>", views.photo, name="listening-photo"),
    path("governance/forums/", staff_views.meetings, name="forum-meetings"),
    path("governance/forums/<int:pk>/", staff_views.meeting, name="forum-meeting"),
    path("governance/forums/decision/<int:pk>/task", staff_views.add_task, name="forum-task"),
    path("governance/forums/task/<int:pk>/progress", staff_views.progress, name="forum-progress"),
    path("governance/progress/<str:code>/", staff_views.public_progress, name="forum-public"),
    path("governance/talks/<int:pk>/", staff_views.talk, name="talk"),
    path("governance/talks/<int:pk>/qr.svg", staff_views.talk_qr, name="talk-qr"),
    path("governance/talks/<int:pk>/checkin", staff_views.check_in, name="talk-checkin"),
]

HOME_LINKS = [{"url": "/governance/listening/", "label": "书记赶集", "order": "60"},
              {"url": "/governance/forums/", "label": "小马扎", "order": "61"}]
