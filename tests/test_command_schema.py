"""Every cog loads, and every command it registers obeys Discord's schema rules.

Discord rejects a whole sync when one command breaks a rule, so this catches a bad name or
an over-long description before a deployment does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot_harness import make_config
from fakediscord import FakeDiscord

from bot.app import create_bot, open_services
from bot.client import EXTENSIONS

NAME = re.compile(r"^[-_a-z0-9]{1,32}$")


def _check_options(path: str, options: list[dict[str, Any]]) -> None:
    assert len(options) <= 25, path
    seen_optional = False
    for option in options:
        where = f"{path} {option['name']}"
        assert NAME.match(option["name"]), where
        assert 1 <= len(option["description"]) <= 100, where
        if option.get("type") in (1, 2):
            _check_options(where, option.get("options", []))
            continue
        if option.get("required"):
            assert not seen_optional, f"{where}: required after optional"
        else:
            seen_optional = True
        assert len(option.get("choices", [])) <= 25, where


async def test_every_cog_loads_and_every_command_follows_the_rules(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with open_services(make_config(fake_discord, tmp_path)) as services:
        bot = create_bot(services)
        for extension in EXTENSIONS:
            await bot.load_extension(extension)
        payload = [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
        await bot.close()
    assert {command["name"] for command in payload} == {
        "quote", "whosaid", "search", "speaker", "article", "sources", "onthisday",
        "random", "about", "digest", "corpus", "admin",
    }  # fmt: skip
    for command in payload:
        assert NAME.match(command["name"]), command["name"]
        assert 1 <= len(command["description"]) <= 100, command["name"]
        _check_options(command["name"], command.get("options", []))
        for option in command.get("options", []):
            assert option["description"] != "…", f"{command['name']} {option['name']}"
    assert len(payload) <= 100
