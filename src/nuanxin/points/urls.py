from django.urls import path

from nuanxin.points import staff_views, views

urlpatterns = [
    path("points/", views.my_points, name="points"),
    path("points/codes/", views.my_codes, name="points-codes"),
    path("points/codes/<str:code>/", views.code_detail, name="points-code"),
    path("points/codes/<str:code>/cancel/", views.cancel_code, name="points-code-cancel"),
    path("points/staff/", staff_views.staff_overview, name="points-staff"),
    path("points/staff/export.xlsx", staff_views.staff_export, name="points-staff-export"),
    path("points/staff/adjust/", staff_views.staff_adjust, name="points-staff-adjust"),
    path("shop/", views.shop, name="shop"),
    path("shop/items/<int:item_id>/redeem/", views.redeem, name="shop-redeem"),
    path("shop/confirm/", views.confirm_page, name="shop-confirm"),
]

HOME_LINKS = [
    {"url": "/points/", "label": "我的积分", "order": "50", "badge": "points"},
    {"url": "/shop/", "label": "积分商城", "order": "60"},
]
