"""Search results -> Discord embeds, within Discord's limits, every quote cited.

Every embed that shows a quote names the speaker, the article, the source and the date (with
"year unknown" when so) and links the original URL when known, because a quote without its
source is exactly what this bot exists to prevent. Corpus text is markdown-escaped and
mention-proofed; limits are enforced by :mod:`bot.limits` on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot import __version__
from bot.limits import (
    EMBED_DESCRIPTION,
    FIELD_VALUE,
    defuse_mentions,
    escape,
    fit_content,
    fit_embed,
    shorten,
)
from bot.search.formatting import counted, other_people
from bot.search.query import token_key
from bot.search.results import (
    ArticleDetail,
    ArticleHit,
    OnThisDay,
    Page,
    QuoteContext,
    QuoteHit,
    SourceInfo,
    SpeakerProfile,
    WhoSaidMatch,
)
from bot.textnorm import fold

COLOUR = discord.Colour(0x2B6CB0)
# A quote longer than this is cut in the embed; the Context button shows it whole.
QUOTE_BUDGET = 1500
_WORD = re.compile(r"[^\W_]+")
_COMPOUND = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")


@dataclass
class Reply:
    """What one command sends: plain values the cog hands to discord.py unchanged."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    ephemeral: bool = False

    def kwargs(self) -> dict[str, Any]:
        return {
            # A note built from what the user typed can be long once escaped; cut it too.
            "content": fit_content(self.content) if self.content else self.content,
            "embeds": [fit_embed(embed) for embed in self.embeds],
            "allowed_mentions": discord.AllowedMentions.none(),
        }


def highlight(text: str, searched: str) -> str:
    """Escape ``text`` for markdown and bold the words of ``searched`` (folded comparison)."""
    wanted = {token_key(word) for word in _WORD.findall(fold(searched))}
    if not wanted:
        return escape(text)
    pieces: list[str] = []
    last = 0
    for match in _COMPOUND.finditer(text):
        parts = [token_key(part) for part in _WORD.findall(fold(match.group(0)))]
        keys = {*parts, "".join(parts)}
        if any(key in wanted or _extends(key, wanted) for key in keys):
            pieces.append(escape(text[last : match.start()]))
            pieces.append(f"**{escape(match.group(0))}**")
            last = match.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def _extends(key: str, wanted: set[str]) -> bool:
    """``deconflicting`` extends ``deconflict``: bold inflected forms of a searched word."""
    return any(len(word) >= 4 and key.startswith(word) for word in wanted)


def _attribution(hit: QuoteHit) -> str:
    speaker = hit.speaker_canonical or hit.speaker
    return escape(speaker) if speaker else "Unattributed"


def _source_line(hit: QuoteHit | ArticleHit) -> str:
    title = escape(hit.title) if hit.title else "Untitled article"
    linked = f"[{title}]({hit.url})" if hit.url else title
    source = escape(hit.source) if hit.source else "source unknown"
    return f"{linked}\n{source} · {hit.date_text}"


def quote_embed(hit: QuoteHit, *, searched: str = "", heading: str | None = None) -> discord.Embed:
    """One quote, fully cited; a long quote is cut cleanly with a pointer to Context."""
    body = highlight(hit.text, searched)
    if len(body) > QUOTE_BUDGET:
        body = shorten(body, QUOTE_BUDGET) + "\n*(cut: press Context for the whole passage)*"
    embed = discord.Embed(
        title=heading or f"{_attribution(hit)} said",
        description=f"“{body}”",
        colour=COLOUR,
        url=hit.url or None,
    )
    embed.add_field(name="Speaker", value=_attribution(hit), inline=True)
    embed.add_field(name="Date", value=hit.date_text, inline=True)
    embed.add_field(name="Source", value=_source_line(hit), inline=False)
    embed.set_footer(text=f"quote {hit.quote_id}")
    return embed


def quote_page(page: Page[QuoteHit], searched: str = "") -> Reply:
    """One quote per page (so Context and Cite are unambiguous) with the "n of N" total."""
    hit = page.items[0]
    embed = quote_embed(hit, searched=searched)
    embed.set_footer(text=f"{page.offset + 1} of {page.total} · quote {hit.quote_id}")
    return Reply(content=_note(page), embeds=[embed])


def _note(page: Page[Any]) -> str | None:
    note = page.note
    return escape(note) if note else None


def whosaid(matches: Sequence[WhoSaidMatch], words: str) -> Reply:
    best = matches[0]
    embed = quote_embed(best.quote, searched=words, heading=f"{_attribution(best.quote)} said it")
    embed.add_field(name="Match", value=f"{best.score:.0f}%", inline=True)
    others = [
        f"{m.score:.0f}% · {_attribution(m.quote)}: “{escape(shorten(m.quote.text, 120))}”"
        for m in matches[1:]
    ]
    if others:
        embed.add_field(name="Other close matches", value="\n".join(others), inline=False)
    return Reply(embeds=[embed])


def article_page(page: Page[ArticleHit]) -> Reply:
    lines = []
    for number, hit in enumerate(page.items, start=page.offset + 1):
        lines.append(f"**{number}.** {_source_line(hit)}\n{defuse_mentions(hit.snippet)}")
    embed = discord.Embed(
        title="Articles",
        description=shorten("\n\n".join(lines), EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    embed.set_footer(text=page.summary)
    return Reply(content=_note(page), embeds=[embed])


def speaker_profile(profile: SpeakerProfile) -> Reply:
    embed = discord.Embed(title=escape(profile.name), colour=COLOUR)
    aliases = [alias for alias in profile.aliases if alias != profile.name]
    if aliases:
        embed.add_field(name="Also written", value=escape(", ".join(aliases)), inline=False)
    embed.add_field(name="Quotes", value=str(profile.quote_count), inline=True)
    embed.add_field(name="First", value=profile.first_date_text, inline=True)
    embed.add_field(name="Last", value=profile.last_date_text, inline=True)
    if profile.sources:
        embed.add_field(name="Sources", value=escape(", ".join(profile.sources)), inline=False)
    if profile.others:
        embed.add_field(
            name="The name also fits",
            value=shorten(escape(other_people(profile.others)), FIELD_VALUE),
            inline=False,
        )
    timeline = profile.timeline
    lines = [
        f"**{hit.date_text}** · “{escape(shorten(hit.text, 160))}” — "
        f"{escape(hit.source or 'source unknown')}"
        for hit in timeline.items
    ]
    if lines:
        embed.add_field(name="Timeline", value=shorten("\n".join(lines), FIELD_VALUE), inline=False)
    embed.set_footer(text=f"timeline {timeline.summary}")
    return Reply(embeds=[embed])


def article_detail(detail: ArticleDetail) -> Reply:
    article = detail.article
    embed = discord.Embed(
        title=escape(article.title or "Untitled article"),
        url=article.url or None,
        colour=COLOUR,
    )
    embed.add_field(name="Source", value=escape(article.source or "unknown"), inline=True)
    embed.add_field(name="Date", value=article.date_text, inline=True)
    if article.author:
        embed.add_field(name="Author", value=escape(article.author), inline=True)
    lines = [f"**{_attribution(q)}**: “{escape(shorten(q.text, 200))}”" for q in detail.quotes]
    embed.description = shorten("\n".join(lines), EMBED_DESCRIPTION) if lines else "No quotes."
    embed.set_footer(text=f"{counted(len(detail.quotes), 'quote')} · article {article.article_id}")
    return Reply(embeds=[embed])


def sources(infos: Sequence[SourceInfo]) -> Reply:
    lines = [
        f"**{escape(info.name)}**: {counted(info.article_count, 'article')} · "
        f"{info.date_range_text}"
        for info in infos
    ]
    embed = discord.Embed(
        title="Sources",
        description=shorten("\n".join(lines), EMBED_DESCRIPTION) or "No sources yet.",
        colour=COLOUR,
    )
    embed.set_footer(text=f"{len(infos)} sources")
    return Reply(embeds=[embed])


def on_this_day(result: OnThisDay) -> Reply:
    embed = discord.Embed(title=f"On this day: {result.day_text}", colour=COLOUR)
    for group in result.groups:
        lines = []
        for article in group.articles:
            title = escape(article.title or "Untitled article")
            linked = f"[{title}]({article.url})" if article.url else title
            lines.append(f"{linked} · {escape(article.source or 'source unknown')}")
        for hit in group.quotes[:3]:
            lines.append(f"> “{escape(shorten(hit.text, 150))}” — {_attribution(hit)}")
        more = group.article_count - len(group.articles)
        if more > 0:
            lines.append(f"…and {counted(more, 'more article')}")
        embed.add_field(
            name=group.label, value=shorten("\n".join(lines), FIELD_VALUE), inline=False
        )
    if not result.groups:
        embed.description = "Nothing in the archive on this day."
    return Reply(embeds=[embed])


def context(found: QuoteContext) -> Reply:
    paragraph = found.paragraph
    before = escape(paragraph[: found.quote_start])
    quoted = escape(paragraph[found.quote_start : found.quote_end])
    after = escape(paragraph[found.quote_end :])
    text = f"{before}**{quoted}**{after}" if quoted else escape(paragraph)
    embed = discord.Embed(
        title="Context", description=shorten(text, EMBED_DESCRIPTION), colour=COLOUR
    )
    embed.add_field(name="Source", value=_source_line(found.quote), inline=False)
    return Reply(embeds=[embed], ephemeral=True)


def about(figures: dict[str, int]) -> Reply:
    embed = discord.Embed(
        title="Dateline",
        description=(
            "Who said what, when, and where it was published: every answer is a quote from "
            "the archive with its speaker, date and source.\nHow to use and run it: "
            "README.md in the Dateline folder (`python -m bot --help` for the command line)."
        ),
        colour=COLOUR,
    )
    for name in ("articles", "quotes", "speakers", "sources"):
        embed.add_field(name=name.capitalize(), value=f"{figures.get(name, 0):,}", inline=True)
    embed.set_footer(text=f"version {__version__}")
    return Reply(embeds=[embed])
