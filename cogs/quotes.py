"""/quote, /whosaid and /random: finding quotes."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DatelineBot
from bot.presenter import source_autocomplete, speaker_autocomplete
from bot.respond import respond

Query = app_commands.Range[str, 1, 300]
DateText = app_commands.Range[str, 1, 10]


class Quotes(commands.Cog):
    def __init__(self, bot: DatelineBot) -> None:
        self.presenter = bot.presenter

    @app_commands.command(name="quote")
    @app_commands.describe(
        query='Words of the quote; "exact phrase" and prefix* work',
        speaker="Only quotes by this person (any spelling)",
        source="Only quotes from this publisher",
        since="Only quotes published on or after this date (YYYY-MM-DD)",
        until="Only quotes published on or before this date (YYYY-MM-DD)",
    )
    async def quote(
        self,
        interaction: discord.Interaction[Any],
        query: Query,
        speaker: app_commands.Range[str, 1, 100] | None = None,
        source: app_commands.Range[str, 1, 100] | None = None,
        since: DateText | None = None,
        until: DateText | None = None,
    ) -> None:
        """Find quotes by their words, with the speaker, date and source of each."""
        await respond(
            interaction,
            self.presenter.quote(
                interaction.user.id,
                query,
                speaker=speaker,
                source=source,
                since=since,
                until=until,
            ),
        )

    @app_commands.command(name="whosaid")
    @app_commands.describe(words="The words as you remember them, even roughly")
    async def whosaid(
        self, interaction: discord.Interaction[Any], words: app_commands.Range[str, 3, 500]
    ) -> None:
        """Who said this? Finds the quote from remembered words and cites it."""
        await respond(interaction, self.presenter.whosaid(words))

    @app_commands.command(name="random")
    @app_commands.describe(speaker="Only quotes by this person (any spelling)")
    async def random(
        self,
        interaction: discord.Interaction[Any],
        speaker: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """A random quote from the archive, with its source."""
        await respond(interaction, self.presenter.random(speaker))

    quote.autocomplete("speaker")(speaker_autocomplete)
    quote.autocomplete("source")(source_autocomplete)
    random.autocomplete("speaker")(speaker_autocomplete)


async def setup(bot: DatelineBot) -> None:
    await bot.add_cog(Quotes(bot))
