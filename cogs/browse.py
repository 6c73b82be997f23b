"""/search, /speaker, /article, /sources and /onthisday: browsing the archive."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DatelineBot
from bot.presenter import source_autocomplete, speaker_autocomplete, title_autocomplete
from bot.respond import respond

DateText = app_commands.Range[str, 1, 10]


class Browse(commands.Cog):
    def __init__(self, bot: DatelineBot) -> None:
        self.presenter = bot.presenter
        self.services = bot.services

    @property
    def timezone(self) -> str:
        """Read on each use, so a configuration reload changes it."""
        return self.services.config.digest.default_timezone

    @app_commands.command(name="search")
    @app_commands.describe(
        query='Words to find in articles; "exact phrase" and prefix* work',
        source="Only articles from this publisher",
        since="Only articles published on or after this date (YYYY-MM-DD)",
        until="Only articles published on or before this date (YYYY-MM-DD)",
    )
    async def search(
        self,
        interaction: discord.Interaction[Any],
        query: app_commands.Range[str, 1, 300],
        source: app_commands.Range[str, 1, 100] | None = None,
        since: DateText | None = None,
        until: DateText | None = None,
    ) -> None:
        """Search articles; shows the best passage of each with your words in bold."""
        await respond(
            interaction,
            self.presenter.articles(
                interaction.user.id, query, source=source, since=since, until=until
            ),
        )

    @app_commands.command(name="speaker")
    @app_commands.describe(name="The person (any spelling)")
    async def speaker(
        self, interaction: discord.Interaction[Any], name: app_commands.Range[str, 1, 100]
    ) -> None:
        """A speaker's profile and the timeline of their quotes."""
        await respond(interaction, self.presenter.speaker(interaction.user.id, name))

    @app_commands.command(name="article")
    @app_commands.describe(title="The article (start typing its title)")
    async def article(
        self, interaction: discord.Interaction[Any], title: app_commands.Range[str, 1, 100]
    ) -> None:
        """An article's title, date, source, link and every quote in it."""
        await respond(interaction, self.presenter.article(title))

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction[Any]) -> None:
        """Every publisher in the archive with its article count and dates."""
        await respond(interaction, self.presenter.sources())

    @app_commands.command(name="onthisday")
    @app_commands.describe(date="A day as MM-DD or YYYY-MM-DD (default: today)")
    async def onthisday(
        self, interaction: discord.Interaction[Any], date: DateText | None = None
    ) -> None:
        """What was published on this day in past years."""
        await respond(interaction, self.presenter.on_this_day(date, self.timezone))

    speaker.autocomplete("name")(speaker_autocomplete)
    search.autocomplete("source")(source_autocomplete)
    article.autocomplete("title")(title_autocomplete)


async def setup(bot: DatelineBot) -> None:
    await bot.add_cog(Browse(bot))
