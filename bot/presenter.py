"""What each slash command answers: search calls turned into replies and their buttons.

Cogs stay thin by calling exactly one method here with plain option values; everything a
reply needs (its buttons, and the remembered search its ◀ ▶ buttons page through) is wired in
this one place, which the tests also drive through the real discord.py client.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot import render
from bot.errors import NotFound, UserFacingError
from bot.limits import escape
from bot.paging import PagedSearch, PageLoader, PagingMemory
from bot.render import Reply
from bot.search.results import Choice, Page, QuoteHit
from bot.search.service import SearchService
from bot.views import result_view

ARTICLES_PER_PAGE = 5
TIMELINE_PER_PAGE = 10


@dataclass
class Answer:
    reply: Reply
    view: discord.ui.View | None = None


class Presenter:
    """Builds the answer to every reader command from the search service."""

    def __init__(
        self, search: Callable[[], SearchService], figures: Callable[[], Awaitable[dict[str, int]]]
    ) -> None:
        self._search = search
        self._figures = figures
        self.paging = PagingMemory()

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

    async def random(self, speaker: str | None = None) -> Answer:
        hit = await self.search.random_quote(speaker=speaker)
        reply = render.Reply(embeds=[render.quote_embed(hit)])
        return Answer(reply, result_view(quote_id=hit.quote_id))

    async def whosaid(self, words: str) -> Answer:
        matches = await self.search.who_said(words)
        reply = render.whosaid(matches, words)
        return Answer(reply, result_view(quote_id=matches[0].quote.quote_id))

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

    async def turn_page(self, user_id: int, token: str, offset: int) -> Answer:
        """The page at ``offset`` of a remembered search, for the person who ran it."""
        search = self.paging.recall(token)
        if search is None:
            raise UserFacingError(
                "These results are no longer in my memory: run the command again to page them."
            )
        if user_id != search.owner_id:
            raise UserFacingError("Only the person who ran this command can turn its pages.")
        reply, total, quote_id = await search.load(offset)
        view = result_view(
            token=token, offset=offset, total=total, page_size=search.page_size, quote_id=quote_id
        )
        return Answer(reply, view)

    async def _paged(self, owner_id: int, load: PageLoader, *, page_size: int) -> Answer:
        """The first page; the search is remembered only when there is a second one."""
        reply, total, quote_id = await load(0)
        token = None
        if total > page_size:
            token = self.paging.remember(PagedSearch(owner_id, load, page_size))
        view = result_view(token=token, total=total, page_size=page_size, quote_id=quote_id)
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
