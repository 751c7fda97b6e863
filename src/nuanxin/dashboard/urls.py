from django.urls import path

from nuanxin.dashboard import views

urlpatterns = [
    path("home/", views.home, name="staff-home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/records/", views.records, name="dashboard-records"),
    path("dashboard/export.xlsx", views.export_table, name="dashboard-export"),
    path("dashboard/records.xlsx", views.export_records, name="dashboard-records-export"),
    path("dashboard/brief.pdf", views.brief, name="dashboard-brief"),
]
