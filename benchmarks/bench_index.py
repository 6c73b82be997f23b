"""Full index and reload times of a corpus next to a raw SQLite FTS5 baseline, in one run.

The baseline does the least any full-text index must do: read each file, decode it, insert
title and body into one FTS5 table in one transaction. Dateline additionally cleans, extracts
metadata, quotes and speakers, and stores articles, quotes and speakers. Runs alternate
(baseline, Dateline, baseline, …) so machine noise hits both alike; medians are reported.
Then, on a copy of the corpus: a reload with nothing changed, and one with one file changed.

    .venv/bin/python benchmarks/bench_index.py [--corpus DIR] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import median, require, shared_folder
from bot.corpus import EXTRACTOR_BUILD
from bot.corpus.reader import Decoded, iter_article_paths, read_article
from bot.indexer import build_index
from bot.storage.database import connect

MAX_BYTES = 5_000_000


def baseline(corpus: Path, database: Path) -> float:
    started = time.perf_counter()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)")
    connection.execute("BEGIN")
    root = corpus.resolve()
    for path in iter_article_paths(root):
        decoded = read_article(path, root, MAX_BYTES)
        if isinstance(decoded, Decoded):
            title, _, body = decoded.text.partition("\n")
            connection.execute("INSERT INTO docs (title, body) VALUES (?, ?)", (title, body))
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started


async def dateline(corpus: Path, database: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    connection = await connect(database)
    try:
        report = await build_index(connection, corpus, max_file_bytes=MAX_BYTES)
    finally:
        await connection.close()
    return time.perf_counter() - started, report.articles, report.quotes


def reloads(corpus: Path, folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """Times of reloads with nothing changed and with one file changed, on a corpus copy."""
    copy = folder / "corpus-copy"
    shutil.copytree(corpus, copy)
    database = folder / "reload.db"
    asyncio.run(dateline(copy, database))
    victim = sorted(copy.glob("*.txt"))[len(list(copy.glob("*.txt"))) // 2]
    unchanged, one_changed = [], []
    for run in range(runs):
        unchanged.append(asyncio.run(dateline(copy, database))[0])
        victim.write_text(victim.read_text(encoding="utf-8") + f"\nEdit {run}.\n", "utf-8")
        one_changed.append(asyncio.run(dateline(copy, database))[0])
    return unchanged, one_changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = require(args.corpus or shared_folder() / "corpora" / "reuters21578")
    base_times: list[float] = []
    ours: list[float] = []
    articles = quotes = 0
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as folder:
        for run in range(args.runs):
            base_times.append(baseline(corpus, Path(folder) / f"base{run}.db"))
            seconds, articles, quotes = asyncio.run(dateline(corpus, Path(folder) / f"d{run}.db"))
            ours.append(seconds)
        unchanged, one_changed = reloads(corpus, Path(folder), args.runs)
    files = sum(1 for _ in iter_article_paths(corpus))
    base, mine = median(base_times), median(ours)
    print(
        f"Full index of {corpus.name}: {files:,} files, {articles:,} articles, "
        f"{quotes:,} quotes; median of {args.runs} runs; extractor {EXTRACTOR_BUILD}"
    )
    print()
    print("| what | median s | files/s | × baseline |")
    print("|---|---:|---:|---:|")
    print(
        f"| raw SQLite FTS5 baseline (read, insert title+body) | {base:.2f} | "
        f"{files / base:,.0f} | 1.00 |"
    )
    print(
        f"| Dateline `index` (extract + store + FTS) | {mine:.2f} | {files / mine:,.0f} | "
        f"{mine / base:.2f} |"
    )
    quiet, one = median(unchanged), median(one_changed)
    print()
    print("| reload of a copy | median s | × full Dateline index |")
    print("|---|---:|---:|")
    print(f"| nothing changed | {quiet:.2f} | {quiet / mine:.3f} |")
    print(f"| one file changed | {one:.2f} | {one / mine:.3f} |")


if __name__ == "__main__":
    main()
