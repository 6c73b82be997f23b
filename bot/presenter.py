"""What each slash command answers: search calls turned into replies and their buttons.

Cogs stay thin by calling exactly one method here with plain option values; everything a
reply needs (paging loader, Context and Cite actions) is wired in this one place, which the
tests also drive through the real discord.py client.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot import render
from bot.errors import NotFound
from bot.limits import escape
from bot.render import Reply
from bot.search.results import Choice, Page, QuoteHit
from bot.search.service import SearchService
from bot.views import ResultView

ARTICLES_PER_PAGE = 5
TIMELINE_PER_PAGE = 10


@dataclass
class Answer:
    reply: Reply
    view: ResultView | None = None


class Presenter:
    """Builds the answer to every reader command from the search service."""

    def __init__(
        self, search: Callable[[], SearchService], figures: Callable[[], Awaitable[dict[str, int]]]
    ) -> None:
        self._search = search
        self._figures = figures

    @property
    def search(self) -> SearchService:
        """Looked up on every call so a reload can swap the service underneath."""
        return self._search()

    # --- quotes ----------------------------------------------------------------------------

    async def quote(
        self,
        owner_id: int,
        query: str,
        *,
        speaker: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Answer:
        async def load(offset: int) -> tuple[Reply, int, str | None]:
            page = await self.search.search_quotes(
                query,
                speaker=speaker,
                source=source,
                date_from=since,
                date_to=until,
                limit=1,
                offset=offset,
            )
            return render.quote_page(page, page.searched or query), page.total, _first_id(page)

        return await self._paged(owner_id, load, page_size=1)

    async def random(self, owner_id: int, speaker: str | None = None) -> Answer:
        hit = await self.search.random_quote(speaker=speaker)
        return self._single_quote(owner_id, render.Reply(embeds=[render.quote_embed(hit)]), hit)

    async def whosaid(self, owner_id: int, words: str) -> Answer:
        matches = await self.search.who_said(words)
        return self._single_quote(owner_id, render.whosaid(matches, words), matches[0].quote)

    async def context(self, quote_id: str) -> Reply:
        return render.context(await self.search.quote_context(quote_id))

    async def cite(self, quote_id: str) -> Reply:
        line = await self.search.citation(quote_id)
        return Reply(content=escape(line), ephemeral=True)

    # --- browsing --------------------------------------------------------------------------

    async def articles(
        self,
        owner_id: int,
        query: str,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Answer:
        async def load(offset: int) -> tuple[Reply, int, str | None]:
            page = await self.search.search_articles(
                query,
                source=source,
                date_from=since,
                date_to=until,
                limit=ARTICLES_PER_PAGE,
                offset=offset,
            )
            return render.article_page(page), page.total, None

        return await self._paged(owner_id, load, page_size=ARTICLES_PER_PAGE)

    async def speaker(self, owner_id: int, name: str) -> Answer:
        async def load(offset: int) -> tuple[Reply, int, str | None]:
            profile = await self.search.speaker_profile(
                name, limit=TIMELINE_PER_PAGE, offset=offset
            )
            return render.speaker_profile(profile), profile.timeline.total, None

        return await self._paged(owner_id, load, page_size=TIMELINE_PER_PAGE)

    async def article(self, title_or_id: str) -> Answer:
        """By id (what autocomplete sends), else the best title match for what was typed."""
        try:
            detail = await self.search.article(title_or_id)
        except NotFound:
            choices = self.title_choices(title_or_id)
            if not choices:
                raise
            detail = await self.search.article(choices[0].value)
        return Answer(render.article_detail(detail))

    async def sources(self) -> Answer:
        return Answer(render.sources(await self.search.sources()))

    async def on_this_day(self, day: str | None, timezone: str) -> Answer:
        return Answer(render.on_this_day(await self.search.on_this_day(day, timezone=timezone)))

    async def about(self) -> Answer:
        return Answer(render.about(await self._figures()))

    # --- autocomplete ----------------------------------------------------------------------

    def speaker_choices(self, typed: str) -> list[Choice]:
        return self.search.autocomplete.speakers.search(typed)

    def source_choices(self, typed: str) -> list[Choice]:
        return self.search.autocomplete.sources.search(typed)

    def title_choices(self, typed: str) -> list[Choice]:
        return self.search.autocomplete.titles.search(typed)

    # --- helpers ---------------------------------------------------------------------------

    async def _paged(
        self,
        owner_id: int,
        load: Callable[[int], Awaitable[tuple[Reply, int, str | None]]],
        *,
        page_size: int,
    ) -> Answer:
        reply, total, quote_id = await load(0)
        view = ResultView(
            owner_id=owner_id,
            load_page=load,
            total=total,
            page_size=page_size,
            quote_id=quote_id,
            context=self.context if quote_id else None,
            cite=self.cite if quote_id else None,
        )
        return Answer(reply, view if view.has_buttons() else None)

    def _single_quote(self, owner_id: int, reply: Reply, hit: QuoteHit) -> Answer:
        view = ResultView(
            owner_id=owner_id,
            load_page=None,
            total=1,
            page_size=1,
            quote_id=hit.quote_id,
            context=self.context,
            cite=self.cite,
        )
        return Answer(reply, view)


def _first_id(page: Page[QuoteHit]) -> str | None:
    return page.items[0].quote_id if page.items else None


def to_app_choices(choices: list[Choice]) -> list[discord.app_commands.Choice[str]]:
    """Service choices as discord.py choices (already within Discord's 25 × 100 limits)."""
    return [discord.app_commands.Choice(name=c.name, value=c.value) for c in choices[:25]]


# Autocomplete callbacks shared by every command with a speaker, source or title option.
# Module-level (not cog methods), so discord.py calls them with (interaction, current).


async def speaker_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[discord.app_commands.Choice[str]]:
    return to_app_choices(interaction.client.presenter.speaker_choices(current))


async def source_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[discord.app_commands.Choice[str]]:
    return to_app_choices(interaction.client.presenter.source_choices(current))


async def title_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[discord.app_commands.Choice[str]]:
    return to_app_choices(interaction.client.presenter.title_choices(current))
