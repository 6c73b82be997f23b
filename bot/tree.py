"""The command tree's error handling: every failure becomes a plain, ephemeral reply.

User mistakes (no results, a bad date, an unknown speaker) are shown as they are; anything
unexpected is logged with a short id that the user also sees, so an operator can find the
traceback from a screenshot without the user ever seeing one.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

import discord
from discord import app_commands

from bot.errors import UserFacingError
from bot.limits import fit_content

log = logging.getLogger(__name__)


async def send_ephemeral(interaction: discord.Interaction[Any], content: str) -> None:
    """Reply ephemerally whether or not the interaction was already answered or deferred."""
    content = fit_content(content)
    mentions = discord.AllowedMentions.none()
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=True, allowed_mentions=mentions)
    else:
        await interaction.response.send_message(content, ephemeral=True, allowed_mentions=mentions)


def explain(error: BaseException) -> str | None:
    """The user-facing message for an error, or ``None`` when it is a bug to log."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserFacingError):
        return error.message
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the Manage Server permission to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works only in a server."
    if isinstance(error, app_commands.CommandOnCooldown):  # a CheckFailure: test it first
        return f"Slow down: try again in {error.retry_after:.0f} seconds."
    if isinstance(error, app_commands.CheckFailure):
        return "You are not allowed to use that command."
    if isinstance(error, app_commands.TransformerError):
        return f"I could not understand “{error.value}”."
    return None


def error_reference() -> str:
    return secrets.token_hex(4)


class DatelineTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await report_error(interaction, error)


async def report_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Tell the user what went wrong; log (with a reference) what is a bug.

    Shared by slash commands and buttons so both answer the same way.
    """
    message = explain(error)
    if message is None:
        reference = error_reference()
        command = interaction.command.qualified_name if interaction.command else "a button"
        log.error("error %s in %s", reference, command, exc_info=error)
        message = f"Something went wrong on my side (error {reference}). It has been logged."
    try:
        await send_ephemeral(interaction, message)
    except discord.HTTPException:
        log.warning("could not tell the user about an error", exc_info=True)
