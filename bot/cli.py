"""Command-line entry points. Each subcommand calls the same services the bot uses."""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from bot.config import Config, ConfigError, load_config, load_publisher_table
from bot.corpus import EXTRACTOR_BUILD
from bot.heartbeat import check_heartbeat
from bot.indexer import IndexReport, build_index
from bot.logging_setup import setup_logging
from bot.search_cli import SEARCH_COMMANDS, add_search_commands, run_search_command
from bot.storage.database import DatabaseError, connect, describe
from bot.storage.index_store import iter_articles

DEFAULT_CONFIG = Path("config.toml")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(_config_path(args.config))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    command = args.command or "run"
    try:
        if command == "index":
            return asyncio.run(_index(config, args))
        if command == "export":
            return asyncio.run(_export(config, args, sys.stdout))
        if command == "health":
            healthy, explanation = check_heartbeat(config.storage.database)
            print(explanation, file=sys.stdout if healthy else sys.stderr)
            return 0 if healthy else 1
        if command in SEARCH_COMMANDS:
            return asyncio.run(run_search_command(config, args, sys.stdout))
        from bot.app import run as run_bot  # discord.py loads only when the bot runs

        setup_logging(config.logging, secrets=[config.discord.token or ""])
        return asyncio.run(run_bot(config))
    except (DatabaseError, FileNotFoundError, ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        # Damage past the file header only shows when a page is read: still no traceback,
        # but the file and the way to rebuild it.
        database = getattr(args, "db", None) or config.storage.database
        print(f"error: {describe(error, database)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Dateline: who said what, when, and where."
    )
    parser.add_argument(
        "--config", type=Path, help="configuration file (default: ./config.toml if present)"
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the Discord bot (the default)")
    commands.add_parser("health", help="exit 0 when a running bot's heartbeat is fresh")
    index = commands.add_parser("index", help="build the index from the corpus folder")
    index.add_argument("--corpus", type=Path, help="corpus folder (default: from the config)")
    index.add_argument("--db", type=Path, help="index file (default: from the config)")
    index.add_argument(
        "--full", action="store_true", help="re-extract every file, not only new and changed ones"
    )
    export = commands.add_parser("export", help="write the index as JSON Lines on stdout")
    source = export.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, help="index this folder into a temporary database")
    source.add_argument("--db", type=Path, help="export this index file")
    add_search_commands(commands)
    return parser


def _config_path(explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


async def _index(config: Config, args: argparse.Namespace) -> int:
    corpus: Path = args.corpus or config.corpus.path
    database: Path = args.db or config.storage.database
    report = await _build(
        config, corpus, database, show_progress=sys.stderr.isatty(), full=args.full
    )
    _print_report(report, database, sys.stdout)
    return 0


async def _build(
    config: Config, corpus: Path, database: Path, *, show_progress: bool, full: bool = False
) -> IndexReport:
    connection = await connect(database)
    try:
        return await build_index(
            connection,
            corpus,
            max_file_bytes=config.corpus.max_file_bytes,
            progress=_progress_line if show_progress else None,
            publishers=load_publisher_table(config.corpus),
            full=full,
        )
    finally:
        await connection.close()


def _progress_line(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    end = "\n" if done >= total else ""
    print(f"\r[{bar}] {done:,}/{total:,} files", end=end, file=sys.stderr, flush=True)


def _print_report(report: IndexReport, database: Path, out: TextIO) -> None:
    kind = "Rebuilt" if report.full else "Updated"
    print(f"{kind} {database} from {report.files:,} files in {report.seconds:.1f} s", file=out)
    print(f"  extractor: {EXTRACTOR_BUILD}", file=out)
    print(
        f"  {len(report.added):,} added · {len(report.changed):,} changed · "
        f"{len(report.removed):,} removed · {report.unchanged:,} unchanged",
        file=out,
    )
    print(
        f"  articles {report.articles:,} · quotes {report.quotes:,} · "
        f"speakers {report.speakers:,} · sources {report.sources:,}",
        file=out,
    )
    if report.warnings:
        print(f"  warnings ({len(report.warnings)}):", file=out)
        for file, message in report.warnings:
            print(f"    {file}: {message}", file=out)
    if report.skipped:
        print(f"  skipped files ({len(report.skipped)}):", file=out)
        for file, reason in report.skipped:
            print(f"    {file}: {reason}", file=out)
    if report.correction_problems:
        print(f"  correction problems ({len(report.correction_problems)}):", file=out)
        for problem in report.correction_problems:
            print(f"    {problem}", file=out)


async def _export(config: Config, args: argparse.Namespace, out: TextIO) -> int:
    if args.corpus is not None:
        with tempfile.TemporaryDirectory(prefix="dateline-") as folder:
            database = Path(folder) / "export.db"
            report = await _build(config, args.corpus, database, show_progress=False)
            for file, reason in report.skipped:
                print(f"skipped {file}: {reason}", file=sys.stderr)
            await _write_export(database, out)
        return 0
    database = args.db or config.storage.database
    if not database.is_file():
        raise FileNotFoundError(f"no index at {database}; run `python -m bot index` first")
    await _write_export(database, out)
    return 0


async def _write_export(database: Path, out: TextIO) -> None:
    connection = await connect(database, readonly=True)
    try:
        async for article in iter_articles(connection):
            record = {
                "id": article.id,
                "file": article.file,
                "title": article.title,
                "date": article.date,
                "time": article.time,
                "utc_offset": article.utc_offset,
                "source": article.source,
                "url": article.url,
                "author": article.author,
                "quotes": [
                    {
                        "id": quote.id,
                        "quote": quote.text,
                        "speaker": quote.speaker,
                        "speaker_id": quote.speaker_id,
                        "speaker_canonical": quote.speaker_canonical,
                        "partial": quote.partial,
                        "explicit": quote.explicit,
                    }
                    for quote in article.quotes
                ],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        await connection.close()
