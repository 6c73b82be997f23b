"""Plain values the digest store returns and the service, scheduler and cog pass around."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class WhenEmpty(StrEnum):
    """What to post on a day the archive has nothing for."""

    SKIP = "skip"
    NEAREST = "nearest"


class LogStatus(StrEnum):
    """A digest-log row: ``claimed`` while sending, then one of the final states."""

    CLAIMED = "claimed"
    POSTED = "posted"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class DigestSettings:
    """One server's digest configuration plus its error state.

    ``active_since`` is when the settings were last set or resumed: occurrences before it are
    never posted, so setting a time that already passed today waits for tomorrow.
    """

    guild_id: int
    channel_id: int
    hour: int
    minute: int
    timezone: str
    when_empty: WhenEmpty
    paused: bool
    pause_reason: str | None
    active_since: datetime
    failure_streak: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def time_text(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class LogEntry:
    """What happened to one server's digest on one local date."""

    guild_id: int
    local_date: date
    status: LogStatus
    late: bool
    channel_id: int | None
    message_ids: tuple[int, ...]
    detail: str | None
    claimed_at: datetime
    finished_at: datetime | None
