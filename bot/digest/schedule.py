"""When a server's digest is due: fire times from APScheduler's CronTrigger in its zone.

These are pure functions of (settings, now), so start-up catch-up, the per-server cron jobs
and the tests all agree on what is due. APScheduler computes the wall-clock arithmetic
(including DST: a nonexistent 02:30 on a spring-forward day maps to the instant an hour
later, and on a fall-back day the first 02:30 is used); one fire per *local date* is taken,
and the database claim makes the post itself happen once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.digest.models import DigestSettings

LATE_AFTER = timedelta(minutes=2)
"""A post decided this long after its fire time is marked late (the bot was down or busy)."""
MAX_RECORDED_MISSES = 7
"""At most this many older missed days are written to the log as skipped."""


@lru_cache(maxsize=4096)
def cron_trigger(hour: int, minute: int, timezone: str) -> CronTrigger:
    """The APScheduler trigger for a daily digest at ``hour:minute`` in ``timezone``.

    Cached: 1,000 servers share a few dozen (time, zone) pairs, and computing a fire time
    does not change the trigger.
    """
    return CronTrigger(hour=hour, minute=minute, timezone=ZoneInfo(timezone))


@lru_cache(maxsize=65536)
def fire_time(hour: int, minute: int, timezone: str, local_date: date) -> datetime:
    """The instant (in UTC) the digest for ``local_date`` is due in ``timezone``.

    Cached: the sweep asks this for every server every few minutes, and the answer for a
    (time, zone, date) never changes.
    """
    zone = ZoneInfo(timezone)
    midnight = datetime.combine(local_date, time(0), tzinfo=zone)
    fire: datetime | None = cron_trigger(hour, minute, timezone).get_next_fire_time(None, midnight)
    if fire is None:  # pragma: no cover - a daily cron trigger always has a next time
        raise ValueError(f"no fire time for {hour:02d}:{minute:02d} {timezone}")
    # In UTC: Python compares wall times when both sides share a zone, and never finds a
    # time inside a DST gap or fold equal to another zone's; UTC instants compare plainly.
    return fire.astimezone(UTC)


def next_fire(settings: DigestSettings, after: datetime) -> datetime:
    """The first fire time strictly after ``after`` (one per local date)."""
    day = after.astimezone(settings.zone).date()
    for _ in range(3):
        fire = fire_time(settings.hour, settings.minute, settings.timezone, day)
        if fire > after:
            return fire
        day += timedelta(days=1)
    raise AssertionError("unreachable: a daily trigger fires within two days")  # pragma: no cover


@dataclass(frozen=True)
class Due:
    """The most recent occurrence that has come due, and what to do about it."""

    local_date: date
    fire: datetime
    post: bool  # False: it is older than the grace period, record it as skipped
    late: bool


def due(settings: DigestSettings, now: datetime, grace: timedelta) -> Due | None:
    """The latest occurrence at or before ``now`` since the settings became active, if any.

    Within ``grace`` of its fire time it is posted (late after :data:`LATE_AFTER`); older,
    it is only recorded as skipped. ``None`` while paused or before the first occurrence.
    """
    if settings.paused:
        return None
    today = now.astimezone(settings.zone).date()
    for day in (today, today - timedelta(days=1)):
        fire = fire_time(settings.hour, settings.minute, settings.timezone, day)
        if fire <= now:
            break
    else:
        return None
    if fire < settings.active_since:
        return None
    lateness = now - fire
    if lateness > grace:
        return Due(day, fire, post=False, late=True)
    return Due(day, fire, post=True, late=lateness > LATE_AFTER)


def missed_days(settings: DigestSettings, last_logged: date | None, due_date: date) -> list[date]:
    """Days between the last logged day and ``due_date`` that were never handled (downtime).

    Only days after the settings became active count, and at most
    :data:`MAX_RECORDED_MISSES` of the most recent ones are returned.
    """
    first = settings.active_since.astimezone(settings.zone).date()
    if last_logged is not None:
        first = max(first, last_logged + timedelta(days=1))
    days: list[date] = []
    day = due_date - timedelta(days=1)
    while day >= first and len(days) < MAX_RECORDED_MISSES:
        fire = fire_time(settings.hour, settings.minute, settings.timezone, day)
        if fire >= settings.active_since:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)
