"""/admin: only owners, registered in the dev guild when one is set, health and sync."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from admin_helpers import extension_package
from bot_harness import make_config, running_bot
from fakediscord import FakeDiscord

from bot.app import create_bot, open_services

EPHEMERAL = 1 << 6


def _text(reply: dict[str, Any]) -> str:
    return str(reply.get("content") or reply.get("data", {}).get("content") or "")


async def test_everyone_but_the_owners_is_refused(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        config = world.bot.services.config
        refusals = []
        for member in (world.alice, world.manager, world.editor):
            for name in ("admin reload", "admin sync", "admin health"):
                handle = await world.fake.inject_interaction(
                    name, {}, user=member, channel=world.channel
                )
                refusals.append(await handle.response())
        assert world.bot.services.config is config
        owner = await world.fake.inject_interaction(
            "admin health", {}, user=world.owner, channel=world.channel
        )
        allowed = await owner.response()
    for reply in refusals:
        assert reply["data"]["flags"] & EPHEMERAL
        assert "Only the bot's owners" in reply["data"]["content"]
    assert allowed["data"]["flags"] & EPHEMERAL
    assert allowed["data"]["embeds"][0]["title"] == "Dateline health"


async def test_health_shows_gateway_uptime_memory_index_scheduler_and_errors(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    with extension_package(tmp_path) as package:
        async with running_bot(fake_discord, tmp_path) as world:
            await world.bot.wait_until_ready()
            await world.bot.load_extension(package.extra())
            await world.bot.sync_if_changed()
            for _ in range(2):
                boom = await world.fake.inject_interaction(
                    "boom", {}, user=world.alice, channel=world.channel
                )
                assert "Something went wrong" in (await boom.response())["data"]["content"]
            handle = await world.fake.inject_interaction(
                "admin health", {}, user=world.owner, channel=world.channel
            )
            embed = (await handle.response())["data"]["embeds"][0]
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert "latency" in fields["Gateway"]
    assert "shard 0: connected" in fields["Gateway"]
    assert "since <t:" in fields["Uptime"]
    assert fields["Memory"].endswith("MB RSS")
    assert "5 articles" in fields["Index"]
    assert "48 quotes" in fields["Index"]
    assert "last reload: never" in fields["Index"]
    assert "built-in defaults" in fields["Configuration"]
    assert "jobs; next: digest:sweep <t:" in fields["Scheduler"]
    assert fields["Recent errors"].startswith("RuntimeError ×2")
    assert "error" in fields["Recent errors"]


async def test_sync_says_nothing_changed_right_after_start(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        handle = await world.fake.inject_interaction(
            "admin sync", {}, user=world.owner, channel=world.channel
        )
        assert (await handle.response())["type"] == 5  # deferred
        await handle.next_edit()
    assert "No command was added, removed or changed" in _text(handle.original or {})
    assert "globally" in _text(handle.original or {})


async def test_sync_lists_added_commands_and_has_a_cooldown(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    with extension_package(tmp_path) as package:
        async with running_bot(fake_discord, tmp_path) as world:
            await world.bot.load_extension(package.extra())
            first = await world.fake.inject_interaction(
                "admin sync", {}, user=world.owner, channel=world.channel
            )
            await first.response()
            report = _text(await first.next_edit())
            second = await world.fake.inject_interaction(
                "admin sync", {}, user=world.owner, channel=world.channel
            )
            refusal = await second.response()
            ping = await world.fake.inject_interaction(
                "ping", {}, user=world.alice, channel=world.channel
            )
            pong = await ping.response()
    assert "Added: /boom, /ping, /slow" in report
    assert "Removed" not in report
    assert "Slow down" in refusal["data"]["content"]
    assert refusal["data"]["flags"] & EPHEMERAL
    assert pong["data"]["content"] == "pong v1"


async def test_with_a_dev_guild_admin_is_registered_only_there(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake = fake_discord
    guild = fake.add_guild("Dev")
    channel = fake.add_text_channel(guild, "ops")
    owner = fake.add_member(guild, fake.add_user("olga"))
    config = make_config(fake, tmp_path)
    config = replace(
        config,
        discord=replace(config.discord, dev_guild_id=guild.id, owner_ids=frozenset({owner.id})),
    )
    async with open_services(config) as services:
        bot = create_bot(services, guild_ready_timeout=0.05)
        async with fake.running(bot):
            handle = await fake.inject_interaction("admin sync", {}, user=owner, channel=channel)
            await handle.response()
            report = _text(await handle.next_edit())
    assert "admin" in {command["name"] for command in fake.commands[guild.id]}
    assert "admin" not in {command["name"] for command in fake.commands.get(None, [])}
    assert f"to guild {guild.id}" in report


async def test_without_owner_ids_the_application_owner_is_the_owner(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    source = tmp_path / "config.toml"
    config = replace(make_config(fake_discord, tmp_path), source=source)
    async with running_bot(fake_discord, tmp_path, config) as world:
        source.write_text(
            "[discord]\n"
            f'api_base_url = "{world.fake.api_base_url}"\n'
            f'gateway_url = "{world.fake.gateway_url}"\n'
            "[storage]\n"
            f'database = "{tmp_path / "index.db"}"\n',
            encoding="utf-8",
        )
        reload = await world.fake.inject_interaction(
            "admin reload", {"what": "config"}, user=world.owner, channel=world.channel
        )
        await reload.response()
        report = _text(await reload.next_edit())
        app_owner = world.fake.add_member(world.guild, world.fake.owner)
        replies = []
        for member in (world.owner, app_owner):
            handle = await world.fake.inject_interaction(
                "admin health", {}, user=member, channel=world.channel
            )
            replies.append(await handle.response())
    assert "[discord] owner_ids" in report
    assert "Only the bot's owners" in replies[0]["data"]["content"]
    assert replies[1]["data"]["embeds"][0]["title"] == "Dateline health"
