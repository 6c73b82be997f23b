"""Graceful shutdown: in-flight interactions, SIGTERM/SIGINT on a real ``python -m bot run``.

The subprocess tests start the real command-line entry point against the fake Discord
running in the test's event loop, so signals, logging and the exit code are the production
ones; SIGHUP is sent to the same process to reload its configuration file.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from admin_helpers import extension_package
from bot_harness import ROOT, SEED_CORPUS, running_bot
from conftest import FAKE_TOKEN
from fakediscord import FakeDiscord, FakeMember

from bot.operations.shutdown import interaction_tasks

EVENT_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) +[\w.]+: "
)


def integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


async def test_close_lets_quick_interactions_finish_and_cancels_stuck_ones(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    with extension_package(tmp_path) as package:
        async with running_bot(fake_discord, tmp_path) as world:
            await world.bot.load_extension(package.extra())
            await world.bot.sync_if_changed()
            world.bot.shutdown_grace = 1.0
            quick = await world.fake.inject_interaction(
                "slow", {"seconds": 0.3}, user=world.alice, channel=world.channel
            )
            stuck = await world.fake.inject_interaction(
                "slow", {"seconds": 60}, user=world.bob, channel=world.channel
            )
            assert (await quick.response())["type"] == 5
            assert (await stuck.response())["type"] == 5
            loop = asyncio.get_running_loop()
            started = loop.time()
            await world.bot.close()
            took = loop.time() - started
            leftover = interaction_tasks()
            scheduler = world.bot.services.digests.scheduler
            assert scheduler is not None
            jobs_after = scheduler.jobs()
    assert [message["content"] for message in quick.followups] == ["done after 0.3 s"]
    assert stuck.followups == []
    assert took < 3.0
    assert leftover == []
    assert jobs_after == []
    assert integrity(tmp_path / "index.db") == "ok"


def _write_config(
    path: Path, fake: FakeDiscord, owner: FakeMember, folder: Path, extra: str = ""
) -> None:
    path.write_text(
        f"""
[discord]
api_base_url = "{fake.api_base_url}"
gateway_url = "{fake.gateway_url}"
owner_ids = [{owner.id}]

[corpus]
path = "{SEED_CORPUS}"

[storage]
database = "{folder / "index.db"}"

[logging]
level = "DEBUG"
file = "{folder / "logs" / "dateline.log"}"
{extra}""",
        encoding="utf-8",
    )


async def _start_bot(config: Path, folder: Path) -> asyncio.subprocess.Process:
    environment = {**os.environ, "DISCORD_TOKEN": FAKE_TOKEN, "PYTHONPATH": str(ROOT)}
    with (folder / "stderr.txt").open("wb") as stderr:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "--config",
            str(config),
            "run",
            cwd=folder,
            env=environment,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )


async def _wait_for_log(
    fake: FakeDiscord, log: Path, found: Callable[[str], bool], what: str
) -> str:
    def check() -> str | None:
        text = log.read_text("utf-8") if log.exists() else ""
        return text if found(text) else None

    return await fake.wait_until(check, 15, what)


async def _stop(process: asyncio.subprocess.Process, number: signal.Signals) -> int:
    process.send_signal(number)
    try:
        return await asyncio.wait_for(process.wait(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_sigterm_after_a_sighup_reload_exits_0_with_a_whole_database(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake = fake_discord
    guild = fake.add_guild("Newsroom")
    channel = fake.add_text_channel(guild, "quotes")
    alice = fake.add_member(guild, fake.add_user("alice"))
    owner = fake.add_member(guild, fake.add_user("olga"))
    config = tmp_path / "config.toml"
    log = tmp_path / "logs" / "dateline.log"
    _write_config(config, fake, owner, tmp_path)
    process = await _start_bot(config, tmp_path)
    try:
        await fake.wait_until(lambda: None in fake.commands, 30, "the bot to sync")
        about = await fake.inject_interaction("about", {}, user=alice, channel=channel)
        assert (await about.response(timeout=10))["data"]["embeds"]

        _write_config(config, fake, owner, tmp_path, '[digest]\ndefault_timezone = "Asia/Tokyo"\n')
        process.send_signal(signal.SIGHUP)
        await _wait_for_log(fake, log, lambda t: "configuration reloaded" in t, "the reload")

        _write_config(config, fake, owner, tmp_path, "[digest]\ngrace_hours = true\n")
        process.send_signal(signal.SIGHUP)
        await _wait_for_log(fake, log, lambda t: "not reloaded" in t, "the rejection")

        health = await fake.inject_interaction("admin health", {}, user=owner, channel=channel)
        errors = {
            field["name"]: field["value"]
            for field in (await health.response(timeout=10))["data"]["embeds"][0]["fields"]
        }["Recent errors"]
        code = await _stop(process, signal.SIGTERM)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = log.read_text("utf-8")
    stderr = (tmp_path / "stderr.txt").read_text("utf-8")
    assert code == 0, stderr[-3000:]
    assert integrity(tmp_path / "index.db") == "ok"
    assert FAKE_TOKEN not in text
    assert FAKE_TOKEN not in stderr
    assert f"configuration: {config}" in text
    assert f"corpus: {SEED_CORPUS}" in text
    assert f"index: {tmp_path / 'index.db'}" in text
    assert "applied [digest] default_timezone; needs a restart: nothing" in text
    assert "[digest] grace_hours: must be a number" in text
    assert "[digest] grace_hours" in errors
    assert "SIGTERM received: shutting down" in text
    assert text.rstrip().endswith("bot.app: stopped")
    assert " discord.client: " in text  # discord.py's own logs go through the same set-up
    for line in text.splitlines():
        assert line.startswith("    ") or EVENT_LINE.match(line), line


async def test_sigint_also_exits_0(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake = fake_discord
    guild = fake.add_guild("Newsroom")
    owner = fake.add_member(guild, fake.add_user("olga"))
    config = tmp_path / "config.toml"
    _write_config(config, fake, owner, tmp_path)
    process = await _start_bot(config, tmp_path)
    await fake.wait_until(lambda: fake.ready_count > 0, 30, "the bot to connect")
    code = await _stop(process, signal.SIGINT)
    assert code == 0, (tmp_path / "stderr.txt").read_text("utf-8")[-3000:]
    assert "SIGINT received" in (tmp_path / "logs" / "dateline.log").read_text("utf-8")
    assert integrity(tmp_path / "index.db") == "ok"
