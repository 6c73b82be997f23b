"""Who may change things: server managers, the bot's owners, or a configured admin role.

Discord's ``default_member_permissions`` hides admin commands from members, but a server can
override that, so every admin command also checks here before it changes anything.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.config import Config
from bot.errors import UserFacingError

REFUSAL = (
    "Only members with the Manage Server permission (or the configured admin role) and the "
    "bot's owners can do that."
)


class NotAllowed(app_commands.CheckFailure, UserFacingError):  # noqa: N818
    """Shown ephemerally by the tree's error handler; nothing has been changed."""

    def __init__(self, message: str = REFUSAL) -> None:
        UserFacingError.__init__(self, message)


def is_admin(interaction: discord.Interaction[Any], config: Config) -> bool:
    """Manage Server in this server, an owner id from the config, or the admin role."""
    if interaction.user.id in config.discord.owner_ids:
        return True
    if interaction.guild is None:
        return False
    if interaction.permissions.manage_guild:
        return True
    role_id = config.discord.admin_role_id
    roles = getattr(interaction.user, "roles", [])
    return role_id is not None and any(role.id == role_id for role in roles)


def require_admin(interaction: discord.Interaction[Any], config: Config) -> bool:
    """For a cog's ``interaction_check``: True, or :class:`NotAllowed` before anything runs."""
    if not is_admin(interaction, config):
        raise NotAllowed()
    return True
