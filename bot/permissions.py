"""Who may change things: server managers, the bot's owners, or a configured admin role.

Discord's ``default_member_permissions`` hides admin commands from members, but a server can
override that, so every admin command also checks here before it changes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.config import Config
from bot.errors import UserFacingError

T = TypeVar("T")
REFUSAL = "Only server managers (Manage Server) or the bot's owners can do that."


class NotAllowed(app_commands.CheckFailure, UserFacingError):  # noqa: N818
    """Shown ephemerally by the tree's error handler; nothing has been changed."""

    def __init__(self, message: str = REFUSAL) -> None:
        UserFacingError.__init__(self, message)


def is_admin(interaction: discord.Interaction[Any], config: Config, admin_role_id: int = 0) -> bool:
    """Manage Server in this server, an owner id from the config, or the admin role."""
    if interaction.user.id in config.discord.owner_ids:
        return True
    if interaction.guild is None:
        return False
    if interaction.permissions.manage_guild:
        return True
    roles = getattr(interaction.user, "roles", [])
    return bool(admin_role_id) and any(role.id == admin_role_id for role in roles)


def admin_only() -> Callable[[T], T]:
    """An app-command check reading the running bot's configuration."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        config: Config = interaction.client.services.config
        if not is_admin(interaction, config, config.digest.admin_role_id):
            raise NotAllowed()
        return True

    return app_commands.check(predicate)
