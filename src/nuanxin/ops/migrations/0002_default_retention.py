from django.db import migrations

DEFAULTS = [
    ("report_reporter", 3 * 365, "办结满3年后，随手拍改为关联“已注销用户”，统计保留"),
    ("activity_roster", 365, "活动结束满1年后删除报名名单"),
    ("sms_code", 1, "验证码保存1天"),
    ("access_log", 3 * 365, "个人信息查看记录保存3年"),
]


def add_defaults(apps, schema_editor):  # type: ignore[no-untyped-def]
    RetentionRule = apps.get_model("ops", "RetentionRule")
    for kind, days, note in DEFAULTS:
        RetentionRule.objects.get_or_create(kind=kind, defaults={"days": days, "note": note})


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
