"""/digest set, off, pause, resume, preview and status: the daily "on this day" digest.

Thin handlers: parse options, call one :class:`DigestService` method, render. Only members
with Manage Server (or the configured admin role) and the owners may use them; everyone else gets an
ephemeral refusal before anything runs. The commands are not hidden with Discord's default
permissions, because that would also hide them from the configured role.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DatelineBot
from bot.digest import render
from bot.digest.service import DigestService
from bot.permissions import require_admin
from bot.presenter import Answer
from bot.render import Reply
from bot.respond import respond

TimeText = app_commands.Range[str, 1, 10]
ZoneText = app_commands.Range[str, 1, 64]
DayText = app_commands.Range[str, 1, 10]


async def _answer(work: Awaitable[Reply]) -> Answer:
    return Answer(await work)


@app_commands.guild_only()
class Digest(commands.GroupCog, group_name="digest", group_description="The daily digest"):
    def __init__(self, bot: DatelineBot) -> None:
        self.service: DigestService = bot.services.digests
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        return require_admin(interaction, self.service.config)

    def _guild(self, interaction: discord.Interaction[Any]) -> int:
        assert interaction.guild_id is not None  # guild_only
        return interaction.guild_id

    async def _reply(
        self,
        interaction: discord.Interaction[Any],
        work: Awaitable[Any],
        to: Callable[[Any], Reply],
    ) -> None:
        async def rendered() -> Reply:
            return to(await work)

        await respond(interaction, _answer(rendered()))

    @app_commands.command(name="set")
    @app_commands.describe(
        channel="Where to post the digest",
        time="Time of day, HH:MM on a 24-hour clock (e.g. 07:30)",
        timezone="IANA time zone, e.g. Europe/Berlin (default: the bot's default)",
        when_empty="On a day with nothing in the archive: skip it, or post the nearest day",
    )
    async def set_(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        time: TimeText,
        timezone: ZoneText | None = None,
        when_empty: Literal["skip", "nearest"] | None = None,
    ) -> None:
        """Post the "on this day" digest daily in a channel at a local time."""
        work = self.service.configure(
            self._guild(interaction),
            user_id=interaction.user.id,
            channel_id=channel.id,
            time=time,
            timezone=timezone,
            when_empty=when_empty,
        )
        await self._reply(interaction, work, render.configured)

    @app_commands.command(name="off")
    async def off(self, interaction: discord.Interaction[Any]) -> None:
        """Turn the daily digest off and forget its settings."""
        await self._reply(
            interaction, self.service.turn_off(self._guild(interaction)), render.turned_off
        )

    @app_commands.command(name="pause")
    async def pause(self, interaction: discord.Interaction[Any]) -> None:
        """Pause the daily digest, keeping its settings."""
        work = self.service.pause(self._guild(interaction), user_id=interaction.user.id)
        await self._reply(interaction, work, render.paused)

    @app_commands.command(name="resume")
    async def resume(self, interaction: discord.Interaction[Any]) -> None:
        """Resume a paused daily digest."""
        work = self.service.resume(self._guild(interaction), user_id=interaction.user.id)
        await self._reply(interaction, work, render.resumed)

    @app_commands.command(name="preview")
    @app_commands.describe(date="A day as MM-DD or YYYY-MM-DD (default: today)")
    async def preview(
        self, interaction: discord.Interaction[Any], date: DayText | None = None
    ) -> None:
        """Show (only to you) what the digest would post."""
        work = self.service.preview(self._guild(interaction), date)
        await self._reply(interaction, work, render.preview)

    @app_commands.command(name="status")
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        """Channel, time, next run, last post and last error of the digest."""
        work = self.service.status(self._guild(interaction))
        await self._reply(interaction, work, render.status)

    @set_.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=zone, value=zone)
            for zone in self.service.timezone_choices(current)
        ]


async def setup(bot: DatelineBot) -> None:
    await bot.add_cog(Digest(bot))
