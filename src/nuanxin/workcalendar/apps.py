from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "nuanxin.workcalendar"
    verbose_name = "工作日历"
