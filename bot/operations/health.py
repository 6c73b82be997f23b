"""The figures /admin health shows, gathered from the running bot.

Memory is read from ``/proc/self/statm`` (current RSS) where it exists and otherwise from
``resource`` (peak RSS), so production does not need psutil.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import discord

from bot.operations.error_log import ErrorEntry, ErrorKind
from bot.storage.status_store import ReloadRecord

if TYPE_CHECKING:
    from bot.client import DatelineBot

STATM = Path("/proc/self/statm")


@dataclass(frozen=True)
class ShardState:
    shard_id: int
    state: str  # "connected", "connecting", "closed"
    latency: float | None


@dataclass(frozen=True)
class Memory:
    rss_bytes: int
    peak: bool  # True when only the peak is known (no /proc)


@dataclass(frozen=True)
class Job:
    id: str
    next_run: datetime | None


@dataclass(frozen=True)
class Health:
    latency: float | None
    shards: tuple[ShardState, ...]
    guilds: int
    started_at: datetime
    uptime: timedelta
    memory: Memory | None
    index_bytes: int
    articles: int
    quotes: int
    last_reload: ReloadRecord | None
    config_source: Path | None
    last_config_reload: datetime | None
    jobs: tuple[Job, ...]
    error_kinds: tuple[ErrorKind, ...]
    recent_errors: tuple[ErrorEntry, ...]

    @property
    def next_job(self) -> Job | None:
        timed = [(job.next_run, job) for job in self.jobs if job.next_run is not None]
        return min(timed, key=lambda pair: pair[0])[1] if timed else None


async def gather_health(bot: DatelineBot) -> Health:
    status = await bot.services.corpus.status()
    counts = status.figures.counts
    operations = bot.operations
    return Health(
        latency=_seconds(bot.latency),
        shards=shard_states(bot),
        guilds=len(bot.guilds),
        started_at=operations.started_at,
        uptime=timedelta(seconds=int(operations.uptime)),
        memory=memory(),
        index_bytes=status.index_bytes,
        articles=counts.get("articles", 0),
        quotes=counts.get("quotes", 0),
        last_reload=status.figures.last_reload,
        config_source=bot.services.config.source,
        last_config_reload=operations.last_config_reload,
        jobs=scheduler_jobs(bot),
        error_kinds=tuple(operations.errors.by_kind()),
        recent_errors=tuple(operations.errors.newest(5)),
    )


def _seconds(value: float) -> float | None:
    """discord.py reports ``inf``/``nan`` before the first heartbeat ACK."""
    return value if math.isfinite(value) else None


def shard_states(bot: discord.Client) -> tuple[ShardState, ...]:
    if isinstance(bot, discord.AutoShardedClient):
        return tuple(
            ShardState(
                shard.id,
                "closed" if shard.is_closed() else "connected",
                _seconds(shard.latency),
            )
            for shard in bot.shards.values()
        )
    websocket = bot.ws
    if bot.is_closed():
        state = "closed"
    elif websocket is not None and websocket.open and bot.is_ready():
        state = "connected"
    else:
        state = "connecting"
    return (ShardState(bot.shard_id or 0, state, _seconds(bot.latency)),)


def memory() -> Memory | None:
    try:
        pages = int(STATM.read_text("ascii").split()[1])
        return Memory(pages * os.sysconf("SC_PAGE_SIZE"), peak=False)
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
        import sys
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return Memory(peak if sys.platform == "darwin" else peak * 1024, peak=True)


def scheduler_jobs(bot: DatelineBot) -> tuple[Job, ...]:
    scheduler = bot.services.digests.scheduler
    if scheduler is None:
        return ()
    return tuple(Job(str(job.id), getattr(job, "next_run_time", None)) for job in scheduler.jobs())
