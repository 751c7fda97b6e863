from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "nuanxin.notifications"
    verbose_name = "站内消息"
