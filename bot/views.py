"""Buttons under replies: paging (only for the person who asked), Context and Cite.

A view keeps the original interaction so that on timeout it can disable its buttons by
editing the reply through the interaction's webhook token (valid far longer than the view).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.render import Reply

log = logging.getLogger(__name__)

PageLoader = Callable[[int], Awaitable[tuple[Reply, int, str | None]]]
"""Loads the page at an offset: the reply, the total, and the quote id shown (if any)."""
QuoteAction = Callable[[str], Awaitable[Reply]]

VIEW_TIMEOUT = 180.0


class ResultView(discord.ui.View):
    """◀ ▶ paging plus optional Context and Cite buttons for the quote on screen."""

    def __init__(
        self,
        *,
        owner_id: int,
        load_page: PageLoader | None,
        total: int,
        page_size: int,
        quote_id: str | None = None,
        context: QuoteAction | None = None,
        cite: QuoteAction | None = None,
        timeout: float = VIEW_TIMEOUT,
    ) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.load_page = load_page
        self.total = total
        self.page_size = page_size
        self.offset = 0
        self.quote_id = quote_id
        self.context_action = context
        self.cite_action = cite
        self.interaction: discord.Interaction[Any] | None = None
        if load_page is None or total <= page_size:
            self.remove_item(self.previous_page)
            self.remove_item(self.next_page)
        if context is None or quote_id is None:
            self.remove_item(self.show_context)
        if cite is None or quote_id is None:
            self.remove_item(self.show_citation)
        self._update_buttons()

    def has_buttons(self) -> bool:
        return bool(self.children)

    def _update_buttons(self) -> None:
        self.previous_page.disabled = self.offset <= 0
        self.next_page.disabled = self.offset + self.page_size >= self.total

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Only the person who ran the command may page; Context and Cite are for anyone."""
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = data.get("custom_id")
        if custom_id in {"dateline:prev", "dateline:next"} and interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "Only the person who ran this command can turn its pages.", ephemeral=True
            )
            return False
        return True

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        assert self.load_page is not None
        self.offset = max(0, min(self.offset + step, max(self.total - 1, 0)))
        reply, self.total, self.quote_id = await self.load_page(self.offset)
        self._update_buttons()
        await interaction.response.edit_message(**reply.kwargs(), view=self)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary, custom_id="dateline:prev")
    async def previous_page(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        await self._turn(interaction, -self.page_size)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary, custom_id="dateline:next")
    async def next_page(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        await self._turn(interaction, self.page_size)

    @discord.ui.button(label="Context", style=discord.ButtonStyle.primary, custom_id="dateline:ctx")
    async def show_context(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        assert self.context_action is not None
        assert self.quote_id is not None
        reply = await self.context_action(self.quote_id)
        await interaction.response.send_message(**reply.kwargs(), ephemeral=True)

    @discord.ui.button(label="Cite", style=discord.ButtonStyle.success, custom_id="dateline:cite")
    async def show_citation(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        assert self.cite_action is not None
        assert self.quote_id is not None
        reply = await self.cite_action(self.quote_id)
        await interaction.response.send_message(**reply.kwargs(), ephemeral=True)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.interaction is not None:
            try:
                await self.interaction.edit_original_response(view=self)
            except discord.HTTPException:
                log.debug("could not disable buttons after timeout", exc_info=True)

    async def on_error(
        self,
        interaction: discord.Interaction[Any],
        error: Exception,
        item: discord.ui.Item[Any],
    ) -> None:
        from bot.tree import report_error

        await report_error(interaction, error)
