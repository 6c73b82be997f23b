"""Stateless reply buttons: nothing kept per message, bounded paging memory, restarts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bot_harness import World, running_bot
from fakediscord import FakeDiscord

from bot.paging import PagedSearch, PagingMemory
from bot.render import Reply

EPHEMERAL = 1 << 6


async def _no_page(offset: int) -> tuple[Reply, int, str | None]:
    return Reply(content=str(offset)), 10, None


def _search(owner: int) -> PagedSearch:
    return PagedSearch(owner_id=owner, load=_no_page, page_size=1)


def test_paging_memory_forgets_the_least_recently_used_search_first() -> None:
    memory = PagingMemory(capacity=2)
    first, second = memory.remember(_search(1)), memory.remember(_search(2))
    assert memory.recall(first) == _search(1)  # used again: now the most recent
    third = memory.remember(_search(3))
    assert len(memory) == 2
    assert memory.recall(second) is None
    assert memory.recall(first) == _search(1)
    assert memory.recall(third) == _search(3)


def test_paging_tokens_are_unguessable_and_distinct() -> None:
    memory = PagingMemory(capacity=1000)
    tokens = {memory.remember(_search(n)) for n in range(1000)}
    assert len(tokens) == 1000
    assert all(len(token) == 12 and int(token, 16) >= 0 for token in tokens)


def test_paging_memory_needs_room_for_one_search() -> None:
    with pytest.raises(ValueError, match="capacity"):
        PagingMemory(capacity=0)


async def _ask(world: World, query: str) -> dict[str, Any]:
    handle = await world.fake.inject_interaction(
        "quote", {"query": query}, user=world.alice, channel=world.channel
    )
    await handle.response()
    assert handle.original is not None
    return handle.original


async def test_replies_leave_no_view_behind_in_the_client(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        for query in ("Lavrov", "Syria", "deconflict", "coalition"):
            await _ask(world, query)
        store = world.bot._connection._view_store
        assert store.persistent_views == []
        assert not store._synced_message_views
        assert not store._views
        # Only replies with a second page are remembered, each under one token.
        assert 1 <= len(world.bot.presenter.paging) <= 4


async def test_a_forgotten_search_asks_to_run_the_command_again(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        world.bot.presenter.paging = PagingMemory(capacity=1)
        older = await _ask(world, "Lavrov")
        newer = await _ask(world, "Syria")
        expired = await (await world.click(older, "dateline:next", world.alice)).response()
        turned = await (await world.click(newer, "dateline:next", world.alice)).response()
    assert expired["data"]["flags"] & EPHEMERAL
    assert "run the command again" in expired["data"]["content"]
    assert turned["type"] == 7
    assert turned["data"]["embeds"][0]["footer"]["text"].startswith("2 of ")


async def test_paging_back_and_forth_keeps_the_buttons_right(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        first = await _ask(world, "Lavrov")
        second = await (await world.click(first, "dateline:next", world.alice)).response()
        page_two = {**first, "components": second["data"]["components"]}
        back = await (await world.click(page_two, "dateline:prev", world.alice)).response()

    def disabled(body: dict[str, Any]) -> dict[str, bool]:
        buttons = [c for row in body["data"]["components"] for c in row["components"]]
        return {b["label"]: bool(b.get("disabled")) for b in buttons}

    assert disabled(second)["◀"] is False
    assert back["data"]["embeds"][0]["footer"]["text"].startswith("1 of ")
    assert disabled(back)["◀"] is True
    assert disabled(back)["▶"] is False


async def test_context_and_cite_still_work_after_a_restart(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        reply = await _ask(world, "deconflict")
        reader = world.bob
    async with running_bot(fake_discord, tmp_path) as restarted:
        cite = await (await restarted.click(reply, "dateline:cite", reader)).response()
        page = await (await restarted.click(reply, "dateline:next", world.alice)).response()
    assert cite["data"]["flags"] & EPHEMERAL
    assert any(name in cite["data"]["content"] for name in ("Stoltenberg", "Lavrov"))
    # The paging memory did not survive the restart: a clear word, not a failed interaction.
    assert "run the command again" in page["data"]["content"]
