"""Who the bot's owners are: ``[discord] owner_ids``, or the application's owner(s).

Read on every check (not cached at start-up), so a configuration reload that changes
``owner_ids`` takes effect on the next command.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.config import Config
from bot.errors import UserFacingError

REFUSAL = "Only the bot's owners can use /admin."


class NotOwner(app_commands.CheckFailure, UserFacingError):  # noqa: N818 (reads as a sentence)
    """Shown ephemerally by the tree's error handler; nothing ran."""

    def __init__(self, message: str = REFUSAL) -> None:
        UserFacingError.__init__(self, message)


def application_owner_ids(application: discord.AppInfo | None) -> frozenset[int]:
    """The owner of the application, or its team's admins and developers (as discord.py does)."""
    if application is None:
        return frozenset()
    if application.team is not None:
        allowed = (discord.TeamMemberRole.admin, discord.TeamMemberRole.developer)
        return frozenset(member.id for member in application.team.members if member.role in allowed)
    return frozenset({application.owner.id})


async def owner_ids(client: discord.Client, config: Config) -> frozenset[int]:
    """The configured owners; when none are configured, the application's owner(s).

    ``client.application`` is fetched at login; it is only fetched here when missing.
    """
    if config.discord.owner_ids:
        return config.discord.owner_ids
    application = client.application
    if application is None and client.is_ready():
        application = await client.application_info()
    return application_owner_ids(application)
