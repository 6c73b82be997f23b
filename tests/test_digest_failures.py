"""Digest failures and scale: deleted channels, 403, 5xx, 429, self-pausing, 1,000 servers."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fakediscord import FakeDiscord
from test_digest_bot import (
    BERLIN,
    POSTS,
    SEPT_28_0700_BERLIN,
    command,
    digest_bot,
    embed_text,
    newsroom,
    posts,
    scheduler,
    set_digest,
)

from bot.digest.clock import ManualClock
from bot.digest.models import DigestSettings, LogStatus, WhenEmpty
from bot.digest.scheduler import Result

DAY = date(2026, 9, 28)


async def test_deleted_channel_errors_keeps_settings_and_pauses_after_three_days(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room, when_empty="nearest")
        fake_discord.delete_channel(room.channel)
        results = []
        for offset in range(3):
            clock.set(SEPT_28_0700_BERLIN + timedelta(days=offset))
            results += await scheduler(bot).run_due(clock.now())
        status = embed_text(
            (await command(fake_discord, "digest status", {}, room.admin, room))["data"]
        )
        settings = await bot.services.digests.store.settings(room.guild.id)
        entry = await bot.services.digests.store.entry(room.guild.id, DAY)
        clock.advance(86400)
        later = await scheduler(bot).run_due(clock.now())
    assert [r.result for r in results] == [Result.FAILED] * 3  # retried on each next day
    assert later == []  # paused: not even tried
    assert entry is not None
    assert entry.status is LogStatus.FAILED
    assert settings is not None
    assert settings.paused
    assert settings.channel_id == room.channel.id
    assert "no longer exists" in (settings.pause_reason or "")
    assert "paused itself after 3 failed posts" in status
    assert "Last error" in status
    assert scheduler(bot).next_run(room.guild.id) is None


async def test_missing_permission_is_shown_and_the_next_day_posts(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(days=1, hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room, when_empty="nearest")
        fake_discord.fail_next("POST", POSTS, 403)
        clock.set(SEPT_28_0700_BERLIN - timedelta(days=1))
        [failed] = await scheduler(bot).run_due(clock.now())
        retry_same_day = await scheduler(bot).run_due(clock.now() + timedelta(minutes=20))
        status = embed_text(
            (await command(fake_discord, "digest status", {}, room.admin, room))["data"]
        )
        clock.set(SEPT_28_0700_BERLIN)
        [posted] = await scheduler(bot).run_due(clock.now())
        settings = await bot.services.digests.store.settings(room.guild.id)
    assert failed.result is Result.FAILED
    assert [o.result for o in retry_same_day] == [Result.ALREADY_DONE]
    assert "Send Messages" in status
    assert posted.result is Result.POSTED
    assert settings is not None
    assert settings.failure_streak == 0
    assert len(posts(fake_discord, room.channel)) == 1


async def test_500_then_success_posts_once(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """discord.py retries a 500 itself (one real second); the day is posted once."""
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room)
        fake_discord.fail_next("POST", POSTS, 500)
        clock.set(SEPT_28_0700_BERLIN)
        [outcome] = await scheduler(bot).run_due(clock.now())
    assert outcome.result is Result.POSTED
    assert len(posts(fake_discord, room.channel)) == 1
    assert [r.status for r in fake_discord.requests_matching("POST", POSTS)] == [500, 200]


async def test_server_errors_are_retried_with_backoff_the_same_day(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room)
        fake_discord.fail_next("POST", POSTS, 503, times=2)  # discord.py does not retry 503
        clock.set(SEPT_28_0700_BERLIN)
        clock.sleeps.clear()
        [outcome] = await scheduler(bot).run_due(clock.now())
    assert outcome.result is Result.POSTED
    assert [s for s in clock.sleeps if s >= 1] == [5.0, 30.0]
    assert len(posts(fake_discord, room.channel)) == 1


async def test_giving_up_releases_the_claim_so_a_later_run_posts(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room)
        fake_discord.fail_next("POST", POSTS, 503, times=5)
        clock.set(SEPT_28_0700_BERLIN)
        [gave_up] = await scheduler(bot).run_due(clock.now())
        released = await bot.services.digests.store.entry(room.guild.id, DAY)
        [retried] = await scheduler(bot).run_due(clock.now())
    assert gave_up.result is Result.RETRY_LATER
    assert released is None
    assert retried.result is Result.POSTED
    assert retried.late
    assert len(posts(fake_discord, room.channel)) == 1


async def test_429_with_retry_after_is_waited_out(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room, when_empty="nearest")
        # A short Retry-After: discord.py waits it out itself.
        fake_discord.fail_next("POST", POSTS, 429, retry_after=0.05)
        clock.set(SEPT_28_0700_BERLIN)
        [short] = await scheduler(bot).run_due(clock.now())
        # A long one (over max_ratelimit_timeout): our back-off waits at least Retry-After.
        fake_discord.fail_next("POST", POSTS, 429, retry_after=40.0)
        clock.set(SEPT_28_0700_BERLIN + timedelta(days=1))
        clock.sleeps.clear()
        [long] = await scheduler(bot).run_due(clock.now())
    assert short.result is Result.POSTED
    assert long.result is Result.POSTED
    assert 40.0 in clock.sleeps
    assert len(posts(fake_discord, room.channel)) == 2


async def test_one_broken_server_never_stops_the_others(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room)
        store = bot.services.digests.store
        broken = DigestSettings(42, 43, 7, 0, "Not/AZone", WhenEmpty.SKIP, False, None, clock.now())
        await store.save_settings(broken, updated_by=None, now=clock.now())
        clock.set(SEPT_28_0700_BERLIN)
        outcomes = {o.guild_id: o.result for o in await scheduler(bot).run_due(clock.now())}
        after = await store.settings(42)
    assert outcomes == {42: Result.FAILED, room.guild.id: Result.POSTED}
    assert after is not None
    assert "internal error" in (after.last_error or "")


async def test_preview_is_ephemeral_and_shows_the_day(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN)
    async with digest_bot(fake_discord, tmp_path, clock):
        today = await command(fake_discord, "digest preview", {}, room.admin, room)
        unknown = await command(fake_discord, "digest preview", {"date": "09-22"}, room.admin, room)
        empty = await command(
            fake_discord, "digest preview", {"date": "2026-03-01"}, room.admin, room
        )
        bad = await command(fake_discord, "digest preview", {"date": "13-45"}, room.admin, room)
    assert all(b["data"]["flags"] & 64 for b in (today, unknown, empty, bad))
    assert "Preview" in today["data"]["content"]
    assert "11 years ago (2015)" in embed_text(today["data"])
    assert "Year unknown" in embed_text(unknown["data"])
    assert "would skip" in empty["data"]["content"]
    assert posts(fake_discord, room.channel) == []


async def test_a_thousand_servers_each_post_once_at_their_own_time_paced(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Australia/Sydney"]
    room = newsroom(fake_discord)
    channels = [fake_discord.add_text_channel(room.guild, f"d{i}") for i in range(1000)]
    start = datetime(2026, 9, 27, 12, 0, tzinfo=UTC)
    clock = ManualClock(start)
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        store = bot.services.digests.store
        for number, channel in enumerate(channels):
            settings = DigestSettings(
                guild_id=10_000 + number,
                channel_id=channel.id,
                hour=7 + number % 3,
                minute=0,
                timezone=zones[number % len(zones)],
                when_empty=WhenEmpty.NEAREST,
                paused=False,
                pause_reason=None,
                active_since=start,
            )
            await store.save_settings(settings, updated_by=None, now=start)
            scheduler(bot).schedule(settings)
        assert len(scheduler(bot).jobs()) == 1000 + 1  # plus the sweep
        began = time.perf_counter()
        posted: list[int] = []
        now = start
        while now < start + timedelta(hours=24):
            clock.set(now)
            posted += [
                o.guild_id for o in await scheduler(bot).run_due(now) if o.result is Result.POSTED
            ]
            now += timedelta(hours=1)
        elapsed = time.perf_counter() - began
    assert sorted(posted) == list(range(10_000, 11_000))
    assert all(len(posts(fake_discord, channel)) == 1 for channel in channels)
    assert elapsed < 20
    requests = fake_discord.requests_matching("POST", POSTS)
    assert len(requests) == 1000


async def test_the_thousand_server_burst_is_spread_under_the_rate_limit(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    channels = [fake_discord.add_text_channel(room.guild, f"d{i}") for i in range(300)]
    start = datetime(2026, 9, 28, 4, 0, tzinfo=UTC)
    clock = ManualClock(start)
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        for number, channel in enumerate(channels):
            settings = DigestSettings(
                10_000 + number,
                channel.id,
                7,
                0,
                "Europe/Berlin",
                WhenEmpty.SKIP,
                False,
                None,
                start,
            )
            await bot.services.digests.store.save_settings(settings, updated_by=None, now=start)
        clock.set(SEPT_28_0700_BERLIN)
        outcomes = await scheduler(bot).run_due(clock.now())
        spread = clock.now() - SEPT_28_0700_BERLIN.astimezone(BERLIN)
    assert {o.result for o in outcomes} == {Result.POSTED}
    assert not any(o.late for o in outcomes)  # lateness is judged when the run starts
    # 300 posts at 20 a second take 15 seconds of (manual) time, not one burst.
    assert timedelta(seconds=14) <= spread <= timedelta(seconds=16)
