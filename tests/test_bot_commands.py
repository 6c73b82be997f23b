"""Every reader command through the real discord.py client and the fake Discord."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from bot_harness import make_config, running_bot
from fakediscord import FakeDiscord

from bot.heartbeat import check_heartbeat
from bot.storage.database import connect
from bot.storage.meta_store import set_meta

EPHEMERAL = 1 << 6


def _embed(callback: dict[str, Any]) -> dict[str, Any]:
    embeds = callback["data"]["embeds"]
    assert len(embeds) == 1
    embed: dict[str, Any] = embeds[0]
    return embed


def _text(embed: dict[str, Any]) -> str:
    parts = [embed.get("title", ""), embed.get("description", "")]
    parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
    parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def _no_pings(callback: dict[str, Any]) -> None:
    assert callback["data"]["allowed_mentions"] == {"parse": []}


async def test_quote_cites_speaker_source_date_and_link(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        handle = await world.fake.inject_interaction(
            "quote", {"query": "deconflict"}, user=world.alice, channel=world.channel
        )
        callback = await handle.response()
    assert callback["type"] == 4
    _no_pings(callback)
    embed = _embed(callback)
    text = _text(embed)
    assert "**" in embed["description"]  # matched words in bold
    assert "of " in embed["footer"]["text"]  # "1 of N"
    assert any(name in text for name in ("Stoltenberg", "Lavrov"))
    assert "Source" in text
    labels = [c["label"] for row in callback["data"]["components"] for c in row["components"]]
    assert {"Context", "Cite"} <= set(labels)


async def test_paging_is_for_the_invoker_only_and_moves_forward(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        handle = await world.fake.inject_interaction(
            "quote", {"query": "Lavrov"}, user=world.alice, channel=world.channel
        )
        first = await handle.response()
        assert _embed(first)["footer"]["text"].startswith("1 of ")
        refused = await world.click(handle.original, "dateline:next", world.bob)
        refusal = await refused.response()
        assert refusal["data"]["flags"] & EPHEMERAL
        turned = await world.click(handle.original, "dateline:next", world.alice)
        update = await turned.response()
    assert update["type"] == 7
    assert _embed(update)["footer"]["text"].startswith("2 of ")


async def test_context_and_cite_are_ephemeral(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        handle = await world.fake.inject_interaction(
            "whosaid",
            {"words": "no military solution to the turmoil"},
            user=world.alice,
            channel=world.channel,
        )
        answer = await handle.response()
        assert "Josh Earnest" in _text(_embed(answer))
        context = await (await world.click(handle.original, "dateline:ctx", world.bob)).response()
        cite = await (await world.click(handle.original, "dateline:cite", world.bob)).response()
    assert context["data"]["flags"] & EPHEMERAL
    assert "turmoil" in _embed(context)["description"]
    assert cite["data"]["flags"] & EPHEMERAL
    assert "Josh Earnest" in cite["data"]["content"]


async def test_user_errors_are_ephemeral_and_plain(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        cases = {
            "quote": {"query": "zzzqqqxxx"},
            "speaker": {"name": "Lavorv Sergeyevich Nobody"},
            "onthisday": {"date": "13-45"},
        }
        replies = {}
        for name, options in cases.items():
            handle = await world.fake.inject_interaction(
                name, options, user=world.alice, channel=world.channel
            )
            replies[name] = await handle.response()
    for name, reply in replies.items():
        assert reply["data"]["flags"] & EPHEMERAL, name
        assert reply["data"].get("content"), name
        assert "Traceback" not in reply["data"]["content"]
    assert "MM-DD" in replies["onthisday"]["data"]["content"]


async def test_autocomplete_for_speaker_source_and_title(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        speakers = await world.fake.inject_autocomplete(
            "quote", {"query": "x", "speaker": "serg"}, focused="speaker", user=world.alice
        )
        sources = await world.fake.inject_autocomplete(
            "search", {"query": "x", "source": "mosc"}, focused="source", user=world.alice
        )
        titles = await world.fake.inject_autocomplete(
            "article", {"title": "lavrov"}, focused="title", user=world.alice
        )
    assert any("Lavrov" in choice["name"] for choice in speakers)
    assert any("Moscow Times" in choice["name"] for choice in sources)
    assert titles
    assert all(len(choice["name"]) <= 100 for choice in titles)
    assert len(titles) <= 25


async def test_browse_commands_answer(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with running_bot(fake_discord, tmp_path) as world:

        async def ask(name: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
            handle = await world.fake.inject_interaction(
                name, options or {}, user=world.alice, channel=world.channel
            )
            reply = await handle.response()
            _no_pings(reply)
            return _embed(reply)

        sources = _text(await ask("sources"))
        tass = _text(await ask("onthisday", {"date": "09-22"}))
        moscow = _text(await ask("onthisday", {"date": "2015-09-28"}))
        speaker = _text(await ask("speaker", {"name": "Sergey Lavrov"}))
        about = _text(await ask("about"))
        search = _text(await ask("search", {"query": "coalition"}))
        random = _text(await ask("random", {"speaker": "Earnest"}))
    assert "TASS" in sources
    assert "The Moscow Times" in sources
    assert "year unknown" in tass
    assert "years ago" in moscow
    assert "Sergei Lavrov" in speaker
    assert "Sergey Lavrov" in speaker  # the other spelling is listed
    assert "Quotes" in about
    assert "48" in about
    assert "**" in search
    assert "Josh Earnest" in random


async def test_about_answers_while_the_shared_connection_waits_for_a_reload(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """A reload holds the write lock for seconds; a digest claim or command-sync write on
    the bot's shared connection then waits for it, and anything queued behind that write
    waits too. /about reads on the search connection, so it answers meanwhile."""
    async with running_bot(fake_discord, tmp_path) as world:
        services = world.bot.services
        reload = await connect(services.config.storage.database)
        try:
            await reload.execute("BEGIN IMMEDIATE")
            await reload.execute("DELETE FROM quotes")  # half-built, never committed
            blocked_write = asyncio.create_task(set_meta(services.database, "probe", "1"))
            handle = await world.fake.inject_interaction(
                "about", {}, user=world.alice, channel=world.channel
            )
            fields = {f["name"]: f["value"] for f in _embed(await handle.response())["fields"]}
            write_was_waiting = not blocked_write.done()
            await reload.execute("ROLLBACK")
            await blocked_write
        finally:
            await reload.close()
    assert write_was_waiting
    assert fields["Articles"] == "5"
    assert fields["Quotes"] == "48"


async def test_a_likely_typo_gets_a_did_you_mean(
    fake_discord: FakeDiscord, tmp_path: Path, typo_corpus: Path
) -> None:
    config = make_config(fake_discord, tmp_path, corpus=typo_corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        found = await world.fake.inject_interaction(
            "quote", {"query": "goverment denied"}, user=world.alice, channel=world.channel
        )
        found_reply = await found.response()
        nothing = await world.fake.inject_interaction(
            "quote", {"query": "goverment roads"}, user=world.alice, channel=world.channel
        )
        nothing_reply = await nothing.response()
    assert found_reply["data"]["content"] == "did you mean government denied?"
    assert "John Roe" in _text(_embed(found_reply))
    assert "Did you mean government roads?" in nothing_reply["data"]["content"]
    assert nothing_reply["data"]["flags"] & EPHEMERAL


async def test_article_by_typed_title(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        handle = await world.fake.inject_interaction(
            "article",
            {"title": "Lavrov calls to coordinate"},
            user=world.alice,
            channel=world.channel,
        )
        embed = _embed(await handle.response())
    assert embed["title"].startswith("Lavrov calls to coordinate")
    assert "Sergey Lavrov" in embed["description"] or "Sergei Lavrov" in embed["description"]


async def test_commands_are_synced_once_then_only_when_changed(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        assert not await world.bot.sync_if_changed()
    puts = world.fake.requests_matching("PUT", r"/applications/\d+/commands")
    assert len(puts) == 1
    names = {command["name"] for command in world.fake.commands[None]}
    assert names == {
        "quote",
        "whosaid",
        "search",
        "speaker",
        "article",
        "sources",
        "onthisday",
        "random",
        "about",
        "digest",
        "corpus",
        "admin",
    }


async def test_fifty_concurrent_interactions_are_all_answered(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        queries = ["Lavrov", "coalition", "terrorism", "Syria", "deconflict"] * 10
        handles = await asyncio.gather(
            *(
                world.fake.inject_interaction(
                    "quote", {"query": q}, user=world.alice, channel=world.channel
                )
                for q in queries
            )
        )
        replies = await asyncio.gather(*(handle.response() for handle in handles))
    assert len(replies) == 50
    assert all(reply["type"] == 4 and reply["data"]["embeds"] for reply in replies)
    assert all(handle.callback_error is None for handle in handles)


async def test_a_running_bot_keeps_a_fresh_heartbeat(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        database = world.bot.services.config.storage.database
        await world.fake.wait_until(
            lambda: check_heartbeat(database)[0], timeout=5.0, what="a heartbeat"
        )
    assert check_heartbeat(database, now=time.time() + 600)[0] is False
    assert check_heartbeat(tmp_path / "elsewhere.db")[0] is False
