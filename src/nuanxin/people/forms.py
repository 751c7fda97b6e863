from django import forms

from nuanxin.people.kinds import WorkerKind


class RegisterForm(forms.Form):
    phone = forms.CharField(label="手机号", max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    sms_code = forms.CharField(label="短信验证码", max_length=6,
                               widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                             "autocomplete": "one-time-code"}))
    password = forms.CharField(label="设置密码（至少8位，不能全为数字）", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    display_name = forms.CharField(label="称呼", max_length=50, required=False)
    kind = forms.ChoiceField(label="我是", choices=[("", "请选择"), *WorkerKind.choices])
    platform = forms.CharField(label="平台或企业", max_length=60, required=False,
                               widget=forms.TextInput(attrs={"placeholder": "如：美团外卖、中通快递"}))
    work_region = forms.CharField(label="主要工作区域", max_length=20,
                                  widget=forms.HiddenInput(attrs={"id": "work_region"}))
    real_name = forms.CharField(label="真实姓名（选填，用于实名认证）", max_length=30, required=False)
    id_number = forms.CharField(label="身份证号（选填）", max_length=18, required=False)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="称呼", max_length=50, required=False)
    kind = forms.ChoiceField(label="我是", choices=WorkerKind.choices, required=False)
    platform = forms.CharField(label="平台或企业", max_length=60, required=False)


class IdentityForm(forms.Form):
    real_name = forms.CharField(label="真实姓名", max_length=30)
    id_number = forms.CharField(label="身份证号", max_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
