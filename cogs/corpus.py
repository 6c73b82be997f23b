"""/corpus reload and /corpus status: corpus administration for server managers."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DatelineBot
from bot.corpus_render import corpus_status, progress_text, reload_report
from bot.errors import UserFacingError
from bot.permissions import require_admin

NO_PINGS = discord.AllowedMentions.none()


@app_commands.guild_only()
class Corpus(commands.GroupCog, group_name="corpus"):
    """Manage the article corpus behind the archive."""

    def __init__(self, bot: DatelineBot) -> None:
        self.admin = bot.services.corpus
        self.services = bot.services  # config read on each check: a reload changes it
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        return require_admin(interaction, self.services.config)

    @app_commands.command(name="reload")
    @app_commands.describe(full="Re-extract every file, not only new and changed ones")
    async def reload(self, interaction: discord.Interaction[Any], full: bool = False) -> None:
        """Re-scan the corpus folder and update the index; reports what changed."""
        self.admin.ensure_idle()  # a refusal is ephemeral, so check before deferring
        await interaction.response.defer(thinking=True)
        who = interaction.user.display_name

        async def show(done: int, total: int) -> None:
            await interaction.edit_original_response(
                content=progress_text(done, total), allowed_mentions=NO_PINGS
            )

        try:
            report = await self.admin.reload(who, show, full=full)
        except UserFacingError as error:  # the reply says what failed; nothing was lost
            await interaction.edit_original_response(
                content=error.message, allowed_mentions=NO_PINGS
            )
            return
        embed, attachment = reload_report(report, who)
        await interaction.edit_original_response(
            content=None,
            embed=embed,
            attachments=[attachment] if attachment else [],
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="status")
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        """Index figures, skipped files, corrections and the last reload."""
        status = await self.admin.status()
        await interaction.response.send_message(
            embed=corpus_status(status), ephemeral=True, allowed_mentions=NO_PINGS
        )


async def setup(bot: DatelineBot) -> None:
    await bot.add_cog(Corpus(bot))
