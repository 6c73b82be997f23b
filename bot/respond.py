"""Answer an interaction in time: reply at once when the work is quick, defer when it is not.

Discord drops an interaction that is not acknowledged within 3 seconds. Most searches take
milliseconds, so replying directly saves a round trip; anything still running after
``DEFER_AFTER`` seconds is deferred first and the reply edited in when ready.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import discord

from bot.errors import UserFacingError
from bot.presenter import Answer

DEFER_AFTER = 1.5


async def respond(interaction: discord.Interaction[Any], work: Awaitable[Answer]) -> None:
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    deferred = not done
    if deferred:
        await interaction.response.defer(thinking=True)
    try:
        answer = await task
    except UserFacingError as error:
        if not deferred:
            raise  # the tree's error handler answers ephemerally
        await interaction.edit_original_response(
            content=error.message, allowed_mentions=discord.AllowedMentions.none()
        )
        return
    kwargs = answer.reply.kwargs()
    if answer.view is not None:
        kwargs["view"] = answer.view
    if deferred:
        await interaction.edit_original_response(**kwargs)
    else:
        await interaction.response.send_message(**kwargs, ephemeral=answer.reply.ephemeral)
