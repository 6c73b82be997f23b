"""Bring up the real Dateline bot, on a real index of the bundled corpus, against the fake.

Configuration points discord.py at the fake through ``[discord] api_base_url`` and
``gateway_url``, the same keys an operator would use for a proxy, so the tests exercise the
configured-endpoint path rather than patching discord.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from conftest import FAKE_TOKEN
from fakediscord import FakeChannel, FakeDiscord, FakeGuild, FakeMember

from bot.app import create_bot, open_services
from bot.client import DatelineBot
from bot.config import Config, CorpusConfig, DiscordConfig, StorageConfig

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS = ROOT / "data" / "corpus"
MANAGE_GUILD = 1 << 5


@dataclass
class World:
    fake: FakeDiscord
    bot: DatelineBot
    guild: FakeGuild
    channel: FakeChannel
    alice: FakeMember
    bob: FakeMember
    manager: FakeMember  # has Manage Server through a role
    editor: FakeMember  # in the configured admin role, without Manage Server
    owner: FakeMember  # in [discord] owner_ids, without Manage Server

    async def click(self, message: Mapping[str, Any] | None, button: str, user: FakeMember) -> Any:
        """Press the reply's button whose custom id starts with ``button`` ("dateline:next")."""
        assert message is not None
        return await self.fake.inject_component(message, button_id(message, button), user=user)


def button_id(message: Mapping[str, Any], prefix: str) -> str:
    """The full custom id of a button; the rest of it is the state the click carries."""
    for row in message.get("components") or []:
        for component in row.get("components") or []:
            if str(component.get("custom_id", "")).startswith(f"{prefix}:"):
                return str(component["custom_id"])
    raise LookupError(f"no button {prefix!r} on message {message.get('id')}")


def make_config(fake: FakeDiscord, folder: Path, corpus: Path = SEED_CORPUS) -> Config:
    return replace(
        Config(),
        discord=DiscordConfig(
            token=FAKE_TOKEN, api_base_url=fake.api_base_url, gateway_url=fake.gateway_url
        ),
        corpus=CorpusConfig(path=corpus),
        storage=StorageConfig(database=folder / "index.db"),
    )


@asynccontextmanager
async def running_bot(
    fake: FakeDiscord, folder: Path, config: Config | None = None
) -> AsyncIterator[World]:
    guild = fake.add_guild("Newsroom")
    channel = fake.add_text_channel(guild, "quotes")
    alice = fake.add_member(guild, fake.add_user("alice"))
    bob = fake.add_member(guild, fake.add_user("bob"))
    managers = fake.add_role(guild, "Managers", permissions=MANAGE_GUILD)
    manager = fake.add_member(guild, fake.add_user("mona"), roles=[managers])
    editors = fake.add_role(guild, "Editors")
    editor = fake.add_member(guild, fake.add_user("eddie"), roles=[editors])
    owner = fake.add_member(guild, fake.add_user("olga"))
    config = config or make_config(fake, folder)
    config = replace(
        config,
        discord=replace(config.discord, admin_role_id=editors.id, owner_ids=frozenset({owner.id})),
    )
    async with open_services(config) as services:
        bot = create_bot(services, guild_ready_timeout=0.05)
        async with fake.running(bot):
            yield World(fake, bot, guild, channel, alice, bob, manager, editor, owner)
