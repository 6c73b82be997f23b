"""Sending a digest's messages: paced across servers, retried with back-off within the day.

The :class:`Pacer` spaces posts from all servers so 1,000 digests due at the same minute go
out as a steady stream under Discord's global rate limit instead of a burst of 429s. Sleeps
go through the injectable clock, so tests exercise the back-off without waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType

import discord

from bot.digest.clock import Clock
from bot.digest.sender import Sender, SendError

BACKOFF: tuple[float, ...] = (5.0, 30.0, 120.0, 600.0)
"""Seconds to wait before each retry of a transient failure (then give up for now)."""


class Pacer:
    """At most ``rate`` posts per second and ``concurrency`` in flight, across all servers."""

    def __init__(self, clock: Clock, *, rate: float = 20.0, concurrency: int = 8) -> None:
        self._clock = clock
        self._interval = 1.0 / rate
        self._slots = asyncio.Semaphore(concurrency)
        self._order = asyncio.Lock()
        self._next = 0.0

    async def __aenter__(self) -> None:
        await self._slots.acquire()
        try:
            async with self._order:
                now = self._clock.now().timestamp()
                wait = self._next - now
                if wait > 0:
                    await self._clock.sleep(wait)
                self._next = max(now, self._next) + self._interval
        except BaseException:
            self._slots.release()
            raise

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._slots.release()


@dataclass
class Delivery:
    """How far a digest got: ids of the messages posted, and the error that stopped it."""

    message_ids: list[int] = field(default_factory=list)
    error: SendError | None = None
    attempts: int = 0


async def deliver(
    sender: Sender,
    channel_id: int,
    messages: Sequence[tuple[str | None, Sequence[discord.Embed]]],
    *,
    clock: Clock,
    pacer: Pacer,
    backoff: Sequence[float] = BACKOFF,
) -> Delivery:
    """Post ``messages`` in order; a transient failure is retried from the failed message."""
    result = Delivery()
    retries = 0
    for content, embeds in messages:
        while True:
            result.attempts += 1
            try:
                async with pacer:
                    result.message_ids.append(await sender.send(channel_id, content, embeds))
                break
            except SendError as error:
                if not error.transient or retries >= len(backoff):
                    result.error = error
                    return result
                await clock.sleep(max(backoff[retries], error.retry_after or 0.0))
                retries += 1
    return result
