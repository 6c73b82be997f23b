"""Replies stay inside Discord's limits and can never ping, whatever the corpus holds."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from bot_harness import make_config, running_bot
from fakediscord import FakeDiscord

LONG_QUOTE = " ".join(f"word{n}" for n in range(900))  # about 7,000 characters
HOSTILE = f"""{"A headline that goes on and on " * 9}

March 3, 2020

"@everyone look at this <@&1234> and <@5678>," said Mallory Pinger.

"{LONG_QUOTE}," Mallory Pinger added.

"**Not bold** and __not underlined__ ~~nor struck~~," Mallory Pinger said.
"""


def _embed_size(embed: dict[str, Any]) -> int:
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", ""))
    size += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return size


def _within_limits(data: dict[str, Any]) -> None:
    assert len(data.get("content") or "") <= 2000
    assert len(data.get("embeds", [])) <= 10
    for embed in data.get("embeds", []):
        assert len(embed.get("title", "")) <= 256
        assert len(embed.get("description", "")) <= 4096
        assert len(embed.get("fields", [])) <= 25
        for field in embed.get("fields", []):
            assert len(field["name"]) <= 256
            assert len(field["value"]) <= 1024
        assert _embed_size(embed) <= 6000


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return corpus


async def test_long_and_hostile_text_stays_within_limits_and_never_pings(
    fake_discord: FakeDiscord, tmp_path: Path, hostile_corpus: Path
) -> None:
    config = make_config(fake_discord, tmp_path, corpus=hostile_corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        replies = []
        for name, options in (
            ("quote", {"query": "word5"}),
            ("quote", {"query": "everyone"}),
            ("quote", {"query": "bold"}),
            ("speaker", {"name": "Mallory Pinger"}),
            ("random", {}),
            ("onthisday", {"date": "03-03"}),
            ("search", {"query": "headline"}),
            ("article", {"title": "A headline"}),
        ):
            handle = await world.fake.inject_interaction(
                name, options, user=world.alice, channel=world.channel
            )
            replies.append(((name, options), await handle.response()))
    for what, reply in replies:
        data = reply["data"]
        assert data.get("embeds"), (what, data.get("content"))
        assert data["allowed_mentions"] == {"parse": []}, what
        _within_limits(data)
        text = str(data)
        assert "@everyone" not in text, what
        assert not re.search(r"<@&?\d+>", text), what
    long_quote = replies[0][1]["data"]["embeds"][0]["description"]
    assert "Context" in long_quote  # cut cleanly, with a pointer to the whole passage
    markdown = replies[2][1]["data"]["embeds"][0]["description"]
    assert "\\*\\*Not" in markdown  # corpus markdown is escaped, not rendered


async def test_unexpected_errors_show_a_reference_that_is_logged(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        await world.bot.services.search.close()  # the index connection fails underneath
        with caplog.at_level(logging.ERROR):
            handle = await world.fake.inject_interaction(
                "quote", {"query": "Lavrov"}, user=world.alice, channel=world.channel
            )
            reply = await handle.response()
    content = reply["data"]["content"]
    assert reply["data"]["flags"] & (1 << 6)
    reference = re.search(r"error ([0-9a-f]{8})", content)
    assert reference, content
    assert any(reference.group(1) in record.getMessage() for record in caplog.records)
    assert "Traceback" not in content
