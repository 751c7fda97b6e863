from django.urls import path

from nuanxin.notifications import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open", views.open_message, name="inbox-open"),
    path("inbox/read-all", views.read_all, name="inbox-read-all"),
]

HOME_LINKS = [{"url": "/inbox/", "label": "消息", "order": "70", "badge": "unread"}]
