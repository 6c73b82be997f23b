"""/about: what the bot is, how big its archive is, where to read more."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DatelineBot
from bot.respond import respond


class About(commands.Cog):
    def __init__(self, bot: DatelineBot) -> None:
        self.presenter = bot.presenter

    @app_commands.command(name="about")
    async def about(self, interaction: discord.Interaction[Any]) -> None:
        """About Dateline: corpus figures, version and documentation."""
        await respond(interaction, self.presenter.about())


async def setup(bot: DatelineBot) -> None:
    await bot.add_cog(About(bot))
