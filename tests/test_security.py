"""Nobody is let in who should not be, servers stay apart, the token stays secret, no pings.

Discord hides admin commands from members by default, but a server can change that and a
modified client can send anything, so these tests bypass the fake's client-side checks
(``validate=False``, ``permissions=0``) to reach the bot's own checks, which are the ones
that count.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

from admin_helpers import restored_logging
from bot_harness import SEED_CORPUS, World, make_config, running_bot
from conftest import FAKE_TOKEN
from fakediscord import FakeChannel, FakeDiscord, FakeGuild, FakeMember

from bot.config import LoggingConfig
from bot.logging_setup import setup_logging

EPHEMERAL = 1 << 6
MANAGE_GUILD = 1 << 5
ADMIN_COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("corpus reload", {}),
    ("corpus status", {}),
    ("digest set", {"time": "07:00"}),  # the channel is added per test
    ("digest off", {}),
    ("digest pause", {}),
    ("digest resume", {}),
    ("digest preview", {}),
    ("digest status", {}),
    ("admin reload", {"what": "config"}),
    ("admin sync", {}),
    ("admin health", {}),
]
_PING = re.compile(r"@(?:everyone|here)|<@[!&]?\d+>")


def options_for(name: str, options: dict[str, Any], channel: FakeChannel) -> dict[str, Any]:
    return {**options, "channel": channel.id} if name == "digest set" else options


def refused(body: dict[str, Any]) -> bool:
    data = body["data"]
    content = data.get("content") or ""
    return bool(data.get("flags", 0) & EPHEMERAL) and (
        "Only" in content or "only in a server" in content
    )


async def state(world: World) -> tuple[Any, ...]:
    """Everything an admin command could change: digest settings, reload log, config."""
    services = world.bot.services
    settings = await services.digests.store.settings(world.guild.id)
    status = await services.corpus.status()
    return settings, status.figures.last_reload, services.config


async def test_a_member_without_permission_is_refused_every_admin_command(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        before = await state(world)
        replies = []
        for name, options in ADMIN_COMMANDS:
            handle = await world.fake.inject_interaction(
                name,
                options_for(name, options, world.channel),
                user=world.alice,
                channel=world.channel,
                permissions=0,
                validate=False,
            )
            replies.append((name, await handle.response()))
        after = await state(world)
    assert [name for name, body in replies if not refused(body)] == []
    assert after == before


async def test_admin_commands_in_a_dm_are_refused(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """Server commands need a server; in a DM even a server's manager is just a user."""
    async with running_bot(fake_discord, tmp_path) as world:
        before = await state(world)
        dm = fake_discord.dm_channel(world.manager.user)
        replies = []
        for name, options in ADMIN_COMMANDS:
            handle = await world.fake.inject_interaction(
                name,
                options_for(name, options, world.channel),
                user=world.manager.user,
                channel=dm,
                validate=False,
            )
            replies.append((name, await handle.response()))
        after = await state(world)
    assert [name for name, body in replies if not refused(body)] == []
    assert after == before


def second_server(fake: FakeDiscord) -> tuple[FakeGuild, FakeChannel, FakeMember]:
    """Another server whose manager has no rights in the first one."""
    guild = fake.add_guild("Rival")
    channel = fake.add_text_channel(guild, "rival-news")
    managers = fake.add_role(guild, "Rival managers", permissions=MANAGE_GUILD)
    manager = fake.add_member(guild, fake.add_user("rex"), roles=[managers])
    return guild, channel, manager


async def test_servers_are_isolated_and_one_manager_cannot_touch_another_server(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    rival, rival_channel, rex = second_server(fake_discord)
    async with running_bot(fake_discord, tmp_path) as world:
        store = world.bot.services.digests.store

        async def run(name: str, options: dict[str, Any], user: Any, channel: Any) -> Any:
            handle = await world.fake.inject_interaction(
                name, options, user=user, channel=channel, validate=False
            )
            return await handle.response()

        await run(
            "digest set",
            {"channel": world.channel.id, "time": "07:00"},
            world.manager,
            world.channel,
        )
        await run("digest set", {"channel": rival_channel.id, "time": "19:30"}, rex, rival_channel)
        first = await store.settings(world.guild.id)
        # Rex joins the first server as a plain member: his rights do not travel with him.
        fake_discord.add_member(world.guild, rex.user)
        attempts = [
            await run("digest off", {}, rex.user, world.channel),
            await run(
                "digest set",
                {"channel": world.channel.id, "time": "01:00"},
                rex.user,
                world.channel,
            ),
            await run("corpus reload", {}, rex.user, world.channel),
        ]
        # Turning his own server's digest off leaves the first server's alone.
        await run("digest off", {}, rex, rival_channel)
        status = await run("digest status", {}, world.manager, world.channel)
        after_first = await store.settings(world.guild.id)
        after_rival = await store.settings(rival.id)
    assert all(refused(body) for body in attempts), attempts
    assert first is not None
    assert after_first == first
    assert first.channel_id == world.channel.id
    assert after_rival is None
    assert "rival" not in json.dumps(status).lower()


async def test_a_digest_cannot_be_pointed_at_another_servers_channel(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """A crafted request naming a channel of another server is refused, not stored."""
    _rival, rival_channel, _rex = second_server(fake_discord)
    async with running_bot(fake_discord, tmp_path) as world:
        handle = await world.fake.inject_interaction(
            "digest set",
            {"channel": rival_channel.id, "time": "07:00"},
            user=world.manager,
            channel=world.channel,
            validate=False,
        )
        body = await handle.response()
        settings = await world.bot.services.digests.store.settings(world.guild.id)
    assert body["data"].get("flags", 0) & EPHEMERAL
    assert "rival-news" in body["data"]["content"]  # discord.py cannot resolve it here
    assert settings is None


HOSTILE = """Breaking @everyone story <@&1234>

March 3, 2020

"@everyone come here <@&1234> and <@5678> @here," said Mallory Pinger.
"""


async def test_no_message_the_bot_sends_can_ping_and_the_token_is_never_logged(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """Hostile corpus text through buttons, digests and reload reports; a DEBUG log file
    of the whole session, with errors and rate limits in it, never holds the token."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    config = make_config(fake_discord, tmp_path, corpus=corpus)
    log_file = tmp_path / "logs" / "bot.log"
    with restored_logging():
        setup_logging(LoggingConfig(level="DEBUG", file=log_file), secrets=[FAKE_TOKEN])
        async with running_bot(fake_discord, tmp_path, config) as world:
            fake_discord.fail_next("POST", r"/callback$", 429, retry_after=0.05)
            quote = await world.fake.inject_interaction(
                "quote", {"query": "Mallory"}, user=world.alice, channel=world.channel
            )
            await quote.response()
            assert quote.original is not None
            for button in ("dateline:ctx", "dateline:cite"):
                click = await world.click(quote.original, button, world.bob)
                await click.response()
            (corpus / "@everyone <@&1234>.txt").write_text(HOSTILE, encoding="utf-8")
            reload = await world.fake.inject_interaction(
                "corpus reload", {}, user=world.manager, channel=world.channel
            )
            await reload.response()
            await world.fake.wait_until(
                lambda: bool(reload.original and reload.original.get("embeds")), 30, "report"
            )
            for name, options in [
                ("digest set", {"channel": world.channel.id, "time": "07:00"}),
                ("digest preview", {"date": "03-03"}),
                ("corpus status", {}),
            ]:
                handle = await world.fake.inject_interaction(
                    name, options, user=world.manager, channel=world.channel
                )
                await handle.response()
            await world.bot.services.search.close()  # an unexpected error, logged
            broken = await world.fake.inject_interaction(
                "quote", {"query": "Lavrov"}, user=world.alice, channel=world.channel
            )
            await broken.response()
        for handler in logging.getLogger().handlers:
            handler.flush()
    sent = [r for r in fake_discord.requests if r.method in {"POST", "PATCH"} and r.json]
    messages = [r for r in sent if _message_body(r.json)]
    assert len(messages) >= 8
    for request in messages:
        body = _message_body(request.json)
        assert body.get("allowed_mentions") == {"parse": []}, (request.path, body)
        shown = json.dumps({k: body.get(k) for k in ("content", "embeds")}, ensure_ascii=False)
        assert not _PING.search(shown), (request.path, shown)
    for request in fake_discord.requests:
        assert FAKE_TOKEN not in json.dumps(request.json, default=str)
    text = log_file.read_text("utf-8")
    assert re.search(r"error [0-9a-f]{8} in quote", text)  # the log did record the session
    assert FAKE_TOKEN not in text


def _message_body(body: Any) -> dict[str, Any]:
    """The message part of a REST body: the body itself, or an interaction callback's data."""
    if not isinstance(body, dict):
        return {}
    if "type" in body and isinstance(body.get("data"), dict):
        body = body["data"]
    return body if ("content" in body or "embeds" in body) else {}
