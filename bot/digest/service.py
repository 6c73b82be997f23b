"""What the /digest commands do, as plain-value methods (no Discord types in or out).

The cog parses options and calls exactly one method here; settings go to the
:class:`DigestStore`, and every change reschedules that server's cron job at once, so the
database and the running jobs never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.config import Config
from bot.digest.clock import Clock, SystemClock
from bot.digest.content import DigestContent
from bot.digest.delivery import BACKOFF, Pacer
from bot.digest.models import DigestSettings, LogEntry, WhenEmpty
from bot.digest.schedule import next_fire
from bot.digest.scheduler import DigestScheduler
from bot.digest.sender import Sender
from bot.errors import UserFacingError
from bot.search.query import parse_month_day
from bot.search.service import SearchService
from bot.storage.digest_store import DigestStore

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)


class DigestError(UserFacingError):
    """A /digest request that cannot be done as asked; the message says why."""


@dataclass(frozen=True)
class DigestStatus:
    """A server's digest as /digest status shows it (``settings`` is ``None`` when off)."""

    guild_id: int
    settings: DigestSettings | None
    next_run: datetime | None
    last_post: LogEntry | None
    recent: tuple[LogEntry, ...]


@dataclass(frozen=True)
class DigestPreview:
    """What would be posted for ``local_date`` (``content`` is ``None`` when it would skip)."""

    local_date: date
    content: DigestContent | None
    when_empty: WhenEmpty


def parse_time(text: str) -> tuple[int, int]:
    """``07:30``, ``7:30``, ``7``, ``7pm``, ``19h30`` → (hour, minute) on a 24-hour clock."""
    match = _TIME.match(text)
    if match is None:
        raise DigestError(f"I could not read the time “{text[:40]}”: use HH:MM, e.g. 07:30.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise DigestError("With am/pm the hour must be 1 to 12.")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DigestError(f"“{text[:40]}” is not a time of day: use 00:00 to 23:59.")
    return hour, minute


def check_timezone(name: str) -> str:
    """The canonical IANA name, or a polite error."""
    cleaned = name.strip()
    for zone in all_timezones():
        if zone.lower() == cleaned.lower():
            return zone
    try:
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise DigestError(
            f"I don't know the time zone “{cleaned[:60]}”: pick one from the list, "
            "e.g. Europe/Berlin or America/New_York."
        ) from error
    return cleaned


@cache
def all_timezones() -> tuple[str, ...]:
    """Region/City zones (plus UTC), sorted; computed once since the tz database is fixed."""
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


class DigestService:
    """Digest settings, status and preview for the cog; owns the scheduler while running.

    ``clock``, ``backoff``, ``pacer`` and ``run_jobs`` may be replaced before :meth:`start`
    (tests use a manual clock, no real sleeps, and drive ``scheduler.run_due`` themselves).
    """

    def __init__(
        self, config: Config, store: DigestStore, search: Callable[[], SearchService]
    ) -> None:
        self.config = config
        self.store = store
        self._search = search
        self.clock: Clock = SystemClock()
        self.backoff: tuple[float, ...] = BACKOFF
        self.pacer: Pacer | None = None
        self.scheduler: DigestScheduler | None = None
        self.run_jobs = True

    @classmethod
    async def open(cls, config: Config, search: Callable[[], SearchService]) -> DigestService:
        return cls(config, await DigestStore.open(config.storage.database), search)

    async def close(self) -> None:
        await self.stop()
        await self.store.close()

    @property
    def grace(self) -> timedelta:
        return timedelta(hours=self.config.digest.grace_hours)

    async def start(self, sender: Sender) -> DigestScheduler:
        """Build the scheduler from the database and start it (called from setup_hook)."""
        await self.stop()
        self.scheduler = DigestScheduler(
            self.store,
            self._search,
            self.clock,
            grace=self.grace,
            backoff=self.backoff,
            pacer=self.pacer,
        )
        await self.scheduler.start(sender, run_jobs=self.run_jobs)
        return self.scheduler

    async def stop(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.stop()

    # --- commands ------------------------------------------------------------------------------

    async def configure(
        self,
        guild_id: int,
        *,
        user_id: int,
        channel_id: int,
        time: str,
        timezone: str | None = None,
        when_empty: str | None = None,
    ) -> DigestStatus:
        """Create or change a server's digest; it starts with the next occurrence."""
        hour, minute = parse_time(time)
        zone = check_timezone(timezone or self.config.digest.default_timezone)
        now = self.clock.now()
        old = await self.store.settings(guild_id)
        mode = WhenEmpty(when_empty) if when_empty else (old.when_empty if old else WhenEmpty.SKIP)
        settings = DigestSettings(
            guild_id=guild_id,
            channel_id=channel_id,
            hour=hour,
            minute=minute,
            timezone=zone,
            when_empty=mode,
            paused=False,
            pause_reason=None,
            active_since=now,
            failure_streak=0,
            last_error=old.last_error if old else None,
            last_error_at=old.last_error_at if old else None,
        )
        await self.store.save_settings(settings, updated_by=user_id, now=now)
        self._reschedule(settings)
        return await self.status(guild_id)

    async def turn_off(self, guild_id: int) -> bool:
        """Delete the settings (the log stays, so turning it on again never re-posts a day)."""
        removed = await self.store.delete_settings(guild_id)
        if self.scheduler is not None:
            self.scheduler.schedule(None, guild_id)
        return removed

    async def pause(self, guild_id: int, *, user_id: int) -> DigestStatus:
        settings = await self._existing(guild_id)
        if settings.paused:
            raise DigestError("The digest is already paused; /digest resume starts it again.")
        paused = replace(settings, paused=True, pause_reason="paused by an admin")
        await self.store.save_settings(paused, updated_by=user_id, now=self.clock.now())
        self._reschedule(paused)
        return await self.status(guild_id)

    async def resume(self, guild_id: int, *, user_id: int) -> DigestStatus:
        """Unpause; days missed while paused are not posted, the next occurrence is."""
        settings = await self._existing(guild_id)
        if not settings.paused:
            raise DigestError("The digest is not paused.")
        now = self.clock.now()
        resumed = replace(
            settings, paused=False, pause_reason=None, active_since=now, failure_streak=0
        )
        await self.store.save_settings(resumed, updated_by=user_id, now=now)
        self._reschedule(resumed)
        return await self.status(guild_id)

    async def status(self, guild_id: int) -> DigestStatus:
        settings = await self.store.settings(guild_id)
        upcoming = None
        if settings is not None and not settings.paused:
            upcoming = next_fire(settings, self.clock.now())
        return DigestStatus(
            guild_id=guild_id,
            settings=settings,
            next_run=upcoming,
            last_post=await self.store.last_post(guild_id),
            recent=tuple(await self.store.history(guild_id, limit=5)),
        )

    async def preview(self, guild_id: int, day: str | None = None) -> DigestPreview:
        """What the digest would post on ``day`` (MM-DD or YYYY-MM-DD; default: today there)."""
        settings = await self.store.settings(guild_id)
        zone = settings.timezone if settings else self.config.digest.default_timezone
        mode = settings.when_empty if settings else WhenEmpty.SKIP
        now = self.clock.now()
        today = now.astimezone(ZoneInfo(zone)).date()
        local = _preview_date(day, today)
        scheduler = self.scheduler or DigestScheduler(
            self.store, self._search, self.clock, grace=self.grace
        )
        content = await scheduler.content(local, mode, now)
        return DigestPreview(local, content, mode)

    def timezone_choices(self, current: str, limit: int = 25) -> list[str]:
        """Zones containing what was typed (``berlin`` → Europe/Berlin), prefix matches first."""
        needle = current.strip().lower().replace(" ", "_")
        zones = all_timezones()
        if not needle:
            default = self.config.digest.default_timezone
            return [default, *[z for z in _COMMON_ZONES if z != default]][:limit]
        starts = [z for z in zones if z.lower().startswith(needle)]
        parts = [
            z
            for z in zones
            if z not in starts and any(p.startswith(needle) for p in z.lower().split("/"))
        ]
        inside = [z for z in zones if needle in z.lower() and z not in starts and z not in parts]
        return (starts + parts + inside)[:limit]

    async def _existing(self, guild_id: int) -> DigestSettings:
        settings = await self.store.settings(guild_id)
        if settings is None:
            raise DigestError("This server has no digest yet: set one up with /digest set.")
        return settings

    def _reschedule(self, settings: DigestSettings) -> None:
        if self.scheduler is not None:
            self.scheduler.schedule(settings)


_COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
)


def _preview_date(text: str | None, today: date) -> date:
    """A typed day as a date: YYYY-MM-DD as given, MM-DD in the current year."""
    if not text:
        return today
    cleaned = text.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", cleaned):
        try:
            return date.fromisoformat("-".join(part.zfill(2) for part in cleaned.split("-")))
        except ValueError as error:
            raise DigestError(f"“{cleaned}” is not a date: use MM-DD or YYYY-MM-DD.") from error
    month, day = parse_month_day(cleaned)
    try:
        return date(today.year, month, day)
    except ValueError:  # 29 February outside a leap year: show it on the 28th
        return date(today.year, month, 28)
