"""A day's digest as Discord messages: one embed per "N years ago" group, split into pages.

The items come from :meth:`SearchService.on_this_day` (the same grouping /onthisday uses),
each article with its top quote and a link. Discord allows 10 embeds and 6,000 characters
per message, so groups are packed into as many messages as needed (at most
:data:`MAX_MESSAGES`); every corpus string is escaped so a digest can never ping anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import discord

from bot.errors import NoResults
from bot.limits import EMBED_TOTAL, EMBEDS_PER_MESSAGE, escape, fit_embed, shorten
from bot.render import COLOUR
from bot.search.formatting import counted, format_month_day
from bot.search.results import DayGroup, OnThisDay, QuoteHit
from bot.search.service import SearchService

ARTICLES_PER_GROUP = 5
GROUP_BUDGET = 1800  # characters per group embed, so a few groups share a message
QUOTE_CHARS = 200
MAX_MESSAGES = 5
NEAREST_SEARCH_DAYS = 183


@dataclass(frozen=True)
class DigestContent:
    """What to post for one local date; ``shown`` differs from it in "nearest day" mode."""

    local_date: date
    shown: date
    result: OnThisDay

    @property
    def is_nearest(self) -> bool:
        return self.shown != self.local_date


async def find_content(
    search: SearchService, local_date: date, *, nearest: bool
) -> DigestContent | None:
    """The day's items, or the nearest day that has some (when ``nearest``), else ``None``."""
    for offset in _offsets(nearest):
        shown = local_date + timedelta(days=offset)
        try:
            result = await search.on_this_day(
                f"{shown.month:02d}-{shown.day:02d}", reference=local_date
            )
        except NoResults:
            continue
        return DigestContent(local_date, shown, result)
    return None


def _offsets(nearest: bool) -> list[int]:
    """0, then +1, -1, +2, -2, … (later days first on a tie: what is coming up)."""
    offsets = [0]
    if nearest:
        for step in range(1, NEAREST_SEARCH_DAYS + 1):
            offsets += [step, -step]
    return offsets


def heading(content: DigestContent, *, late_note: str | None = None) -> str:
    """The first message's text: the day, and why it is a different day or late."""
    day = format_month_day(content.local_date.month, content.local_date.day)
    text = f"**On this day: {day}**"
    if content.is_nearest:
        shown = format_month_day(content.shown.month, content.shown.day)
        text += f"\nNothing in the archive is from {day}; the nearest day with items is {shown}."
    if late_note:
        text += f"\n*{late_note}*"
    return text


def group_embed(group: DayGroup) -> discord.Embed:
    """One year's items: each article linked, with its top quote underneath."""
    title = group.label if group.year is None else f"{group.label} ({group.year})"
    if group.year is None:
        title = "Year unknown"
    quotes = _top_quotes(group.quotes)
    lines: list[str] = []
    shown = 0
    for article in group.articles[:ARTICLES_PER_GROUP]:
        name = escape(shorten(article.title or "Untitled article", 200))
        linked = f"[{name}]({article.url})" if article.url else name
        entry = f"**{linked}**\n{escape(article.source or 'source unknown')}"
        quote = quotes.get(article.article_id)
        if quote is not None:
            speaker = quote.speaker_canonical or quote.speaker
            who = escape(speaker) if speaker else "Unattributed"
            entry += f"\n> “{escape(shorten(quote.text, QUOTE_CHARS))}” — {who}"
        if len("\n\n".join([*lines, entry])) > GROUP_BUDGET:
            break
        lines.append(entry)
        shown += 1
    more = group.article_count - shown
    if more > 0:
        lines.append(f"…and {counted(more, 'more article')}")
    return fit_embed(discord.Embed(title=title, description="\n\n".join(lines), colour=COLOUR))


def _top_quotes(quotes: tuple[QuoteHit, ...]) -> dict[str, QuoteHit]:
    """The first (top-ranked) quote of each article."""
    top: dict[str, QuoteHit] = {}
    for quote in quotes:
        top.setdefault(quote.article_id, quote)
    return top


def pages(content: DigestContent) -> list[list[discord.Embed]]:
    """The group embeds packed into messages within Discord's per-message limits."""
    embeds = [group_embed(group) for group in content.result.groups]
    messages: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    size = 0
    for embed in embeds:
        length = len(embed)
        if current and (len(current) >= EMBEDS_PER_MESSAGE or size + length > EMBED_TOTAL):
            messages.append(current)
            current, size = [], 0
        current.append(embed)
        size += length
    if current:
        messages.append(current)
    if len(messages) > MAX_MESSAGES:
        dropped = sum(len(page) for page in messages[MAX_MESSAGES:])
        messages = messages[:MAX_MESSAGES]
        last = messages[-1]
        note_budget = 100
        if len(last) >= EMBEDS_PER_MESSAGE or sum(len(e) for e in last) + note_budget > EMBED_TOTAL:
            last.pop()
            dropped += 1
        last.append(
            discord.Embed(
                description=f"…and {dropped} more years: try /onthisday for the rest.",
                colour=COLOUR,
            )
        )
    return messages
