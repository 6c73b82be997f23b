"""All digest SQL: per-server settings and the per-day log whose unique row is the claim.

The store owns its own writer connection and serialises its transactions with a lock, so
hundreds of concurrent digest jobs never interleave ``BEGIN`` on one connection and never
block the index writer for longer than one short transaction.

Exactly-once lives here: :meth:`DigestStore.claim` inserts the ``(guild_id, local_date)``
row before anything is sent, and only the caller that inserted it may send. A failed send
deletes the claim again (:meth:`release`) so a retry can claim it; a finished one turns it
into ``posted``, ``failed`` or ``skipped``, which no later run will ever claim.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path

import aiosqlite

from bot.digest.models import DigestSettings, LogEntry, LogStatus, WhenEmpty
from bot.storage.database import connect, transaction

_SETTINGS_COLUMNS = (
    "guild_id, channel_id, hour, minute, timezone, when_empty, paused, pause_reason, "
    "active_since, failure_streak, last_error, last_error_at"
)
_LOG_COLUMNS = (
    "guild_id, local_date, status, late, channel_id, message_ids, detail, claimed_at, finished_at"
)


def _iso(when: datetime) -> str:
    return when.isoformat()


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _settings(row: aiosqlite.Row) -> DigestSettings:
    since = _when(row["active_since"])
    assert since is not None
    return DigestSettings(
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        hour=int(row["hour"]),
        minute=int(row["minute"]),
        timezone=str(row["timezone"]),
        when_empty=WhenEmpty(row["when_empty"]),
        paused=bool(row["paused"]),
        pause_reason=row["pause_reason"],
        active_since=since,
        failure_streak=int(row["failure_streak"]),
        last_error=row["last_error"],
        last_error_at=_when(row["last_error_at"]),
    )


def _log(row: aiosqlite.Row) -> LogEntry:
    claimed = _when(row["claimed_at"])
    assert claimed is not None
    ids = str(row["message_ids"] or "")
    return LogEntry(
        guild_id=int(row["guild_id"]),
        local_date=date.fromisoformat(row["local_date"]),
        status=LogStatus(row["status"]),
        late=bool(row["late"]),
        channel_id=row["channel_id"],
        message_ids=tuple(int(part) for part in ids.split(",") if part),
        detail=row["detail"],
        claimed_at=claimed,
        finished_at=_when(row["finished_at"]),
    )


class DigestStore:
    """Digest settings and log on a dedicated connection to the index database."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> DigestStore:
        return cls(await connect(path))

    async def close(self) -> None:
        await self._db.close()

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock, transaction(self._db):
            yield self._db

    async def _one(self, sql: str, params: Sequence[object]) -> aiosqlite.Row | None:
        async with self._lock, self._db.execute(sql, params) as cursor:
            row: aiosqlite.Row | None = await cursor.fetchone()
        return row

    async def _all(self, sql: str, params: Sequence[object] = ()) -> list[aiosqlite.Row]:
        async with self._lock, self._db.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
        return list(rows)

    # --- settings ------------------------------------------------------------------------------

    async def settings(self, guild_id: int) -> DigestSettings | None:
        row = await self._one(
            f"SELECT {_SETTINGS_COLUMNS} FROM digest_settings WHERE guild_id = ?", (guild_id,)
        )
        return _settings(row) if row else None

    async def all_settings(self) -> list[DigestSettings]:
        rows = await self._all(f"SELECT {_SETTINGS_COLUMNS} FROM digest_settings ORDER BY guild_id")
        return [_settings(row) for row in rows]

    async def save_settings(
        self, settings: DigestSettings, *, updated_by: int | None, now: datetime
    ) -> None:
        """Insert or replace a server's settings (error state and streak included)."""
        async with self._write() as db:
            await db.execute(
                f"INSERT INTO digest_settings ({_SETTINGS_COLUMNS}, updated_by, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(guild_id) DO UPDATE SET channel_id = excluded.channel_id, "
                "hour = excluded.hour, minute = excluded.minute, timezone = excluded.timezone, "
                "when_empty = excluded.when_empty, paused = excluded.paused, "
                "pause_reason = excluded.pause_reason, active_since = excluded.active_since, "
                "failure_streak = excluded.failure_streak, last_error = excluded.last_error, "
                "last_error_at = excluded.last_error_at, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                (
                    settings.guild_id,
                    settings.channel_id,
                    settings.hour,
                    settings.minute,
                    settings.timezone,
                    settings.when_empty.value,
                    int(settings.paused),
                    settings.pause_reason,
                    _iso(settings.active_since),
                    settings.failure_streak,
                    settings.last_error,
                    _iso(settings.last_error_at) if settings.last_error_at else None,
                    updated_by,
                    _iso(now),
                ),
            )

    async def delete_settings(self, guild_id: int) -> bool:
        """Turn a server's digest off; its log stays, so re-enabling never re-posts a day."""
        async with self._write() as db:
            cursor = await db.execute("DELETE FROM digest_settings WHERE guild_id = ?", (guild_id,))
            return cursor.rowcount > 0

    async def set_paused(
        self, guild_id: int, paused: bool, reason: str | None, *, active_since: datetime
    ) -> bool:
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE digest_settings SET paused = ?, pause_reason = ?, active_since = ?, "
                "failure_streak = CASE WHEN ? THEN failure_streak ELSE 0 END "
                "WHERE guild_id = ?",
                (int(paused), reason, _iso(active_since), int(paused), guild_id),
            )
            return cursor.rowcount > 0

    async def record_success(self, guild_id: int) -> None:
        """A day was posted: the failure streak starts again from zero."""
        async with self._write() as db:
            await db.execute(
                "UPDATE digest_settings SET failure_streak = 0 WHERE guild_id = ?", (guild_id,)
            )

    async def record_error(
        self, guild_id: int, error: str, when: datetime, *, count: bool, pause_after: int
    ) -> DigestSettings | None:
        """Remember the last error; a counted failure that reaches ``pause_after`` pauses.

        Returns the updated settings so the caller can tell whether it just paused.
        """
        async with self._write() as db:
            await db.execute(
                "UPDATE digest_settings SET last_error = ?, last_error_at = ?, "
                "failure_streak = failure_streak + ? WHERE guild_id = ?",
                (error, _iso(when), int(count), guild_id),
            )
            await db.execute(
                "UPDATE digest_settings SET paused = 1, pause_reason = ? "
                "WHERE guild_id = ? AND paused = 0 AND failure_streak >= ?",
                (
                    f"paused itself after {pause_after} failed posts in a row: {error}",
                    guild_id,
                    pause_after,
                ),
            )
            async with db.execute(
                f"SELECT {_SETTINGS_COLUMNS} FROM digest_settings WHERE guild_id = ?", (guild_id,)
            ) as cursor:
                row = await cursor.fetchone()
        return _settings(row) if row else None

    # --- the log: claims -----------------------------------------------------------------------

    async def claim(
        self, guild_id: int, local_date: date, channel_id: int, *, late: bool, now: datetime
    ) -> bool:
        """Claim the day for posting; ``False`` when any row for that day already exists."""
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO digest_log (guild_id, local_date, status, late, channel_id, "
                "claimed_at) VALUES (?, ?, 'claimed', ?, ?, ?) "
                "ON CONFLICT(guild_id, local_date) DO NOTHING",
                (guild_id, local_date.isoformat(), int(late), channel_id, _iso(now)),
            )
            return cursor.rowcount == 1

    async def release(self, guild_id: int, local_date: date) -> None:
        """Give a claimed day back (nothing was sent), so a retry can claim and post it."""
        async with self._write() as db:
            await db.execute(
                "DELETE FROM digest_log WHERE guild_id = ? AND local_date = ? "
                "AND status = 'claimed'",
                (guild_id, local_date.isoformat()),
            )

    async def abandon_claims(self, detail: str, *, now: datetime) -> int:
        """At start-up: claims left by a stopped process may or may not have been sent.

        They are closed as failed rather than released, because posting again could post a
        day twice; the detail shows in /digest status.
        """
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE digest_log SET status = 'failed', detail = ?, finished_at = ? "
                "WHERE status = 'claimed'",
                (detail, _iso(now)),
            )
            return cursor.rowcount

    async def finish(
        self,
        guild_id: int,
        local_date: date,
        status: LogStatus,
        *,
        now: datetime,
        message_ids: Sequence[int] = (),
        detail: str | None = None,
    ) -> None:
        """Turn a claim into its final state (posted, failed or skipped)."""
        async with self._write() as db:
            await db.execute(
                "UPDATE digest_log SET status = ?, message_ids = ?, detail = ?, finished_at = ? "
                "WHERE guild_id = ? AND local_date = ?",
                (
                    status.value,
                    ",".join(str(i) for i in message_ids),
                    detail,
                    _iso(now),
                    guild_id,
                    local_date.isoformat(),
                ),
            )

    async def record_skips(
        self, guild_id: int, days: Sequence[date], detail: str, *, now: datetime
    ) -> int:
        """Log days that will not be posted (missed while down); existing rows win."""
        inserted = 0
        async with self._write() as db:
            for day in days:
                cursor = await db.execute(
                    "INSERT INTO digest_log (guild_id, local_date, status, late, detail, "
                    "claimed_at, finished_at) VALUES (?, ?, 'skipped', 1, ?, ?, ?) "
                    "ON CONFLICT(guild_id, local_date) DO NOTHING",
                    (guild_id, day.isoformat(), detail, _iso(now), _iso(now)),
                )
                inserted += cursor.rowcount
        return inserted

    async def entry(self, guild_id: int, local_date: date) -> LogEntry | None:
        row = await self._one(
            f"SELECT {_LOG_COLUMNS} FROM digest_log WHERE guild_id = ? AND local_date = ?",
            (guild_id, local_date.isoformat()),
        )
        return _log(row) if row else None

    async def last_logged_date(self, guild_id: int) -> date | None:
        row = await self._one(
            "SELECT MAX(local_date) FROM digest_log WHERE guild_id = ?", (guild_id,)
        )
        return date.fromisoformat(row[0]) if row and row[0] else None

    async def last_logged_dates(self) -> dict[int, date]:
        """Every server's latest logged day, in one query (the sweep checks 1,000s)."""
        rows = await self._all("SELECT guild_id, MAX(local_date) FROM digest_log GROUP BY guild_id")
        return {int(row[0]): date.fromisoformat(row[1]) for row in rows if row[1]}

    async def last_post(self, guild_id: int) -> LogEntry | None:
        row = await self._one(
            f"SELECT {_LOG_COLUMNS} FROM digest_log WHERE guild_id = ? AND status = 'posted' "
            "ORDER BY local_date DESC LIMIT 1",
            (guild_id,),
        )
        return _log(row) if row else None

    async def history(self, guild_id: int, limit: int = 30) -> list[LogEntry]:
        rows = await self._all(
            f"SELECT {_LOG_COLUMNS} FROM digest_log WHERE guild_id = ? "
            "ORDER BY local_date DESC LIMIT ?",
            (guild_id, limit),
        )
        return [_log(row) for row in rows]
