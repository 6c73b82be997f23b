"""The digest store on real SQLite files: the claim is unique across connections."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

from bot.digest.models import DigestSettings, LogStatus, WhenEmpty
from bot.storage.database import connect, schema_version
from bot.storage.digest_store import DigestStore

NOW = datetime(2026, 9, 28, 5, 0, tzinfo=UTC)
DAY = date(2026, 9, 28)


async def test_migration_two_adds_the_digest_tables(tmp_path: Path) -> None:
    connection = await connect(tmp_path / "index.db")
    try:
        assert await schema_version(connection) >= 2
        async with connection.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'digest_%'"
        ) as cursor:
            names = {row[0] for row in await cursor.fetchall()}
    finally:
        await connection.close()
    assert {"digest_settings", "digest_log"} <= names


async def test_only_one_of_many_concurrent_claims_wins(tmp_path: Path) -> None:
    """Two processes' worth of connections race for the same day: exactly one may send."""
    stores = [await DigestStore.open(tmp_path / "index.db") for _ in range(2)]
    try:
        claims = [
            store.claim(1, DAY, 5, late=False, now=NOW) for store in stores for _ in range(10)
        ]
        results = await asyncio.gather(*claims)
        assert results.count(True) == 1
        await stores[0].release(1, DAY)
        assert await stores[1].claim(1, DAY, 5, late=False, now=NOW)
        await stores[1].finish(1, DAY, LogStatus.POSTED, now=NOW, message_ids=[10, 11])
        await stores[0].release(1, DAY)  # a posted day is never released
        assert not await stores[0].claim(1, DAY, 5, late=False, now=NOW)
        entry = await stores[0].entry(1, DAY)
    finally:
        for store in stores:
            await store.close()
    assert entry is not None
    assert entry.status is LogStatus.POSTED
    assert entry.message_ids == (10, 11)


async def test_three_counted_failures_pause_with_the_reason(tmp_path: Path) -> None:
    store = await DigestStore.open(tmp_path / "index.db")
    try:
        settings = DigestSettings(1, 5, 7, 0, "UTC", WhenEmpty.SKIP, False, None, NOW)
        await store.save_settings(settings, updated_by=9, now=NOW)
        for _ in range(2):
            updated = await store.record_error(1, "gone", NOW, count=True, pause_after=3)
            assert updated is not None
            assert not updated.paused
        await store.record_error(1, "blip", NOW, count=False, pause_after=3)
        updated = await store.record_error(1, "gone", NOW, count=True, pause_after=3)
    finally:
        await store.close()
    assert updated is not None
    assert updated.paused
    assert updated.pause_reason is not None
    assert "gone" in updated.pause_reason
    assert updated.channel_id == 5  # settings kept
