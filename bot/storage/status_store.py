"""The reload log and the figures ``/corpus status`` shows: all SQL for corpus administration."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.storage.index_store import counts
from bot.storage.meta_store import get_meta


@dataclass(frozen=True)
class ReloadRecord:
    started_at: str
    finished_at: str | None
    started_by: str
    status: str
    seconds: float | None
    summary: str | None


@dataclass(frozen=True)
class CorpusFigures:
    counts: dict[str, int]
    first_date: str | None
    last_date: str | None
    undated: int
    year_unknown: int
    skipped: tuple[tuple[str, str], ...]
    corrections: tuple[tuple[str, str, str], ...]  # file, fields, where
    correction_problems: tuple[str, ...]
    last_reload: ReloadRecord | None
    indexed_at: str | None


async def start_reload(connection: aiosqlite.Connection, started_by: str, now: str) -> int:
    cursor = await connection.execute(
        "INSERT INTO reloads (started_at, started_by, status) VALUES (?, ?, 'running')",
        (now, started_by),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def finish_reload(
    connection: aiosqlite.Connection,
    reload_id: int,
    *,
    status: str,
    now: str,
    seconds: float,
    summary: str,
) -> None:
    await connection.execute(
        "UPDATE reloads SET status = ?, finished_at = ?, seconds = ?, summary = ? WHERE id = ?",
        (status, now, seconds, summary, reload_id),
    )


async def corpus_figures(connection: aiosqlite.Connection) -> CorpusFigures:
    async with connection.execute(
        """SELECT min(date_iso) FILTER (WHERE year IS NOT NULL),
                  max(date_iso) FILTER (WHERE year IS NOT NULL),
                  count(*) FILTER (WHERE date_iso IS NULL),
                  count(*) FILTER (WHERE date_iso IS NOT NULL AND year IS NULL)
           FROM articles"""
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    async with connection.execute("SELECT file, reason FROM skipped_files ORDER BY file") as cur:
        skipped = tuple([(str(r[0]), str(r[1])) async for r in cur])
    async with connection.execute(
        "SELECT file, fields, origins FROM corrections ORDER BY file"
    ) as cur:
        corrections = tuple([(str(r[0]), str(r[1]), str(r[2])) async for r in cur])
    async with connection.execute("SELECT message FROM correction_problems ORDER BY id") as cur:
        problems = tuple([str(r[0]) async for r in cur])
    async with connection.execute(
        """SELECT started_at, finished_at, started_by, status, seconds, summary
           FROM reloads ORDER BY id DESC LIMIT 1"""
    ) as cur:
        last = await cur.fetchone()
    return CorpusFigures(
        counts=await counts(connection),
        first_date=row[0],
        last_date=row[1],
        undated=int(row[2]),
        year_unknown=int(row[3]),
        skipped=skipped,
        corrections=corrections,
        correction_problems=problems,
        last_reload=ReloadRecord(*last) if last else None,
        indexed_at=await get_meta(connection, "indexed_at"),
    )
