"""Helpers for the owner-operation tests (no tests here): a test-only extension package.

The package lives in a temporary folder put on ``sys.path``, with a unique name, so a test
can load it into the real bot, rewrite (or break) its source and reload it, exactly as an
operator editing a cog would, without touching the project's own cogs.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

EXTRA_COG = '''
import asyncio

import discord
from discord import app_commands
from discord.ext import commands


class Extra(commands.Cog):
    @app_commands.command(name="ping")
    async def ping(self, interaction: discord.Interaction) -> None:
        """Answers with the version of this file that is loaded."""
        await interaction.response.send_message("pong {version}")

    @app_commands.command(name="slow")
    @app_commands.describe(seconds="How long to work before answering")
    async def slow(self, interaction: discord.Interaction, seconds: float) -> None:
        """Defers, works for a while, then answers."""
        await interaction.response.defer()
        await asyncio.sleep(seconds)
        await interaction.followup.send(f"done after {{seconds}} s")

    @app_commands.command(name="boom")
    async def boom(self, interaction: discord.Interaction) -> None:
        """Fails with a bug (for the error log)."""
        raise RuntimeError("boom for the error log")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Extra())
'''

BROKEN = "async def setup(bot:\n    this is not python\n"


@dataclass
class ExtensionPackage:
    name: str
    folder: Path

    def write(self, module: str, source: str) -> str:
        """Write ``<package>.<module>`` and return its extension name."""
        path = self.folder / f"{module}.py"
        path.write_text(source, encoding="utf-8")
        later = time.time() + 2  # never reuse a cached compile of an earlier version
        os.utime(path, (later, later))
        importlib.invalidate_caches()
        return f"{self.name}.{module}"

    def extra(self, version: str = "v1") -> str:
        return self.write("extra", EXTRA_COG.format(version=version))

    def break_(self, module: str = "extra") -> str:
        return self.write(module, BROKEN)


@contextmanager
def extension_package(tmp_path: Path) -> Iterator[ExtensionPackage]:
    name = f"dateline_testext_{uuid.uuid4().hex[:10]}"
    root = tmp_path / "extensions"
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(root))
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        yield ExtensionPackage(name, folder)
    finally:
        sys.dont_write_bytecode = writes_bytecode
        sys.path.remove(str(root))
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


@contextmanager
def restored_logging() -> Iterator[None]:
    """Put the root logger (handlers and levels) back as it was after a test changed it."""
    root = logging.getLogger()
    names = ("discord", "aiosqlite", "apscheduler")
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in names}
    try:
        yield
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        for handler in handlers:
            if handler not in root.handlers:
                root.addHandler(handler)
        root.setLevel(level)
        for name, value in levels.items():
            logging.getLogger(name).setLevel(value)
