"""Starting the bot: no token, a bad token, and the token never in the logs."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from bot_harness import make_config
from fakediscord import FakeDiscord

from bot.app import run
from bot.cli import main
from bot.config import DiscordConfig

WRONG_TOKEN = "wrong-token.that-discord-rejects"


def test_no_token_exits_2_with_instructions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./config.toml here: built-in defaults
    assert main(["run"]) == 2
    out = capsys.readouterr().out
    assert "DISCORD_TOKEN" in out
    assert "discord.com/developers/applications" in out


async def test_bad_token_is_a_clear_message_without_the_token(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_config(fake_discord, tmp_path)
    config = replace(
        config,
        discord=DiscordConfig(
            token=WRONG_TOKEN,
            api_base_url=config.discord.api_base_url,
            gateway_url=config.discord.gateway_url,
        ),
    )
    with caplog.at_level(logging.DEBUG):
        assert await run(config) == 1
    messages = [record.getMessage() for record in caplog.records]
    assert any("rejected the bot token" in message for message in messages)
    assert not any(WRONG_TOKEN in message for message in messages)
    assert not any(record.exc_info for record in caplog.records if record.name == "bot.app")
