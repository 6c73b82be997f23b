"""The index under storage faults: read-only, full disk, locked, damaged at start.

The promise is the README's: a reload is one transaction, so whatever stops it leaves the
previous index answering, and the person who asked is told why in words they can act on. A
damaged file at start is not a traceback but the file's name and the way to rebuild it. (A
SIGKILL during a reload is covered by ``test_reload.py``.)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bot_harness import ROOT, SEED_CORPUS, World, make_config, running_bot
from fakediscord import FakeDiscord

from bot.cli import main
from bot.corpus_admin import explain_failure
from bot.errors import UnknownSpeaker
from bot.indexer import build_index
from bot.search.service import SearchService
from bot.storage.database import connect


def seed_copy(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    return corpus


def add_articles(corpus: Path, count: int, words: int = 400) -> None:
    filler = " ".join(f"filler{n}" for n in range(words))
    for n in range(count):
        (corpus / f"extra-{n:04d}.txt").write_text(
            f'Extra story {n}\n\nMarch 3, 2020\n\n"Words {n}," Pat Extra{n} said. {filler}\n',
            encoding="utf-8",
        )


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable for this process, as a read-only mount would.

    File modes do not stop root, so as root the file is also made immutable (``chattr +i``,
    which needs CAP_LINUX_IMMUTABLE); the test is skipped where neither works.
    """
    mode = path.stat().st_mode
    path.chmod(0o444)
    immutable = False
    try:
        if os.geteuid() == 0:
            chattr = shutil.which("chattr")
            done = chattr and subprocess.run([chattr, "+i", str(path)], capture_output=True)
            if not done or done.returncode != 0:
                pytest.skip("running as root without chattr: cannot make a file read-only")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


async def ask(world: World, name: str, options: dict[str, object]) -> dict[str, object]:
    handle = await world.fake.inject_interaction(
        name, options, user=world.manager, channel=world.channel
    )
    return dict(await handle.response())


async def reload_reply(world: World, limit: float = 30) -> str:
    """Run /corpus reload and return the text of its final reply (an embed or a sentence)."""
    handle = await world.fake.inject_interaction(
        "corpus reload", {}, user=world.manager, channel=world.channel
    )
    assert (await handle.response())["type"] == 5

    def finished() -> str | None:
        original = handle.original or {}
        if original.get("embeds"):
            return str(original["embeds"][0])
        content = str(original.get("content") or "")
        return content if "reload failed" in content.lower() else None

    return await world.fake.wait_until(finished, limit, "the reload's final reply")


def quote_total(body: dict[str, object]) -> str:
    data = body["data"]
    assert isinstance(data, dict)
    return str(data["embeds"][0]["footer"]["text"])


async def test_a_read_only_index_still_answers_and_a_reload_fails_clearly(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    corpus = seed_copy(tmp_path)
    config = make_config(fake_discord, tmp_path, corpus=corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        before = quote_total(await ask(world, "quote", {"query": "Lavrov"}))
        add_articles(corpus, 3)
        with read_only(config.storage.database):
            during = quote_total(await ask(world, "quote", {"query": "Lavrov"}))
            failed = await reload_reply(world)
        after = await reload_reply(world)  # writable again: the same reload now works
    assert during == before
    assert "The reload failed" in failed
    assert "read-only" in failed
    assert str(config.storage.database) in failed
    assert "previous index is unchanged" in failed
    assert "**3** added" in after


async def test_a_locked_index_fails_the_reload_clearly_and_keeps_the_previous_index(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    corpus = seed_copy(tmp_path)
    config = make_config(fake_discord, tmp_path, corpus=corpus)
    async with running_bot(fake_discord, tmp_path, config) as world:
        before = quote_total(await ask(world, "quote", {"query": "Lavrov"}))
        add_articles(corpus, 3)
        other = sqlite3.connect(config.storage.database, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")  # another program writing (busy_timeout is 5 s)
            failed = await reload_reply(world)
            during = quote_total(await ask(world, "quote", {"query": "Lavrov"}))
            other.execute("ROLLBACK")
        finally:
            other.close()
        status = await world.bot.services.corpus.status()
        after = await reload_reply(world)
    assert "The reload failed" in failed
    assert "locked by another program" in failed
    assert "delete" not in failed  # a lock is not damage: nobody should rebuild for it
    assert during == before
    assert status.figures.counts["articles"] == 5
    assert "**3** added" in after


async def test_a_full_disk_rolls_the_reload_back_and_says_so(tmp_path: Path) -> None:
    """SQLite's page limit stands in for a full disk: the same SQLITE_FULL, the same path."""
    corpus, database = seed_copy(tmp_path), tmp_path / "index.db"
    connection = await connect(database)
    try:
        await build_index(connection, corpus, max_file_bytes=5_000_000)
        add_articles(corpus, 150)
        async with connection.execute("PRAGMA page_count") as cursor:
            row = await cursor.fetchone()
        assert row is not None
        await connection.execute(f"PRAGMA max_page_count = {int(row[0]) + 20}")
        with pytest.raises(sqlite3.OperationalError) as raised:
            await build_index(connection, corpus, max_file_bytes=5_000_000)
    finally:
        await connection.close()
    reason = explain_failure(raised.value, database)
    async with await SearchService.open(database) as search:
        page = await search.search_quotes("Lavrov")
        with pytest.raises(UnknownSpeaker):  # none of the new articles got in
            await search.search_quotes("Words", speaker="Pat Extra7")
    assert "disk is full" in reason
    assert str(database) in reason
    assert page.total > 0


def garbage(database: Path) -> None:
    database.write_bytes(b"this is not a database\n" * 500)


def damaged_pages(database: Path) -> None:
    """A real index whose pages after the first are overwritten: the header still reads."""
    asyncio.run(_build(database))
    size = database.stat().st_size
    with database.open("r+b") as file:
        file.seek(4096)
        file.write(bytes((n * 37) % 251 for n in range(size - 4096)))


async def _build(database: Path) -> None:
    connection = await connect(database)
    try:
        await build_index(connection, SEED_CORPUS, max_file_bytes=5_000_000)
    finally:
        await connection.close()
    for suffix in ("-wal", "-shm"):
        assert not database.with_name(database.name + suffix).exists()


def assert_clear(text: str, database: Path) -> None:
    assert str(database) in text
    assert "delete it" in text
    assert "python -m bot index" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("damage", [garbage, damaged_pages])
def test_a_damaged_index_names_the_file_and_how_to_rebuild_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: object
) -> None:
    database = tmp_path / "index.db"
    assert callable(damage)
    damage(database)
    code = main(["index", "--corpus", str(SEED_CORPUS), "--db", str(database)])
    err = capsys.readouterr().err
    assert code == 1
    assert_clear(err, database)
    database.unlink()  # what the message says to do
    assert main(["index", "--corpus", str(SEED_CORPUS), "--db", str(database)]) == 0


@pytest.mark.parametrize("command", ["run", "index"])
def test_python_m_bot_on_a_damaged_index_exits_non_zero_without_a_traceback(
    tmp_path: Path, command: str
) -> None:
    database = tmp_path / "var" / "index.db"
    database.parent.mkdir()
    damaged_pages(database)
    config = tmp_path / "config.toml"
    config.write_text(
        "[discord]\n"
        'api_base_url = "http://127.0.0.1:9/api/v10"\n'  # never the real Discord
        'gateway_url = "ws://127.0.0.1:9"\n'
        f'[corpus]\npath = "{SEED_CORPUS}"\n'
        f'[storage]\ndatabase = "{database}"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "DISCORD_TOKEN": "fake-token.for-tests.only"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert_clear(done.stderr + done.stdout, database)
