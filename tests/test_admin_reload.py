"""/admin reload and SIGHUP: the configuration and the cogs of a running bot."""

from __future__ import annotations

import logging
import os
import signal
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from admin_helpers import extension_package, restored_logging
from bot_harness import World, make_config, running_bot
from conftest import FAKE_TOKEN
from fakediscord import FakeDiscord

from bot.app import signal_handlers

EPHEMERAL = 1 << 6


def write_config(world: World, path: Path, database: Path, extra: str = "") -> None:
    """The file the bot would have been started with, plus ``extra`` TOML."""
    path.write_text(
        "[discord]\n"
        f'api_base_url = "{world.fake.api_base_url}"\n'
        f'gateway_url = "{world.fake.gateway_url}"\n'
        f"owner_ids = [{world.owner.id}]\n" + extra + f'[storage]\ndatabase = "{database}"\n',
        encoding="utf-8",
    )


async def admin_reload(world: World, what: str) -> str:
    handle = await world.fake.inject_interaction(
        "admin reload", {"what": what}, user=world.owner, channel=world.channel
    )
    deferred = await handle.response()
    assert deferred["type"] == 5
    assert deferred["data"]["flags"] & EPHEMERAL
    edited: dict[str, Any] = await handle.next_edit(timeout=10)
    return str(edited["content"])


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ('[digest]\ndefault_timezone = "Mars/Olympus_Mons"\n', "[digest] default_timezone"),
        ("[digest]\ngrace_hours = -1\n", "[digest] grace_hours"),
        ('[discord]\nowner_ids = "everyone"\n', "[discord] owner_ids"),
        ("[digset]\n", "unknown section [digset]"),
        ("[digest\n", "not valid TOML"),
    ],
)
async def test_an_invalid_configuration_changes_nothing_and_names_the_key(
    fake_discord: FakeDiscord, tmp_path: Path, extra: str, named: str
) -> None:
    source = tmp_path / "config.toml"
    config = replace(make_config(fake_discord, tmp_path), source=source)
    async with running_bot(fake_discord, tmp_path, config) as world:
        services = world.bot.services
        before = services.config
        if extra.startswith("[discord]"):
            source.write_text(extra, encoding="utf-8")
        else:
            write_config(world, source, tmp_path / "index.db", extra)
        reply = await admin_reload(world, "config")
        after = (services.config, services.digests.config, services.corpus.config)
    assert "Configuration not reloaded, nothing was changed" in reply
    assert named in reply
    assert all(held is before for held in after)


async def test_a_valid_configuration_applies_live_and_lists_what_needs_a_restart(
    fake_discord: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)  # as in production: from the environment
    source = tmp_path / "config.toml"
    config = replace(make_config(fake_discord, tmp_path), source=source)
    with restored_logging():
        async with running_bot(fake_discord, tmp_path, config) as world:
            services = world.bot.services
            allowed = await world.fake.inject_interaction(
                "corpus status", {}, user=world.editor, channel=world.channel
            )
            assert (await allowed.response())["data"].get("embeds")
            # The admin role is gone from the file, the digest defaults and the log level
            # change, and the database moves (which only a restart can do).
            write_config(
                world,
                source,
                tmp_path / "moved.db",
                '[digest]\ndefault_timezone = "Europe/Berlin"\ngrace_hours = 2\n'
                '[logging]\nlevel = "warning"\n',
            )
            reply = await admin_reload(world, "config")
            refused = await world.fake.inject_interaction(
                "corpus status", {}, user=world.editor, channel=world.channel
            )
            refusal = await refused.response()
            choices = await world.fake.inject_autocomplete(
                "digest set",
                {"channel": world.channel.id, "time": "07:00", "timezone": ""},
                focused="timezone",
                user=world.manager,
                channel=world.channel,
            )
            scheduler = services.digests.scheduler
            assert scheduler is not None
            grace_hours = scheduler.grace.total_seconds() / 3600
            root_level = logging.getLogger().level
            running = services.config
    assert "Applied now:" in reply
    for key in (
        "[discord] admin_role_id",
        "[digest] default_timezone",
        "[digest] grace_hours",
        "[logging] level",
    ):
        assert key in reply.split("Changed but needs a restart")[0]
    assert "needs a restart (still running with the old value): [storage] database" in reply
    assert running.storage.database == tmp_path / "index.db"
    assert running.digest.default_timezone == "Europe/Berlin"
    assert services.digests.config is running
    assert services.corpus.config is running
    assert "Manage Server" in refusal["data"]["content"]
    assert choices[0]["value"] == "Europe/Berlin"
    assert grace_hours == 2
    assert root_level == logging.WARNING


async def test_a_cog_that_fails_to_reload_keeps_serving_its_old_commands(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    with extension_package(tmp_path) as package:
        async with running_bot(fake_discord, tmp_path) as world:
            name = package.extra("v1")
            await world.bot.load_extension(name)
            await world.bot.sync_if_changed()
            package.break_()
            failed = await admin_reload(world, "cogs")
            old = await world.fake.inject_interaction(
                "ping", {}, user=world.alice, channel=world.channel
            )
            still_v1 = (await old.response())["data"]["content"]
            package.extra("v2")
            fixed = await admin_reload(world, "cogs")
            new = await world.fake.inject_interaction(
                "ping", {}, user=world.alice, channel=world.channel
            )
            now_v2 = (await new.response())["data"]["content"]
            about = await world.fake.inject_interaction(
                "about", {}, user=world.alice, channel=world.channel
            )
            about_reply = await about.response()
            errors = world.bot.operations.errors.by_kind()
    assert f"**{name}** failed and keeps its previous version: SyntaxError" in failed
    assert "Reloaded 6 cogs." in failed
    assert still_v1 == "pong v1"
    assert "Reloaded 7 cogs." in fixed
    assert "failed" not in fixed
    assert now_v2 == "pong v2"
    assert about_reply["data"].get("embeds")
    assert [row.kind for row in errors] == ["SyntaxError"]


async def test_reload_all_does_the_configuration_then_the_cogs(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake_discord, tmp_path) as world:
        reply = await admin_reload(world, "all")
    config_part, cogs_part = reply.split("\n\n")
    # The harness's in-memory settings differ from the built-in defaults read back here.
    assert config_part.startswith("Configuration reloaded from `built-in defaults")
    assert "[storage] database" in config_part
    assert cogs_part == "Reloaded 6 cogs."


async def test_sighup_reloads_the_configuration(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    source = tmp_path / "config.toml"
    config = replace(make_config(fake_discord, tmp_path), source=source)
    async with running_bot(fake_discord, tmp_path, config) as world:
        services = world.bot.services
        with signal_handlers(world.bot):
            write_config(world, source, tmp_path / "index.db", "[digest]\ngrace_hours = 9\n")
            os.kill(os.getpid(), signal.SIGHUP)
            await world.fake.wait_until(
                lambda: services.config.digest.grace_hours == 9, 5, "the SIGHUP reload"
            )
            good = services.config
            write_config(world, source, tmp_path / "index.db", "[digest]\ngrace_hours = -3\n")
            os.kill(os.getpid(), signal.SIGHUP)
            await world.fake.wait_until(
                lambda: len(world.bot.operations.errors) > 0, 5, "the rejected reload"
            )
            rejected = world.bot.operations.errors.newest(1)[0]
    assert services.config is good
    assert "configuration not reloaded" in rejected.message
    assert "[digest] grace_hours" in rejected.message
    assert signal.getsignal(signal.SIGHUP) == signal.SIG_DFL
