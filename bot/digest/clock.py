"""An injectable clock, so the scheduler and its back-off can be driven by tests.

Everything in :mod:`bot.digest` asks a :class:`Clock` for the time and for sleeps instead of
calling ``datetime.now`` or ``asyncio.sleep``; tests pass a :class:`ManualClock` and never
wait for real time to pass.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (back-off between retries, pacing between posts)."""
        ...


class SystemClock:
    """The real time and real sleeps."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """A clock that only moves when told to; ``sleep`` advances it at once.

    ``sleeps`` records every requested wait so tests can check the back-off schedule.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(max(0.0, seconds))
        await asyncio.sleep(0)
