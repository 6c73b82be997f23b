"""Buttons under replies: paging (only for the person who asked), Context and Cite.

The buttons are stateless discord.py ``DynamicItem``s: a click carries everything it needs in
its custom id (the quote id for Context and Cite; a paging token and the target offset for
◀ ▶), so no view object is kept per message. Memory therefore stays flat under load, and
Context and Cite keep working for as long as the quote is in the archive, across restarts.
What a paged search was lives in the presenter's bounded ``PagingMemory``.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
from typing import Any, Literal, Self

import discord

from bot.tree import report_error

PREFIX = "dateline"
MAX_CUSTOM_ID = 100  # Discord's limit

Direction = Literal["prev", "next"]
QuoteAction = Literal["ctx", "cite"]
Button = discord.ui.Button[Any]


class PageButton(
    discord.ui.DynamicItem[Button],
    template=re.compile(rf"{PREFIX}:(?P<direction>prev|next):(?P<token>[0-9a-f]+):(?P<offset>\d+)"),
):
    """◀ or ▶: loads the page at ``offset`` of the search remembered under ``token``."""

    def __init__(
        self, direction: Direction, token: str, offset: int, *, disabled: bool = False
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀" if direction == "prev" else "▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"{PREFIX}:{direction}:{token}:{offset}",
                disabled=disabled,
            )
        )
        self.token = token
        self.offset = offset

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        direction: Direction = "prev" if match["direction"] == "prev" else "next"
        return cls(direction, match["token"], int(match["offset"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _answer(interaction, self._turn(interaction))

    async def _turn(self, interaction: discord.Interaction[Any]) -> None:
        presenter = interaction.client.presenter
        answer = await presenter.turn_page(interaction.user.id, self.token, self.offset)
        await interaction.response.edit_message(**answer.reply.kwargs(), view=answer.view)


class QuoteButton(
    discord.ui.DynamicItem[Button],
    template=re.compile(rf"{PREFIX}:(?P<action>ctx|cite):(?P<quote_id>.+)"),
):
    """Context (the quote's paragraph) or Cite (a citation line), shown only to whoever asks."""

    def __init__(self, action: QuoteAction, quote_id: str) -> None:
        context = action == "ctx"
        super().__init__(
            discord.ui.Button(
                label="Context" if context else "Cite",
                style=discord.ButtonStyle.primary if context else discord.ButtonStyle.success,
                custom_id=f"{PREFIX}:{action}:{quote_id}",
            )
        )
        self.action = action
        self.quote_id = quote_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        action: QuoteAction = "ctx" if match["action"] == "ctx" else "cite"
        return cls(action, match["quote_id"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _answer(interaction, self._show(interaction))

    async def _show(self, interaction: discord.Interaction[Any]) -> None:
        presenter = interaction.client.presenter
        show = presenter.context if self.action == "ctx" else presenter.cite
        reply = await show(self.quote_id)
        await interaction.response.send_message(**reply.kwargs(), ephemeral=True)


async def _answer(interaction: discord.Interaction[Any], work: Awaitable[None]) -> None:
    """Run a click's work; any failure gets an answer (discord.py would only log it)."""
    try:
        await work
    except Exception as error:  # noqa: BLE001 - reported to the user and, if a bug, logged
        await report_error(interaction, error)


RESULT_BUTTONS: tuple[type[discord.ui.DynamicItem[Button]], ...] = (PageButton, QuoteButton)
"""Registered once with the client (``add_dynamic_items``) so clicks find their class."""


def result_view(
    *,
    token: str | None = None,
    offset: int = 0,
    total: int = 1,
    page_size: int = 1,
    quote_id: str | None = None,
) -> discord.ui.View | None:
    """The buttons for one reply: ◀ ▶ when there is more than a page, Context and Cite for a
    quote; ``None`` when there is nothing to press."""
    view = discord.ui.View(timeout=None)
    if token is not None and total > page_size:
        previous = max(0, offset - page_size)
        following = offset + page_size
        view.add_item(PageButton("prev", token, previous, disabled=offset <= 0))
        view.add_item(PageButton("next", token, following, disabled=following >= total))
    if quote_id is not None and len(f"{PREFIX}:cite:{quote_id}") <= MAX_CUSTOM_ID:
        view.add_item(QuoteButton("ctx", quote_id))
        view.add_item(QuoteButton("cite", quote_id))
    return view if view.children else None
