"""The activities demo: a year on the cadence, attendance paid once through the ledger."""

from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from nuanxin.accounts.models import User
from nuanxin.activities import demo
from nuanxin.activities.models import Activity, CarePlan, Signup
from nuanxin.kernel.demo_context import DemoContext
from nuanxin.people.models import Worker
from nuanxin.points.models import LedgerEntry, Reason
from nuanxin.points.services import source_key

pytestmark = pytest.mark.django_db


def test_a_year_on_the_cadence_with_attendance_paid_once(regions):
    User.objects.bulk_create([User(phone_digest=f"w{i}", phone_cipher="x",
                                   phone_masked="139****0000") for i in range(200)])
    Worker.objects.bulk_create([
        Worker(user=u, kind="delivery_rider" if u.pk % 2 else "courier",
               work_region=regions["371702001001" if u.pk % 3 else "371721001001"])
        for u in User.objects.filter(phone_digest__startswith="w")])
    now = timezone.now()
    demo.build(DemoContext(seed=3, now=now, out=StringIO(), quiet=True))
    cadences = set(Activity.objects.values_list("cadence", flat=True))
    assert cadences == {"yearly", "seasonal", "monthly", "daily"}
    assert CarePlan.objects.exists()
    assert Activity.objects.filter(category="summer_camp", for_children=True).exists()
    assert Activity.objects.filter(starts_at__gt=now).exists()
    attended = Signup.objects.filter(attended_at__isnull=False)
    assert attended.exists()
    assert not attended.filter(activity__ends_at__gt=now).exists()
    entries = LedgerEntry.objects.filter(reason=Reason.ACTIVITY_ATTENDED)
    assert entries.count() == attended.count()
    assert set(entries.values_list("source", flat=True)) == {source_key(s) for s in attended}
    # Nobody holds a seat in a region or kind the activity is not for, or past capacity.
    for a in Activity.objects.prefetch_related("signups__user__worker__work_region"):
        seats = [s for s in a.signups.all() if s.status == "attending"]
        assert len(seats) <= a.capacity
        for s in seats:
            assert s.user.worker.work_region.path.startswith(a.region.path)
            assert not a.kinds or s.user.worker.kind in a.kinds
