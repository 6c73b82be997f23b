"""The digest end to end: the real bot, the fake Discord, a real index, a manual clock.

APScheduler's jobs are created but left paused (``run_jobs = False``): the tests call the
same ``run_due(now)`` the jobs call, at chosen instants, so nothing waits for real time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bot_harness import make_config
from fakediscord import FakeChannel, FakeDiscord, FakeGuild, FakeMember, FakeRole

from bot.app import create_bot, open_services
from bot.client import DatelineBot
from bot.config import Config
from bot.digest.clock import ManualClock
from bot.digest.models import LogStatus
from bot.digest.scheduler import DigestScheduler, Result

EPHEMERAL = 1 << 6
MANAGE_GUILD = 1 << 5
POSTS = r"^/channels/\d+/messages$"
BERLIN = ZoneInfo("Europe/Berlin")
# 28 September has items in the seed corpus (2015); 22 September has a year-unknown one.
SEPT_28_0700_BERLIN = datetime(2026, 9, 28, 7, 0, tzinfo=BERLIN)


@dataclass
class Newsroom:
    guild: FakeGuild
    channel: FakeChannel
    admin: FakeMember
    reader: FakeMember
    editors: FakeRole


def newsroom(fake: FakeDiscord) -> Newsroom:
    guild = fake.add_guild("Newsroom")
    channel = fake.add_text_channel(guild, "digest")
    managers = fake.add_role(guild, "Managers", permissions=MANAGE_GUILD)
    editors = fake.add_role(guild, "Editors")
    admin = fake.add_member(guild, fake.add_user("alice"), roles=[managers])
    reader = fake.add_member(guild, fake.add_user("bob"), roles=[editors])
    return Newsroom(guild, channel, admin, reader, editors)


@asynccontextmanager
async def digest_bot(
    fake: FakeDiscord, folder: Path, clock: ManualClock, config: Config | None = None
) -> AsyncIterator[DatelineBot]:
    """The real bot with a manual clock; start-up catch-up has finished when this yields."""
    async with open_services(config or make_config(fake, folder)) as services:
        services.digests.clock = clock
        services.digests.run_jobs = False
        bot = create_bot(services, guild_ready_timeout=0.05, max_ratelimit_timeout=1.0)
        async with fake.running(bot):
            task = scheduler(bot).catch_up_task
            assert task is not None
            await task
            yield bot


def scheduler(bot: DatelineBot) -> DigestScheduler:
    found = bot.services.digests.scheduler
    assert found is not None
    return found


async def command(
    fake: FakeDiscord, name: str, options: dict[str, Any], user: FakeMember, room: Newsroom
) -> dict[str, Any]:
    handle = await fake.inject_interaction(name, options, user=user, channel=room.channel)
    body: dict[str, Any] = await handle.response()
    return body


async def set_digest(
    fake: FakeDiscord, room: Newsroom, time: str = "07:00", **options: Any
) -> dict[str, Any]:
    values = {"channel": room.channel.id, "time": time, "timezone": "Europe/Berlin", **options}
    body = await command(fake, "digest set", values, room.admin, room)
    assert body["data"]["flags"] & EPHEMERAL
    return body


def posts(fake: FakeDiscord, channel: FakeChannel) -> list[dict[str, Any]]:
    return [m for m in fake.messages(channel) if int(m["author"]["id"]) == fake.bot_user.id]


def embed_text(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)


# --- settings and permissions --------------------------------------------------------------------


async def test_set_status_pause_resume_off(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        reply = await set_digest(fake_discord, room)
        assert "07:00 (Europe/Berlin)" in reply["data"]["content"]
        assert scheduler(bot).jobs()  # the server's cron job exists
        status = await command(fake_discord, "digest status", {}, room.admin, room)
        text = embed_text(status["data"])
        assert status["data"]["flags"] & EPHEMERAL
        assert f"<#{room.channel.id}>" in text
        assert "Mon 28 Sep 2026, 07:00 Europe/Berlin" in text
        unix = int(SEPT_28_0700_BERLIN.timestamp())
        assert f"<t:{unix}:R>" in text
        assert "none yet" in text

        await command(fake_discord, "digest pause", {}, room.admin, room)
        assert bot.services.digests.scheduler
        assert not scheduler(bot).next_run(room.guild.id)
        paused = embed_text(
            (await command(fake_discord, "digest status", {}, room.admin, room))["data"]
        )
        assert "paused by an admin" in paused
        clock.set(SEPT_28_0700_BERLIN)
        assert all(
            o.result is Result.NOTHING_DUE for o in await scheduler(bot).run_due(clock.now())
        )

        await command(fake_discord, "digest resume", {}, room.admin, room)
        settings = await bot.services.digests.store.settings(room.guild.id)
        assert settings is not None
        assert not settings.paused
        assert settings.hour == 7

        off = await command(fake_discord, "digest off", {}, room.admin, room)
        assert "off" in off["data"]["content"]
        assert await bot.services.digests.store.settings(room.guild.id) is None
        assert scheduler(bot).next_run(room.guild.id) is None


async def test_non_admins_are_refused_and_nothing_changes(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        for name, options in [
            ("digest set", {"channel": room.channel.id, "time": "07:00"}),
            ("digest status", {}),
            ("digest preview", {}),
            ("digest off", {}),
        ]:
            body = await command(fake_discord, name, options, room.reader, room)
            assert body["data"]["flags"] & EPHEMERAL, name
            assert "Manage Server" in body["data"]["content"], name
        assert await bot.services.digests.store.settings(room.guild.id) is None


async def test_the_configured_role_may_manage_digests(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    base = make_config(fake_discord, tmp_path)
    config = replace(base, discord=replace(base.discord, admin_role_id=room.editors.id))
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock, config) as bot:
        options = {"channel": room.channel.id, "time": "7:30", "timezone": "europe/berlin"}
        body = await command(fake_discord, "digest set", options, room.reader, room)
        assert "07:30 (Europe/Berlin)" in body["data"]["content"]
        settings = await bot.services.digests.store.settings(room.guild.id)
    assert settings is not None
    assert settings.timezone == "Europe/Berlin"


async def test_bad_time_or_zone_is_a_polite_ephemeral_error(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    async with digest_bot(fake_discord, tmp_path, ManualClock(SEPT_28_0700_BERLIN)):
        bad_time = await command(
            fake_discord,
            "digest set",
            {"channel": room.channel.id, "time": "25:00"},
            room.admin,
            room,
        )
        bad_zone = await command(
            fake_discord,
            "digest set",
            {"channel": room.channel.id, "time": "07:00", "timezone": "Mars/Base"},
            room.admin,
            room,
        )
    assert "00:00 to 23:59" in bad_time["data"]["content"]
    assert "Mars/Base" in bad_zone["data"]["content"]


async def test_timezone_autocomplete(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    room = newsroom(fake_discord)
    async with digest_bot(fake_discord, tmp_path, ManualClock(SEPT_28_0700_BERLIN)):
        choices = await fake_discord.inject_autocomplete(
            "digest set",
            {"channel": room.channel.id, "time": "07:00", "timezone": "berl"},
            focused="timezone",
            user=room.admin,
            channel=room.channel,
        )
    assert choices[0]["value"] == "Europe/Berlin"


# --- posting exactly once ------------------------------------------------------------------------


async def test_posts_once_at_its_time_with_groups_quotes_and_links(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room)
        clock.set(SEPT_28_0700_BERLIN - timedelta(seconds=1))
        assert {o.result for o in await scheduler(bot).run_due(clock.now())} == {Result.NOTHING_DUE}
        clock.set(SEPT_28_0700_BERLIN)
        first = await scheduler(bot).run_due(clock.now())
        again = await scheduler(bot).run_due(clock.now() + timedelta(minutes=30))
        await bot.reload_extension("cogs.digest")  # a cog reload re-posts nothing either
        after_reload = await scheduler(bot).run_due(clock.now() + timedelta(hours=1))
    assert [o.result for o in first] == [Result.POSTED]
    assert [o.result for o in again + after_reload] == [Result.ALREADY_DONE] * 2
    [message] = posts(fake_discord, room.channel)
    text = embed_text(message)
    assert "On this day: 28 September" in message["content"]
    assert "11 years ago (2015)" in text
    assert "](http" in text  # linked article
    assert "> “" in text  # its top quote
    [request] = fake_discord.requests_matching("POST", POSTS)
    assert request.json["allowed_mentions"] == {"parse": []}


async def test_restart_just_before_the_post_time_posts_once(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=2))
    async with digest_bot(fake_discord, tmp_path, clock):
        await set_digest(fake_discord, room)
    clock.set(SEPT_28_0700_BERLIN - timedelta(seconds=30))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        assert posts(fake_discord, room.channel) == []  # catch-up found nothing due
        assert scheduler(bot).next_run(room.guild.id) is not None  # job rebuilt from the DB
        clock.set(SEPT_28_0700_BERLIN)
        await scheduler(bot).run_due(clock.now())
    clock.advance(60)
    async with digest_bot(fake_discord, tmp_path, clock):
        pass
    assert len(posts(fake_discord, room.channel)) == 1


async def test_restart_just_after_the_post_time_posts_once_marked_late(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=2))
    async with digest_bot(fake_discord, tmp_path, clock):
        await set_digest(fake_discord, room)
    clock.set(SEPT_28_0700_BERLIN + timedelta(minutes=5))  # down at 07:00
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        status = await command(fake_discord, "digest status", {}, room.admin, room)
        entry = await bot.services.digests.store.entry(room.guild.id, date(2026, 9, 28))
    for _ in range(2):  # more restarts that day re-post nothing
        clock.advance(600)
        async with digest_bot(fake_discord, tmp_path, clock):
            pass
    [message] = posts(fake_discord, room.channel)
    assert "Posted late: this digest was due at 07:00 (Europe/Berlin)" in message["content"]
    assert entry is not None
    assert entry.status is LogStatus.POSTED
    assert entry.late
    assert "(late)" in embed_text(status["data"])


async def test_downtime_beyond_the_grace_period_is_skipped_and_recorded(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(days=3))
    async with digest_bot(fake_discord, tmp_path, clock):
        await set_digest(fake_discord, room)
    clock.set(SEPT_28_0700_BERLIN + timedelta(hours=7))  # grace is 6 hours
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        history = await bot.services.digests.store.history(room.guild.id)
        status = embed_text(
            (await command(fake_discord, "digest status", {}, room.admin, room))["data"]
        )
    assert posts(fake_discord, room.channel) == []
    assert [e.local_date for e in history] == [date(2026, 9, d) for d in (28, 27, 26, 25)]
    assert all(e.status is LogStatus.SKIPPED and "offline" in (e.detail or "") for e in history)
    assert "2026-09-28: skipped: missed" in status


async def test_a_day_with_nothing_is_skipped_or_shows_the_nearest_day(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    room = newsroom(fake_discord)
    day = datetime(2026, 9, 29, 7, 0, tzinfo=BERLIN)  # nothing on 29 September
    clock = ManualClock(day - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room)
        clock.set(day)
        [skipped] = await scheduler(bot).run_due(clock.now())
        clock.set(day + timedelta(days=2) - timedelta(hours=1))  # 1 October: nothing either
        await set_digest(fake_discord, room, when_empty="nearest")
        clock.set(day + timedelta(days=2))
        [nearest] = await scheduler(bot).run_due(clock.now())
    assert skipped.result is Result.SKIPPED_EMPTY
    assert nearest.result is Result.POSTED
    [message] = posts(fake_discord, room.channel)
    assert "Nothing in the archive is from 1 October" in message["content"]
    assert "nearest day with items is 30 September" in message["content"]
    assert "11 years ago (2015)" in embed_text(message)


# --- DST ------------------------------------------------------------------------------------------


async def _post_times_across(
    fake: FakeDiscord, folder: Path, zone: str, day: date, time: str
) -> list[datetime]:
    """Run the scheduler every 10 minutes across a DST day (23 or 25 hours); when it posted."""
    room = newsroom(fake)
    tz = ZoneInfo(zone)
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    clock = ManualClock(start - timedelta(hours=1))
    posted: list[datetime] = []
    async with digest_bot(fake, folder, clock) as bot:
        await set_digest(fake, room, time, timezone=zone, when_empty="nearest")
        now = start
        while now < end:
            clock.set(now)
            for outcome in await scheduler(bot).run_due(now):
                if outcome.result is Result.POSTED:
                    posted.append(now)
            now += timedelta(minutes=10)
    assert len(posts(fake, room.channel)) == len(posted)
    return posted


@pytest.mark.parametrize(
    ("zone", "day", "time", "expected_utc"),
    [
        ("Europe/Berlin", date(2026, 3, 29), "02:30", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        ("Europe/Berlin", date(2026, 10, 25), "02:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        ("America/New_York", date(2026, 3, 8), "02:30", datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        ("America/New_York", date(2026, 11, 1), "01:30", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
    ],
    ids=[
        "berlin-spring-forward",
        "berlin-fall-back",
        "new-york-spring-forward",
        "new-york-fall-back",
    ],
)
async def test_a_dst_change_day_posts_exactly_once(
    fake_discord: FakeDiscord,
    tmp_path: Path,
    zone: str,
    day: date,
    time: str,
    expected_utc: datetime,
) -> None:
    """A time skipped by spring-forward posts once, later; a repeated one posts once, first."""
    assert await _post_times_across(fake_discord, tmp_path, zone, day, time) == [expected_utc]


async def test_the_cron_job_is_built_in_the_server_zone_and_posts(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """The APScheduler job (trigger, next fire time, callback) matches what the tests drive."""
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room)
        job = next(j for j in scheduler(bot).jobs() if j.id == f"digest:{room.guild.id}")
        assert str(job.trigger.timezone) == "Europe/Berlin"
        assert {f.name: str(f) for f in job.trigger.fields}["hour"] == "7"
        fire = job.trigger.get_next_fire_time(None, clock.now())
        assert fire == SEPT_28_0700_BERLIN
        clock.set(SEPT_28_0700_BERLIN)
        await job.func(*job.args)  # what APScheduler runs at 07:00
        await job.func(*job.args)  # a duplicate fire is harmless
    assert len(posts(fake_discord, room.channel)) == 1


async def test_a_claim_left_by_a_crash_is_closed_not_reposted(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """Stopped mid-send, the message may have gone out: never risk posting the day twice."""
    room = newsroom(fake_discord)
    clock = ManualClock(SEPT_28_0700_BERLIN - timedelta(hours=1))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        await set_digest(fake_discord, room)
        store = bot.services.digests.store
        assert await store.claim(room.guild.id, date(2026, 9, 28), 1, late=False, now=clock.now())
    clock.set(SEPT_28_0700_BERLIN + timedelta(minutes=3))
    async with digest_bot(fake_discord, tmp_path, clock) as bot:
        entry = await bot.services.digests.store.entry(room.guild.id, date(2026, 9, 28))
        status = await command(fake_discord, "digest status", {}, room.admin, room)
    assert posts(fake_discord, room.channel) == []
    assert entry is not None
    assert entry.status is LogStatus.FAILED
    assert "stopped while posting" in embed_text(status["data"])
