"""Owner operations: configuration reload, command sync, health figures, the error log.

Everything here works on a running :class:`~bot.client.DatelineBot`; ``cogs/admin.py`` is the
Discord front end and ``bot/app.py`` wires the same functions to SIGHUP and SIGTERM.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.operations.error_log import ErrorLog


@dataclass
class Operations:
    """Process-level facts the owner commands report on, kept on the bot (not in a global).

    ``reload_lock`` serialises configuration reloads, so SIGHUP and /admin reload never
    interleave; ``spawn`` keeps background tasks referenced until they finish (asyncio only
    holds weak references, so an unreferenced task can vanish mid-way).
    """

    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_monotonic: float = field(default_factory=time.monotonic)
    errors: ErrorLog = field(default_factory=ErrorLog)
    reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_config_reload: datetime | None = None
    _tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    @property
    def uptime(self) -> float:
        return time.monotonic() - self.started_monotonic

    def spawn(self, work: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


__all__ = ["ErrorLog", "Operations"]
