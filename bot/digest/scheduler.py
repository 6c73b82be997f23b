"""Running digests: one APScheduler cron job per server, a sweep, and start-up catch-up.

Every path ends in :meth:`DigestScheduler.run_guild` with an explicit ``now``, which asks
:func:`bot.digest.schedule.due` what is due and claims the day in the database before
sending. So the cron job (real time), the periodic sweep, start-up catch-up and tests
(chosen times via :meth:`run_due`) share one code path, and duplicate fires are harmless.
Nothing here lets an exception escape into APScheduler: a failing server is logged and
recorded, and the others carry on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.digest.clock import Clock
from bot.digest.content import DigestContent, find_content, heading, pages
from bot.digest.delivery import BACKOFF, Pacer, deliver
from bot.digest.models import DigestSettings, LogStatus, WhenEmpty
from bot.digest.schedule import cron_trigger, due, missed_days
from bot.digest.sender import Sender
from bot.search.service import SearchService
from bot.storage.digest_store import DigestStore

log = logging.getLogger(__name__)

PAUSE_AFTER_FAILURES = 3
SWEEP_MINUTES = 10
CONTENT_TTL = timedelta(minutes=10)
MISSED_DETAIL = "missed: the bot was offline past the grace period"
EMPTY_DETAIL = "nothing in the archive on this day"
INTERRUPTED_DETAIL = "the bot stopped while posting; not retried, to never post a day twice"


class Result(StrEnum):
    NOTHING_DUE = "nothing-due"
    ALREADY_DONE = "already-done"
    POSTED = "posted"
    SKIPPED_EMPTY = "skipped-empty"
    SKIPPED_MISSED = "skipped-missed"
    FAILED = "failed"
    RETRY_LATER = "retry-later"


@dataclass(frozen=True)
class Outcome:
    """What one run did for one server (for logs and tests)."""

    guild_id: int
    result: Result
    local_date: date | None = None
    late: bool = False
    detail: str | None = None


class DigestScheduler:
    """Decides, claims and posts; owns the APScheduler instance while the bot runs."""

    def __init__(
        self,
        store: DigestStore,
        search: Callable[[], SearchService],
        clock: Clock,
        *,
        grace: timedelta,
        backoff: Sequence[float] = BACKOFF,
        pacer: Pacer | None = None,
    ) -> None:
        self.store = store
        self._search = search
        self.clock = clock
        self.grace = grace
        self.backoff = tuple(backoff)
        self.pacer = pacer or Pacer(clock)
        self.sender: Sender | None = None
        self.apscheduler: AsyncIOScheduler | None = None
        self.catch_up_task: asyncio.Task[list[Outcome]] | None = None
        self._content: dict[tuple[date, WhenEmpty], tuple[datetime, DigestContent | None]] = {}
        self._content_lock = asyncio.Lock()

    # --- lifecycle -----------------------------------------------------------------------------

    async def start(self, sender: Sender, *, run_jobs: bool = True) -> None:
        """Rebuild every job from the database, start APScheduler, then catch up in the background.

        ``run_jobs=False`` starts APScheduler paused (jobs exist with their next fire times but
        never fire), for tests that drive :meth:`run_due` with a manual clock.
        """
        self.sender = sender
        abandoned = await self.store.abandon_claims(INTERRUPTED_DETAIL, now=self.clock.now())
        if abandoned:
            log.warning("%d digest posts were interrupted by the last shutdown", abandoned)
        scheduler = AsyncIOScheduler(
            timezone="UTC",
            job_defaults={"coalesce": True, "max_instances": 1},
        )
        self.apscheduler = scheduler
        for settings in await self.store.all_settings():
            self.schedule(settings)
        scheduler.add_job(
            self._sweep,
            IntervalTrigger(minutes=SWEEP_MINUTES),
            id="digest:sweep",
            misfire_grace_time=None,
        )
        scheduler.start(paused=not run_jobs)
        self.catch_up_task = asyncio.create_task(self._catch_up(), name="digest-catch-up")

    async def stop(self) -> None:
        if self.apscheduler is not None and self.apscheduler.running:
            self.apscheduler.shutdown(wait=False)
        self.apscheduler = None
        task, self.catch_up_task = self.catch_up_task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def schedule(self, settings: DigestSettings | None, guild_id: int | None = None) -> None:
        """Create, replace or remove a server's cron job to match its settings."""
        scheduler = self.apscheduler
        if scheduler is None:
            return
        job_id = f"digest:{settings.guild_id if settings else guild_id}"
        if settings is None or settings.paused:
            if scheduler.get_job(job_id) is not None:
                scheduler.remove_job(job_id)
            return
        scheduler.add_job(
            self._job,
            cron_trigger(settings.hour, settings.minute, settings.timezone),
            args=[settings.guild_id],
            id=job_id,
            replace_existing=True,
            misfire_grace_time=max(1, int(self.grace.total_seconds())),
        )

    def next_run(self, guild_id: int) -> datetime | None:
        """When APScheduler will next fire this server's job (``None`` when there is none)."""
        if self.apscheduler is None:
            return None
        job = self.apscheduler.get_job(f"digest:{guild_id}")
        when: datetime | None = getattr(job, "next_run_time", None) if job else None
        return when

    async def _job(self, guild_id: int) -> None:
        await self.run_guild(guild_id, self.clock.now())

    async def _sweep(self) -> None:
        await self.run_due(self.clock.now())

    async def _catch_up(self) -> list[Outcome]:
        outcomes = await self.run_due(self.clock.now())
        late = [o for o in outcomes if o.result is Result.POSTED and o.late]
        missed = [o for o in outcomes if o.result is Result.SKIPPED_MISSED]
        log.info("digest catch-up: %d posted late, %d missed and skipped", len(late), len(missed))
        return outcomes

    # --- running -------------------------------------------------------------------------------

    async def run_due(self, now: datetime) -> list[Outcome]:
        """Handle every server whose digest is due at ``now`` (concurrently, paced)."""
        settings = await self.store.all_settings()
        last = await self.store.last_logged_dates()
        runs = [self._run_settings(s, now, last.get(s.guild_id)) for s in settings if not s.paused]
        return list(await asyncio.gather(*runs))

    async def run_guild(self, guild_id: int, now: datetime) -> Outcome:
        settings = await self.store.settings(guild_id)
        if settings is None:
            return Outcome(guild_id, Result.NOTHING_DUE)
        last = await self.store.last_logged_date(guild_id)
        return await self._run_settings(settings, now, last)

    async def _run_settings(
        self, settings: DigestSettings, now: datetime, last: date | None
    ) -> Outcome:
        try:
            return await self._run(settings, now, last)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # one server must never stop the others
            log.exception("digest for guild %s failed unexpectedly", settings.guild_id)
            await self._safe_record_error(settings.guild_id, f"internal error: {error!r}", now)
            return Outcome(settings.guild_id, Result.FAILED, detail=repr(error))

    async def _run(self, settings: DigestSettings, now: datetime, last: date | None) -> Outcome:
        """``last`` is the latest logged day: a cheap pre-check; the claim is what counts."""
        guild = settings.guild_id
        when = due(settings, now, self.grace)
        if when is None:
            return Outcome(guild, Result.NOTHING_DUE)
        if last is not None and last >= when.local_date:
            return Outcome(guild, Result.ALREADY_DONE, when.local_date)
        missed = missed_days(settings, last, when.local_date)
        if missed:
            await self.store.record_skips(guild, missed, MISSED_DETAIL, now=now)
        if not when.post:
            if await self.store.record_skips(guild, [when.local_date], MISSED_DETAIL, now=now):
                return Outcome(guild, Result.SKIPPED_MISSED, when.local_date, late=True)
            return Outcome(guild, Result.ALREADY_DONE, when.local_date)
        if not await self.store.claim(
            guild, when.local_date, settings.channel_id, late=when.late, now=now
        ):
            return Outcome(guild, Result.ALREADY_DONE, when.local_date)
        return await self._post_claimed(settings, when.local_date, when.fire, when.late, now)

    async def _post_claimed(
        self, settings: DigestSettings, day: date, fire: datetime, late: bool, now: datetime
    ) -> Outcome:
        """Post a day this run has claimed; finish or release the claim whatever happens."""
        guild = settings.guild_id
        try:
            content = await self.content(day, settings.when_empty, now)
        except BaseException:
            await self.store.release(guild, day)
            raise
        if content is None:
            await self.store.finish(guild, day, LogStatus.SKIPPED, now=now, detail=EMPTY_DETAIL)
            return Outcome(guild, Result.SKIPPED_EMPTY, day)
        note = None
        if late:
            local = fire.astimezone(settings.zone)
            note = f"Posted late: this digest was due at {local:%H:%M} ({settings.timezone})."
        messages = pages(content)
        batch = [
            (heading(content, late_note=note) if i == 0 else None, m)
            for i, m in enumerate(messages)
        ]
        if self.sender is None:
            await self.store.release(guild, day)
            return Outcome(guild, Result.RETRY_LATER, day, detail="not connected")
        try:
            delivery = await deliver(
                self.sender,
                settings.channel_id,
                batch,
                clock=self.clock,
                pacer=self.pacer,
                backoff=self.backoff,
            )
        except asyncio.CancelledError:
            # Shutting down mid-send: the message may have gone out, so the claim stays and
            # the next start-up closes it (see DigestStore.abandon_claims).
            raise
        except Exception:
            await self.store.release(guild, day)  # a bug before anything was sent
            raise
        finished = self.clock.now()
        error = delivery.error
        if error is None:
            await self.store.finish(
                guild, day, LogStatus.POSTED, now=finished, message_ids=delivery.message_ids
            )
            await self.store.record_success(guild)
            return Outcome(guild, Result.POSTED, day, late=late)
        if error.transient and not delivery.message_ids:
            await self.store.release(guild, day)
            await self.store.record_error(
                guild, error.reason, finished, count=False, pause_after=PAUSE_AFTER_FAILURES
            )
            return Outcome(guild, Result.RETRY_LATER, day, detail=error.reason)
        detail = error.reason
        if delivery.message_ids:
            detail = f"posted {len(delivery.message_ids)} of {len(batch)} messages; {detail}"
        await self.store.finish(
            guild,
            day,
            LogStatus.FAILED,
            now=finished,
            message_ids=delivery.message_ids,
            detail=detail,
        )
        updated = await self.store.record_error(
            guild, detail, finished, count=True, pause_after=PAUSE_AFTER_FAILURES
        )
        if updated is not None and updated.paused:
            log.warning("digest for guild %s paused itself: %s", guild, updated.pause_reason)
            self.schedule(updated)
        return Outcome(guild, Result.FAILED, day, detail=detail)

    async def _safe_record_error(self, guild_id: int, error: str, now: datetime) -> None:
        try:
            await self.store.record_error(
                guild_id, error, now, count=False, pause_after=PAUSE_AFTER_FAILURES
            )
        except Exception:  # already failing; the log has the first error
            log.exception("could not record the digest error for guild %s", guild_id)

    async def content(
        self, day: date, when_empty: WhenEmpty, now: datetime
    ) -> DigestContent | None:
        """The day's content, shared by every server posting that date for a few minutes."""
        key = (day, when_empty)
        async with self._content_lock:  # 1,000 servers due at once run one search, not 1,000
            cached = self._content.get(key)
            if cached is not None and abs(now - cached[0]) < CONTENT_TTL:
                return cached[1]
            nearest = when_empty is WhenEmpty.NEAREST
            found = await find_content(self._search(), day, nearest=nearest)
            if len(self._content) > 16:
                self._content.clear()
            self._content[key] = (now, found)
            return found

    def jobs(self) -> list[Any]:
        """The APScheduler jobs (for status and tests)."""
        return list(self.apscheduler.get_jobs()) if self.apscheduler else []
