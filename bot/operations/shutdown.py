"""Letting in-flight interactions finish before the bot closes its connections.

discord.py runs each slash command, button click and modal in its own task and does not
wait for them on close; closing the HTTP session and the database under them would turn a
half-done command into a traceback and an unanswered user. So shutdown waits a short grace
period for them to finish, then cancels what is left and waits for the cancellation.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger(__name__)

GRACE = 5.0
# The names discord.py 2.x gives the tasks that run interaction handlers.
_HANDLER_TASKS = ("CommandTree-invoker", "discord-ui-view-dispatch-", "discord-ui-modal-dispatch-")


def interaction_tasks() -> list[asyncio.Task[Any]]:
    current = asyncio.current_task()
    return [
        task
        for task in asyncio.all_tasks()
        if task is not current and not task.done() and task.get_name().startswith(_HANDLER_TASKS)
    ]


async def finish_interactions(grace: float = GRACE) -> tuple[int, int]:
    """Wait up to ``grace`` seconds, then cancel; returns ``(finished, cancelled)``."""
    tasks = interaction_tasks()
    if not tasks:
        return 0, 0
    log.info("shutting down: waiting up to %.0f s for %d interactions", grace, len(tasks))
    _done, pending = await asyncio.wait(tasks, timeout=grace)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
        log.warning("shutting down: cancelled %d unfinished interactions", len(pending))
    return len(tasks) - len(pending), len(pending)
