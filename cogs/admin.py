"""/admin reload, /admin sync and /admin health: operations for the bot's owners.

Owners are ``[discord] owner_ids`` or, when that is empty, the application's owner (or its
team's admins and developers). Everyone else gets an ephemeral refusal before anything runs.
With ``[discord] dev_guild_id`` set the group is registered only in that server; otherwise
globally. Replies are ephemeral: they show paths and errors meant for operators.
"""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DatelineBot
from bot.config import ConfigError
from bot.operations import render
from bot.operations.commands import sync_now
from bot.operations.health import gather_health
from bot.operations.owners import NotOwner
from bot.operations.reload import reload_configuration, reload_extensions

NO_PINGS = discord.AllowedMentions.none()
SYNC_COOLDOWN = 30.0  # seconds, for everyone: Discord rate-limits command syncs per app


class Admin(commands.GroupCog, group_name="admin", group_description="Bot owner operations"):
    def __init__(self, bot: DatelineBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if not await self.bot.is_owner(interaction.user):
            raise NotOwner()
        return True

    async def _answer(self, interaction: discord.Interaction[Any], content: str) -> None:
        await interaction.edit_original_response(content=content[:2000], allowed_mentions=NO_PINGS)

    @app_commands.command(name="reload")
    @app_commands.describe(what="What to reload (default: all)")
    async def reload(
        self,
        interaction: discord.Interaction[Any],
        what: Literal["cogs", "config", "all"] = "all",
    ) -> None:
        """Reload the cogs and/or the configuration file without a restart."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        parts: list[str] = []
        if what in ("config", "all"):
            try:
                parts.append(render.config_reloaded(await reload_configuration(self.bot)))
            except ConfigError as error:
                parts.append(render.config_rejected(error))
        if what in ("cogs", "all"):
            parts.append(render.cogs_reloaded(await reload_extensions(self.bot)))
        await self._answer(interaction, "\n\n".join(parts))

    @app_commands.command(name="sync")
    @app_commands.checks.cooldown(1, SYNC_COOLDOWN, key=None)
    async def sync(self, interaction: discord.Interaction[Any]) -> None:
        """Sync the slash commands now and say what changed."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self._answer(interaction, render.synced(await sync_now(self.bot)))

    @app_commands.command(name="health")
    async def health(self, interaction: discord.Interaction[Any]) -> None:
        """Latency, shards, uptime, memory, index, scheduler and recent errors."""
        report = await gather_health(self.bot)
        await interaction.response.send_message(
            embed=render.health(report), ephemeral=True, allowed_mentions=NO_PINGS
        )


async def setup(bot: DatelineBot) -> None:
    guild = bot.dev_guild()
    if guild is None:
        await bot.add_cog(Admin(bot))
    else:
        await bot.add_cog(Admin(bot), guilds=[guild])
