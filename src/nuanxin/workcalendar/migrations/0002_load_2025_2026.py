"""Seed the 2025 and 2026 national calendar (State Council notices); admins edit it later."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "cn_2025_2026.csv"


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    with DATA.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            CalendarDay.objects.update_or_create(
                date=row["date"], defaults={"kind": row["kind"], "name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
