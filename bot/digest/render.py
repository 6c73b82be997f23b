"""/digest replies: status, preview and confirmations as :class:`bot.render.Reply` values.

Times are shown in the server's zone (what an admin configured) and as Discord timestamps,
which every reader's client shows in their own zone and as "in 5 hours".
"""

from __future__ import annotations

from datetime import datetime

import discord

from bot.digest.content import heading, pages
from bot.digest.models import LogEntry, LogStatus
from bot.digest.service import DigestPreview, DigestStatus
from bot.limits import EMBEDS_PER_MESSAGE, escape, shorten
from bot.render import COLOUR, Reply
from bot.search.formatting import format_month_day


def _stamp(when: datetime) -> str:
    unix = int(when.timestamp())
    return f"<t:{unix}:f> (<t:{unix}:R>)"


def _log_line(entry: LogEntry) -> str:
    day = entry.local_date.isoformat()
    if entry.status is LogStatus.POSTED:
        text = f"{day}: posted" + (" (late)" if entry.late else "")
    elif entry.status is LogStatus.CLAIMED:
        text = f"{day}: posting…"
    else:
        text = f"{day}: {entry.status.value}"
    if entry.detail and entry.status is not LogStatus.POSTED:
        text += f": {escape(shorten(entry.detail, 150))}"
    return text


def status(result: DigestStatus) -> Reply:
    """Channel, time, next run (server time and relative), last post, last error."""
    settings = result.settings
    embed = discord.Embed(title="Daily digest", colour=COLOUR)
    if settings is None:
        embed.description = "No digest is set up here. Start one with `/digest set`."
        return Reply(embeds=[embed], ephemeral=True)
    state = "active"
    if settings.paused:
        state = f"paused: {escape(settings.pause_reason or 'paused')}"
    embed.add_field(name="Channel", value=f"<#{settings.channel_id}>", inline=True)
    embed.add_field(name="Time", value=f"{settings.time_text} {settings.timezone}", inline=True)
    embed.add_field(name="State", value=state, inline=True)
    empty = "skip the day" if settings.when_empty.value == "skip" else "post the nearest day"
    embed.add_field(name="Days with nothing", value=empty, inline=True)
    if result.next_run is not None:
        local = result.next_run.astimezone(settings.zone)
        embed.add_field(
            name="Next run",
            value=f"{local:%a %d %b %Y, %H:%M} {settings.timezone}\n{_stamp(result.next_run)}",
            inline=False,
        )
    else:
        embed.add_field(name="Next run", value="none while paused", inline=False)
    last = result.last_post
    if last is not None and last.finished_at is not None:
        late = " (late)" if last.late else ""
        embed.add_field(
            name="Last post",
            value=f"{last.local_date.isoformat()}{late}, {_stamp(last.finished_at)}",
            inline=False,
        )
    else:
        embed.add_field(name="Last post", value="none yet", inline=False)
    if settings.last_error:
        when = f" {_stamp(settings.last_error_at)}" if settings.last_error_at else ""
        embed.add_field(
            name="Last error",
            value=f"{escape(shorten(settings.last_error, 600))}{when}",
            inline=False,
        )
    if result.recent:
        embed.add_field(
            name="Recent days",
            value="\n".join(_log_line(entry) for entry in result.recent),
            inline=False,
        )
    return Reply(embeds=[embed], ephemeral=True)


def preview(result: DigestPreview) -> Reply:
    """The first page of what would be posted, ephemerally, with a note when there is more."""
    day = format_month_day(result.local_date.month, result.local_date.day)
    if result.content is None:
        text = f"Nothing in the archive is from {day}, so the digest would skip that day."
        if result.when_empty.value == "skip":
            text += " (Set “when empty” to nearest to post the nearest day instead.)"
        return Reply(content=text, ephemeral=True)
    messages = pages(result.content)
    content = f"*Preview*: {heading(result.content)}"
    embeds = messages[0][:EMBEDS_PER_MESSAGE]
    if len(messages) > 1:
        content += f"\n*(the digest is {len(messages)} messages; this is the first)*"
    return Reply(content=content, embeds=list(embeds), ephemeral=True)


def configured(result: DigestStatus) -> Reply:
    settings = result.settings
    assert settings is not None
    lines = [
        f"The daily digest will be posted in <#{settings.channel_id}> at "
        f"{settings.time_text} ({settings.timezone})."
    ]
    if result.next_run is not None:
        lines.append(f"First post: {_stamp(result.next_run)}.")
    return Reply(content="\n".join(lines), ephemeral=True)


def turned_off(removed: bool) -> Reply:
    text = "The daily digest is off." if removed else "There was no digest to turn off."
    return Reply(content=text, ephemeral=True)


def paused(result: DigestStatus) -> Reply:
    return Reply(
        content="The digest is paused; its settings are kept. `/digest resume` restarts it.",
        ephemeral=True,
    )


def resumed(result: DigestStatus) -> Reply:
    text = "The digest is running again."
    if result.next_run is not None:
        text += f" Next post: {_stamp(result.next_run)}."
    return Reply(content=text, ephemeral=True)
