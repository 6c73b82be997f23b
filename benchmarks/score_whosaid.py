"""How often "who said this?" finds the quote someone half remembers.

Real quotes of six or more words are drawn from an index of the corpus (a fixed seed), then
asked for three ways: word for word; misremembered (one word dropped, one letter changed, as
in benchmarks/bench_search.py); and paraphrased at the edges (the first and last two words
left out). A hit is the same quote text at rank 1 (Reuters repeats some stories word for word,
so the same text in another article counts), or within the top 3.

    .venv/bin/python benchmarks/score_whosaid.py [--corpus DIR] [--sample 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import misremember, require, shared_folder
from bot.errors import UserFacingError
from bot.indexer import build_index
from bot.search.service import SearchService
from bot.storage.database import connect
from bot.textnorm import fold_key


def trimmed(text: str, rng: random.Random) -> str:
    words = text.split()
    return " ".join(words[2:-2]) if len(words) > 8 else " ".join(words[1:])


def exact(text: str, rng: random.Random) -> str:
    return text


VARIANTS: dict[str, Callable[[str, random.Random], str]] = {
    "word for word": exact,
    "misremembered": misremember,
    "edges left out": trimmed,
}


def sample_quotes(database: Path, size: int, rng: random.Random) -> list[str]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    texts = [
        row[0]
        for row in connection.execute("SELECT text FROM quotes ORDER BY pk")
        if len(row[0].split()) >= 6
    ]
    connection.close()
    return rng.sample(texts, min(size, len(texts)))


async def score(corpus: Path, size: int) -> None:
    with tempfile.TemporaryDirectory(prefix="dateline-whosaid-") as folder:
        database = Path(folder) / "index.db"
        connection = await connect(database)
        try:
            await build_index(connection, corpus, max_file_bytes=5_000_000)
        finally:
            await connection.close()
        quotes = sample_quotes(database, size, random.Random(1987))
        print(f"{corpus.name}: {len(quotes)} quotes of 6+ words\n")
        print("| asked | top 1 | top 3 | median ms |")
        print("|---|---:|---:|---:|")
        async with await SearchService.open(database) as service:
            for name, variant in VARIANTS.items():
                rng = random.Random(7)
                first = top3 = 0
                times: list[float] = []
                for text in quotes:
                    started = time.perf_counter()
                    try:
                        matches = await service.who_said(variant(text, rng))
                    except UserFacingError:
                        matches = ()
                    times.append((time.perf_counter() - started) * 1000)
                    found = [fold_key(match.quote.text) for match in matches[:3]]
                    first += bool(found) and found[0] == fold_key(text)
                    top3 += fold_key(text) in found
                n = len(quotes)
                print(
                    f"| {name} | {first / n:.3f} ({first}/{n}) | {top3 / n:.3f} | "
                    f"{statistics.median(times):.1f} |"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    corpus = require(args.corpus or shared_folder() / "corpora" / "reuters21578")
    asyncio.run(score(corpus, args.sample))


if __name__ == "__main__":
    main()
