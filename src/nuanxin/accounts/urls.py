from django.contrib.auth import views as auth_views
from django.urls import path

from nuanxin.accounts import views
from nuanxin.accounts.forms import PhoneLoginForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(
        template_name="nuanxin/login.html", authentication_form=PhoneLoginForm,
        redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("login/sms/", views.sms_login, name="login-sms"),
    path("password/reset/", views.password_reset, name="password-reset"),
]
