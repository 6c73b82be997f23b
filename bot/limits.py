"""Discord's message limits, in one place, and the helpers that keep every reply inside them.

A reply over a limit is rejected by Discord outright (the user sees "interaction failed"), so
everything the bot sends passes through these helpers rather than trusting content lengths.
"""

from __future__ import annotations

import re

import discord

CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10
CHOICES = 25
CHOICE_NAME = 100

ELLIPSIS = "…"
_MENTIONS = re.compile(r"@(everyone|here)|<@[!&]?\d+>|<#\d+>")


def shorten(text: str, limit: int, *, marker: str = ELLIPSIS) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, ending with ``marker``.

    Cutting inside bold text would leave a dangling ``**``, so an unclosed bold run is
    dropped from the cut.
    """
    if len(text) <= limit:
        return text
    room = max(0, limit - len(marker))
    cut = text[:room]
    space = cut.rfind(" ")
    if space > room * 0.6:
        cut = cut[:space]
    if cut.count("**") % 2 == 1:
        cut = cut[: cut.rfind("**")]
    cut = cut.rstrip(" ,;:")
    return (cut + marker)[:limit]


def escape(text: str) -> str:
    """Markdown-escape user or corpus text and defuse mention syntax for display."""
    return defuse_mentions(discord.utils.escape_markdown(text))


def defuse_mentions(text: str) -> str:
    """Break ``@everyone``, ``@here`` and ``<@…>`` with a zero-width space.

    Every message is also sent with no allowed mentions; this second guard keeps the text
    harmless even if it is copied into a message that does allow them.
    """
    return _MENTIONS.sub(lambda m: m.group(0).replace("@", "@\u200b").replace("<", "<\u200b"), text)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Trim an embed's parts, then its fields from the end, until Discord would accept it."""
    if embed.title:
        embed.title = shorten(embed.title, EMBED_TITLE)
    if embed.description:
        embed.description = shorten(embed.description, EMBED_DESCRIPTION)
    if len(embed.fields) > EMBED_FIELDS:
        for index in range(len(embed.fields) - 1, EMBED_FIELDS - 1, -1):
            embed.remove_field(index)
    for index, field in enumerate(embed.fields):
        embed.set_field_at(
            index,
            name=shorten(field.name or "\u200b", FIELD_NAME),
            value=shorten(field.value or "\u200b", FIELD_VALUE),
            inline=bool(field.inline),
        )
    if embed.footer.text:
        embed.set_footer(text=shorten(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    if embed.author.name:
        # Discord rejects the whole message for an author name over 256 characters too.
        embed.set_author(
            name=shorten(embed.author.name, AUTHOR_NAME),
            url=embed.author.url,
            icon_url=embed.author.icon_url,
        )
    while len(embed) > EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > EMBED_TOTAL and embed.description:
        excess = len(embed) - EMBED_TOTAL
        embed.description = shorten(embed.description, len(embed.description) - excess)
    return embed


def fit_content(text: str) -> str:
    return shorten(text, CONTENT)
