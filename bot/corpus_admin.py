"""Reloading the corpus while the bot keeps answering, and reporting on it.

One reload at a time (a second is refused with who started the first and how far it is).
The reload writes through its own connection in one transaction, so every command keeps
answering from the previous index until it commits, and any failure leaves that index whole.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.config import Config, load_publisher_table
from bot.errors import UserFacingError
from bot.indexer import IndexReport, build_index
from bot.search.service import SearchService
from bot.storage.database import DatabaseError, connect, describe
from bot.storage.status_store import CorpusFigures, corpus_figures, finish_reload, start_reload

log = logging.getLogger(__name__)

ProgressSink = Callable[[int, int], Awaitable[None]]
PROGRESS_EVERY = 2.0  # seconds between progress reports (Discord edits are rate-limited)


class ReloadInProgress(UserFacingError):  # noqa: N818 (reads as a sentence in replies)
    def __init__(self, started_by: str, done: int, total: int) -> None:
        super().__init__(
            f"A reload is already running (started by {started_by}, "
            f"{done:,} / {total:,} files). Try again when it has finished."
        )


class ReloadFailed(UserFacingError):  # noqa: N818
    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The reload failed: {reason}. The previous index is unchanged and still answering."
        )


@dataclass
class _Running:
    started_by: str
    done: int = 0
    total: int = 0


@dataclass(frozen=True)
class CorpusStatus:
    figures: CorpusFigures
    index_bytes: int
    corpus: Path


class CorpusAdmin:
    """Reload and status for the configured corpus and index."""

    def __init__(self, config: Config, search: Callable[[], SearchService]) -> None:
        self.config = config  # replaced by a configuration reload
        self._search = search
        self._running: _Running | None = None

    @property
    def running(self) -> bool:
        return self._running is not None

    def ensure_idle(self) -> None:
        """Raise :class:`ReloadInProgress` when a reload is running."""
        if self._running is not None:
            current = self._running
            raise ReloadInProgress(current.started_by, current.done, current.total)

    async def reload(
        self, started_by: str, progress: ProgressSink | None = None, *, full: bool = False
    ) -> IndexReport:
        """Bring the index in line with the corpus folder; refuses while another runs."""
        self.ensure_idle()
        self._running = running = _Running(started_by)
        try:
            return await self._reload(running, progress, full)
        finally:
            self._running = None

    async def _reload(
        self, running: _Running, progress: ProgressSink | None, full: bool
    ) -> IndexReport:
        started = time.perf_counter()
        last_report = 0.0
        pending: list[asyncio.Task[None]] = []

        def on_progress(done: int, total: int) -> None:
            nonlocal last_report
            running.done, running.total = done, total
            now = time.perf_counter()
            if progress is not None and (now - last_report >= PROGRESS_EVERY or done >= total):
                last_report = now
                pending.append(asyncio.ensure_future(progress(done, total)))

        # Opening the index and logging the start are writes too: a read-only, full or
        # locked index fails here, and must still give the user a reason, not a bug report.
        connection: aiosqlite.Connection | None = None
        reload_id: int | None = None
        try:
            connection = await connect(self.config.storage.database)
            reload_id = await start_reload(connection, running.started_by, _now())
            report = await build_index(
                connection,
                self.config.corpus.path,
                max_file_bytes=self.config.corpus.max_file_bytes,
                publishers=load_publisher_table(self.config.corpus),
                progress=on_progress,
                full=full,
            )
        except Exception as error:
            reason = explain_failure(error, self.config.storage.database)
            log.exception("reload failed")
            if connection is not None:
                if reload_id is not None:
                    await _record_failure(connection, reload_id, started, reason)
                await connection.close()
            raise ReloadFailed(reason) from error
        finally:
            await asyncio.gather(*pending, return_exceptions=True)
        try:
            await finish_reload(
                connection, reload_id, status="done", now=_now(), seconds=report.seconds,
                summary=summary_line(report),
            )  # fmt: skip
        finally:
            await connection.close()
        await self._search().refresh()
        return report

    async def status(self) -> CorpusStatus:
        connection = await connect(self.config.storage.database, readonly=True)
        try:
            figures = await corpus_figures(connection)
        finally:
            await connection.close()
        database = self.config.storage.database
        size = await asyncio.to_thread(_index_bytes, database)
        return CorpusStatus(figures, size, self.config.corpus.path)


def summary_line(report: IndexReport) -> str:
    return (
        f"{len(report.added)} added, {len(report.changed)} changed, "
        f"{len(report.removed)} removed, {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped"
    )


def _index_bytes(database: Path) -> int:
    total = 0
    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        if path.exists():
            total += path.stat().st_size
    return total


async def _record_failure(
    connection: aiosqlite.Connection, reload_id: int, started: float, reason: str
) -> None:
    """Best effort: the failure that stopped the reload may also stop this write."""
    try:
        await finish_reload(
            connection, reload_id, status="failed", now=_now(),
            seconds=time.perf_counter() - started, summary=reason,
        )  # fmt: skip
    except (sqlite3.Error, DatabaseError):
        log.warning("could not record the failed reload", exc_info=True)


def explain_failure(error: BaseException, database: Path) -> str:
    """Why a reload failed, in words an operator can act on (shown in the reply)."""
    if isinstance(error, FileNotFoundError | DatabaseError):
        return str(error)
    if isinstance(error, sqlite3.Error):
        return describe(error, database)
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:300]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
