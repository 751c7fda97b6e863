"""A backup restores: every table's rows, the ledger's sums, decrypted fields and media
come back after the data is wiped; a non-empty database and a damaged backup are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum

from nuanxin.kernel.crypto import decrypt, encrypt
from nuanxin.kernel.errors import DomainError
from nuanxin.ops.backup import backup, restore, table_counts
from nuanxin.people.models import Worker
from nuanxin.points.models import LedgerEntry, PointsAccount, Reason
from nuanxin.points.services import post_entry

pytestmark = pytest.mark.django_db(transaction=True)


def _city(make_user: Any, regions: Any) -> dict[str, Any]:
    from django.db import transaction

    people = []
    for i in range(3):
        user = make_user(("worker", "371702001001"), name=f"骑手{i}")
        Worker.objects.create(user=user, kind="delivery_rider", work_region=regions["371702001001"],
                              real_name_cipher=encrypt(f"董晓{i}"),
                              id_number_cipher=encrypt(f"37170219900101123{i}"))
        with transaction.atomic():
            post_entry(user=user, amount=10 * (i + 1), reason=Reason.MANUAL_ADJUSTMENT, note="测试")
        people.append(user)
    media = Path(settings.MEDIA_ROOT) / "reports" / "2026" / "photo.jpg"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(b"\xff\xd8 a photo \xff\xd9")
    return {"people": people, "media": media}


def _ledger() -> dict[int, tuple[int, int]]:
    sums = dict(LedgerEntry.objects.values_list("account_id").annotate(s=Sum("amount")))
    return {a.pk: (a.balance, sums.get(a.pk, 0)) for a in PointsAccount.objects.all()}


@pytest.fixture(autouse=True)
def _own_media(settings: Any, tmp_path: Path) -> None:
    """A media folder of this test's own (others leave photos in the shared one)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def test_backup_wipe_restore_gives_everything_back(tmp_path: Path, make_user: Any,
                                                   regions: Any) -> None:
    city = _city(make_user, regions)
    before_counts, before_ledger = table_counts(), _ledger()
    names = {w.user_id: decrypt(w.real_name_cipher) for w in Worker.objects.all()}
    result = backup(tmp_path / "b", say=lambda _: None)
    assert result.files == 1 and result.tables["accounts_user"] == 3
    manifest = (tmp_path / "b" / "manifest.json").read_text()
    assert settings.FIELD_HMAC_KEY not in manifest
    assert all(k not in manifest for k in settings.FIELD_ENCRYPTION_KEYS)

    with pytest.raises(DomainError) as refused:
        restore(tmp_path / "b", say=lambda _: None)
    assert "已有数据" in refused.value.message

    call_command("flush", interactive=False, verbosity=0)
    city["media"].unlink()
    assert table_counts()["accounts_user"] == 0

    restore(tmp_path / "b", say=lambda _: None)
    assert table_counts() == before_counts
    assert _ledger() == before_ledger
    assert all(balance == total for balance, total in _ledger().values())
    assert {w.user_id: decrypt(w.real_name_cipher) for w in Worker.objects.all()} == names
    assert city["media"].read_bytes() == b"\xff\xd8 a photo \xff\xd9"


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path: Path, make_user: Any,
                                                             regions: Any) -> None:
    _city(make_user, regions)
    backup(tmp_path / "b", say=lambda _: None)
    (tmp_path / "b" / "media" / "reports" / "2026" / "photo.jpg").write_bytes(b"tampered")
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(DomainError) as e:
        restore(tmp_path / "b", say=lambda _: None)
    assert "校验和不符" in e.value.message
    assert table_counts()["accounts_user"] == 0
