"""Shared fixtures. Add new fixtures in their own section below; keep each one small."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fakediscord import FakeDiscord

if TYPE_CHECKING:
    from bot.search.service import SearchService

FAKE_TOKEN = "fake-token.for-tests.only"

# ---------------------------------------------------------------------------- network guard

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback_host(host: Any) -> bool:
    """True for loopback names/addresses (and None/"" which mean a local bind)."""
    if host in (None, "", b""):
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]")
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _is_allowed_address(address: Any) -> bool:
    """Unix sockets and loopback (host, port[, ...]) tuples are allowed; all else is not."""
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    if isinstance(address, tuple) and address:
        return _is_loopback_host(address[0])
    return False


@pytest.fixture(autouse=True, scope="session")
def _network_guard() -> Iterator[None]:
    """Tests never reach the internet: only loopback connects and lookups are allowed.

    Without this, a test that forgot ``fake.patch_discord()`` would talk to the real
    discord.com on a machine that has a network (and leak a token).
    """
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if not _is_allowed_address(address):
            raise ConnectionRefusedError(f"network guard: connect to {address!r} blocked in tests")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_allowed_address(address):
            raise ConnectionRefusedError(f"network guard: connect to {address!r} blocked in tests")
        return real_connect_ex(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback_host(host):
            raise socket.gaierror(socket.EAI_NONAME, f"network guard: lookup of {host!r} blocked")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", guarded_connect)
        mp.setattr(socket.socket, "connect_ex", guarded_connect_ex)
        mp.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
        yield


# ---------------------------------------------------------------------------- fake Discord


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started fake Discord (token ``FAKE_TOKEN``); fails the test if the bot hit an
    unknown route, so gaps in the fake show up instead of passing silently."""
    fake = FakeDiscord(token=FAKE_TOKEN)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    assert fake.unhandled == [], f"routes the fake does not know: {fake.unhandled}"


# ---------------------------------------------------------------------------- seed index


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus indexed once per run; tests open it read-only."""
    from bot.indexer import build_index
    from bot.storage.database import connect

    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"

    async def build() -> None:
        connection = await connect(path)
        try:
            await build_index(connection, corpus, max_file_bytes=5_000_000, workers=0)
        finally:
            await connection.close()

    asyncio.run(build())
    return path


@pytest.fixture
async def service(seed_db: Path) -> AsyncIterator[SearchService]:
    """The search service on the seed index, with a fixed random source for random quotes."""
    import random

    from bot.search.service import SearchService

    opened = await SearchService.open(seed_db, rng=random.Random(7))
    try:
        yield opened
    finally:
        await opened.close()


# ---------------------------------------------------------------------------- typo corpus


@pytest.fixture
def typo_corpus(tmp_path: Path) -> Path:
    """Twelve articles quoting on "government", one with the slip "goverment", and one with
    the rare but real word "sorghum": for "did you mean" suggestions."""
    corpus = tmp_path / "typo-corpus"
    corpus.mkdir()
    for number in range(12):
        (corpus / f"g{number}.txt").write_text(
            f"Budget talks {number}\n\n"
            f'"The government will cut spending on roads," Jane Doe said.\n',
            encoding="utf-8",
        )
    (corpus / "slip.txt").write_text(
        'A rushed report\n\n"The goverment denied it," John Roe said on Tuesday.\n',
        encoding="utf-8",
    )
    (corpus / "crop.txt").write_text(
        "Harvest notes\n\nSorghum yields rose in the south.\n", encoding="utf-8"
    )
    return corpus
