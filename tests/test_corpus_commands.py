"""/corpus reload and /corpus status through the real discord.py client and the fake."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bot_harness import SEED_CORPUS, make_config, running_bot
from fakediscord import FakeDiscord

EPHEMERAL = 1 << 6


def seed_copy(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    return corpus


def add_articles(corpus: Path, count: int) -> None:
    for n in range(count):
        (corpus / f"extra-{n:04d}.txt").write_text(
            f'Extra {n}\n\nMarch 3, 2020\n\n"Words {n}," Pat Extra{n} said.\n', encoding="utf-8"
        )


async def test_reload_reports_changes_and_edits_progress(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    corpus = seed_copy(tmp_path)
    config = make_config(fake_discord, tmp_path, corpus=corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        (corpus / "004_5953e03fb71c9b79.txt").unlink()
        add_articles(corpus, 12)
        handle = await world.fake.inject_interaction(
            "corpus reload", {}, user=world.manager, channel=world.channel
        )
        deferred = await handle.response()
        progress = await handle.next_edit(timeout=30)
        final = handle.original
        await world.fake.wait_until(
            lambda: bool(handle.original and handle.original.get("embeds")), 30, "the report"
        )
        final = handle.original
        search = await world.fake.inject_interaction(
            "quote", {"query": "Words"}, user=world.alice, channel=world.channel
        )
        found = await search.response()
    assert deferred["type"] == 5
    assert "/ 16 files" in progress["content"]
    embed = final["embeds"][0]
    assert "**12** added" in embed["description"]
    assert "**1** removed" in embed["description"]
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert "extra-0000.txt" in fields["Added (12)"]
    assert "…and 2 more" in fields["Added (12)"]
    assert any(name.startswith("New speakers") for name in fields)
    assert final["attachments"], "a long report comes with the whole list as a file"
    assert found["data"]["embeds"][0]["footer"]["text"].endswith(
        found["data"]["embeds"][0]["footer"]["text"]
    )
    assert "of 12" in found["data"]["embeds"][0]["footer"]["text"]


async def test_members_without_manage_server_are_refused_and_nothing_changes(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    corpus = seed_copy(tmp_path)
    config = make_config(fake_discord, tmp_path, corpus=corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        add_articles(corpus, 2)
        replies = []
        for name in ("corpus reload", "corpus status"):
            handle = await world.fake.inject_interaction(
                name, {}, user=world.alice, channel=world.channel, permissions=0, validate=False
            )
            replies.append(await handle.response())
        status = await world.bot.services.corpus.status()
    for reply in replies:
        assert reply["data"]["flags"] & EPHEMERAL
        assert "Manage Server" in reply["data"]["content"]
    assert status.figures.counts["articles"] == 5
    assert status.figures.last_reload is None


async def test_a_second_reload_is_refused_while_one_runs(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    corpus = seed_copy(tmp_path)
    config = make_config(fake_discord, tmp_path, corpus=corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        add_articles(corpus, 800)
        first = await world.fake.inject_interaction(
            "corpus reload", {}, user=world.manager, channel=world.channel
        )
        await first.response()
        await first.next_edit(timeout=30)  # progress: the reload is running
        second = await world.fake.inject_interaction(
            "corpus reload", {}, user=world.manager, channel=world.channel
        )
        refusal = await second.response()
        await world.fake.wait_until(
            lambda: bool(first.original and first.original.get("embeds")), 60, "the report"
        )
    assert refusal["data"]["flags"] & EPHEMERAL
    assert "already running" in refusal["data"]["content"]
    assert "files" in refusal["data"]["content"]


async def test_status_lists_figures_skipped_files_and_last_reload(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    corpus = seed_copy(tmp_path)
    (corpus / "empty.txt").write_bytes(b"")
    config = make_config(fake_discord, tmp_path, corpus=corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        reload = await world.fake.inject_interaction(
            "corpus reload", {}, user=world.manager, channel=world.channel
        )
        await reload.response()
        await world.fake.wait_until(
            lambda: bool(reload.original and reload.original.get("embeds")), 30, "the report"
        )
        handle = await world.fake.inject_interaction(
            "corpus status", {}, user=world.manager, channel=world.channel
        )
        reply = await handle.response()
    assert reply["data"]["flags"] & EPHEMERAL
    embed: dict[str, Any] = reply["data"]["embeds"][0]
    text = str(embed)
    assert "5 articles" in text
    assert "48 quotes" in text
    assert "empty.txt: empty file" in text
    assert "Last reload" in text
    assert "year unknown" in text
    assert "MB" in text


async def test_owners_and_the_admin_role_may_use_corpus_commands(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        replies = []
        for member in (world.owner, world.editor):
            handle = await world.fake.inject_interaction(
                "corpus status", {}, user=member, channel=world.channel
            )
            replies.append(await handle.response())
    for reply in replies:
        assert reply["data"].get("embeds"), reply["data"].get("content")
