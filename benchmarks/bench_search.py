"""Search latency (p50/p99) on Reuters-21578 next to raw FTS5, plus peak RSS with the index open.

    .venv/bin/python benchmarks/bench_search.py [--scale 1|10] [--rebuild]

``--scale 1`` indexes ../shared/corpora/reuters21578 (19,042 articles); ``--scale 10`` inserts
every article ten times with distinct ids through the indexer API (190k articles). Built
indexes are cached under var/bench/. The raw FTS5 baseline is a plain (content-storing) FTS5
table of the same folded text, built in this run, queried with ``MATCH … ORDER BY bm25 LIMIT
10`` for the same terms through aiosqlite like the service. Timings and RSS are measured in a
fresh child process so index building does not inflate the memory figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import ROOT, percentile, require, shared_folder
from bot.corpus.aliases import SpeakerGroup, group_speakers
from bot.corpus.reader import Skipped
from bot.errors import UserFacingError
from bot.indexer import list_corpus, process_file
from bot.search.query import parse_query
from bot.search.service import SearchService
from bot.storage.database import connect, transaction
from bot.storage.index_store import ArticleRecord, IndexWriter
from bot.textnorm import fold, fold_key

MAX_BYTES = 5_000_000
BENCH_DIR = ROOT / "var" / "bench"
REPEAT = 3

# Two-term (and a few one- and three-term) queries over words common in Reuters 1987.
QUERIES = [
    "oil prices",
    "crude oil",
    "interest rates",
    "trade deficit",
    "grain exports",
    "coffee quota",
    "stock market",
    "central bank",
    "money supply",
    "federal reserve",
    "wheat sales",
    "sugar production",
    "tax reform",
    "budget deficit",
    "dollar yen",
    "share offer",
    "takeover bid",
    "merger agreement",
    "quarterly dividend",
    "net profit",
    "opec output",
    "gold reserves",
    "bond market",
    "exchange rates",
    "soviet union",
    "japan tariffs",
    "treasury secretary",
    "baker said",
    "chairman said",
    "president reagan",
    "economic growth",
    "unemployment rate",
    "inflation",
    "debt crisis",
    "brazil debt",
    "cocoa",
    "soybean crop",
    "corn futures",
    "natural gas",
    "steel imports",
    "computer chips",
    "semiconductor",
    "airline",
    "shipping strike",
    "copper price",
    "acquisition",
    "rubber",
    "export subsidies",
    "farm bill",
    "we expect",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, choices=(1, 10), default=1)
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached index")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--raw", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


# --- building -------------------------------------------------------------------------------


def extract_all(corpus: Path) -> list[ArticleRecord]:
    root, paths = list_corpus(corpus)
    work = partial(process_file, root=root, max_bytes=MAX_BYTES)
    with ProcessPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, paths, chunksize=128))
    return [r for r in results if not isinstance(r, Skipped)]


async def build(corpus: Path, database: Path, scale: int) -> None:
    """Index every article ``scale`` times (distinct ids and file names) in one transaction."""
    started = time.perf_counter()
    records = await asyncio.to_thread(extract_all, corpus)
    print(f"extracted {len(records):,} articles in {time.perf_counter() - started:.0f} s")
    await asyncio.to_thread(database.unlink, missing_ok=True)
    connection = await connect(database)
    try:
        async with transaction(connection):
            writer = IndexWriter(connection)
            await writer.clear()
            for copy in range(scale):
                for record in records:
                    if scale > 1:
                        article = replace(record.article, file=f"x{copy}/{record.article.file}")
                        record = replace(record, id=f"{record.id}x{copy}", article=article)
                    await writer.add_article(record)
            await writer.finish(merged_groups(writer.speaker_names()), {"bench": str(scale)})
        await connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await connection.close()
    print(f"built {database} in {time.perf_counter() - started:.0f} s")


def merged_groups(names: list[str]) -> list[SpeakerGroup]:
    """group_speakers, with groups whose names fold alike merged (speakers.name_key is unique;
    on Reuters the grouping currently returns such duplicates, which fails the build)."""
    merged: dict[str, SpeakerGroup] = {}
    for group in group_speakers(names):
        key = fold_key(group.name)
        if key in merged:
            aliases = tuple(dict.fromkeys((*merged[key].aliases, *group.aliases)))
            merged[key] = SpeakerGroup(merged[key].name, aliases)
        else:
            merged[key] = group
    return list(merged.values())


def build_raw(database: Path, raw: Path) -> float:
    """Plain FTS5 tables holding the same folded text, the baseline's best case."""
    started = time.perf_counter()
    raw.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    target = sqlite3.connect(raw, isolation_level=None)
    target.execute("PRAGMA journal_mode = OFF")
    tokenize = "tokenize='unicode61 remove_diacritics 2'"
    target.execute(f"CREATE VIRTUAL TABLE raw_articles USING fts5(title, body, {tokenize})")
    target.execute(f"CREATE VIRTUAL TABLE raw_quotes USING fts5(text, speaker, {tokenize})")
    target.execute("BEGIN")
    target.executemany(
        "INSERT INTO raw_articles(rowid, title, body) VALUES (?, ?, ?)",
        (
            (pk, fold(t or ""), fold(b))
            for pk, t, b in source.execute("SELECT pk, title, body FROM articles")
        ),
    )
    target.executemany(
        "INSERT INTO raw_quotes(rowid, text, speaker) VALUES (?, ?, ?)",
        (
            (pk, fold(t), n or "")
            for pk, t, n in source.execute("SELECT pk, text, speaker_name FROM quotes")
        ),
    )
    target.execute("COMMIT")
    source.close()
    target.close()
    return time.perf_counter() - started


# --- measuring (child process) ------------------------------------------------------------------


async def timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    with contextlib.suppress(UserFacingError):
        await call()
    return (time.perf_counter() - started) * 1000


def raw_match(text: str) -> str:
    terms = parse_query(text).terms
    return " AND ".join('"' + " ".join(term.tokens) + '"' for term in terms)


async def whosaid_inputs(service_db: Path, rng: random.Random) -> list[str]:
    """50 real quotes of 6+ words, misremembered: one word dropped, one letter changed."""
    connection = sqlite3.connect(f"file:{service_db}?mode=ro", uri=True)
    texts = [
        row[0]
        for row in connection.execute(
            "SELECT text FROM quotes WHERE length(text) BETWEEN 40 AND 300 ORDER BY pk LIMIT 5000"
        )
    ]
    connection.close()
    picked = rng.sample(texts, min(50, len(texts)))
    result = []
    for text in picked:
        words = text.split()
        if len(words) > 6:
            del words[rng.randrange(len(words))]
        word = rng.randrange(len(words))
        if len(words[word]) > 4:
            letters = list(words[word])
            letters[2] = "e" if letters[2] != "e" else "a"
            words[word] = "".join(letters)
        result.append(" ".join(words))
    return result


async def measure(database: Path, raw: Path) -> dict[str, Any]:
    import psutil  # a dev dependency; only the benchmark needs it

    process = psutil.Process()
    rng = random.Random(1987)
    started = time.perf_counter()
    service = await SearchService.open(database)
    open_seconds = time.perf_counter() - started
    rss = [process.memory_info().rss]
    baseline = await connect(raw, readonly=False)
    results: dict[str, list[float]] = {}

    async def run(name: str, calls: list[Callable[[], Awaitable[Any]]]) -> None:
        for call in calls:  # warm-up
            await timed(call)
        results[name] = [await timed(call) for _ in range(REPEAT) for call in calls]
        rss.append(process.memory_info().rss)

    async def raw_query(table: str, text: str) -> None:
        async with baseline.execute(
            f"SELECT rowid, bm25({table}) AS s FROM {table} WHERE {table} MATCH ? "
            "ORDER BY s LIMIT 10",
            (raw_match(text),),
        ) as cursor:
            await cursor.fetchall()

    await run("quote search", [partial(service.search_quotes, q) for q in QUERIES])
    await run("raw FTS5 (quotes)", [partial(raw_query, "raw_quotes", q) for q in QUERIES])
    await run("article search", [partial(service.search_articles, q) for q in QUERIES])
    await run("raw FTS5 (articles)", [partial(raw_query, "raw_articles", q) for q in QUERIES])
    inputs = await whosaid_inputs(database, rng)
    await run("whosaid", [partial(service.who_said, text) for text in inputs])

    titles = [choice.name for choice in service.autocomplete.titles.search("", 25)]
    prefixes = [q[: rng.randint(2, 8)] for q in QUERIES] + [t[:6] for t in titles]
    prefixes += ["stoltenbrg", "reutr", "baker jam", ""]

    async def complete(prefix: str) -> None:
        service.autocomplete.titles.search(prefix)
        service.autocomplete.speakers.search(prefix)
        service.autocomplete.sources.search(prefix)

    await run("autocomplete (3 providers)", [partial(complete, p) for p in prefixes])
    await service.close()
    await baseline.close()
    return {
        "latency": {
            name: {"p50": percentile(v, 0.5), "p99": percentile(v, 0.99), "n": len(v)}
            for name, v in results.items()
        },
        "rss_mb": max(rss) / 2**20,
        "open_seconds": open_seconds,
    }


# --- report -----------------------------------------------------------------------------------


def report(scale: int, articles: int, data: dict[str, Any]) -> None:
    lat = data["latency"]
    print(f"\n### Dateline search, Reuters-21578 x{scale} ({articles:,} articles)\n")
    print("| operation | p50 ms | p99 ms | raw FTS5 p50 | raw FTS5 p99 | target | ok |")
    print("|---|---:|---:|---:|---:|---|---|")
    pairs = {
        "quote search": "raw FTS5 (quotes)",
        "article search": "raw FTS5 (articles)",
    }
    for name, value in lat.items():
        if name.startswith("raw"):
            continue
        raw = lat.get(pairs.get(name, ""), None)
        raw_cells = f"{raw['p50']:.2f} | {raw['p99']:.2f}" if raw else "– | –"
        if raw:
            target, ok = "p99 <= 1.5x raw", value["p99"] <= 1.5 * raw["p99"]
        elif name == "whosaid":
            target, ok = "p99 <= 100 ms", value["p99"] <= 100
        else:
            target, ok = "p99 <= 5 ms", value["p99"] <= 5
        print(
            f"| {name} | {value['p50']:.2f} | {value['p99']:.2f} | {raw_cells} | {target} | "
            f"{'yes' if ok else 'NO'} |"
        )
    rss_ok = data["rss_mb"] <= 300
    print(
        f"| peak RSS, index open | {data['rss_mb']:.0f} MB | | | | <= 300 MB | "
        f"{'yes' if rss_ok else 'NO'} |"
    )
    print(f"\nopening the service (vocabulary + autocomplete load): {data['open_seconds']:.1f} s")


def is_built(database: Path, scale: int) -> bool:
    """The cached index exists and its build finished (the marker is written last)."""
    if not database.is_file():
        return False
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        row = connection.execute("SELECT value FROM meta WHERE key = 'bench'").fetchone()
        connection.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == str(scale)


def main() -> None:
    args = parse_args()
    if args.measure:
        print(json.dumps(asyncio.run(measure(args.measure, args.raw))))
        return
    corpus = require(shared_folder() / "corpora" / "reuters21578")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / f"reuters-x{args.scale}.db"
    if args.rebuild or not is_built(database, args.scale):
        asyncio.run(build(corpus, database, args.scale))
    raw = BENCH_DIR / f"reuters-x{args.scale}-raw.db"
    print(f"built raw FTS5 baseline in {build_raw(database, raw):.0f} s")
    articles = sqlite3.connect(database).execute("SELECT count(*) FROM articles").fetchone()[0]
    child = subprocess.run(
        [sys.executable, __file__, "--measure", str(database), "--raw", str(raw)],
        capture_output=True,
        text=True,
        check=True,
    )
    report(args.scale, articles, json.loads(child.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
