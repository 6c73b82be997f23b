"""The native ranking function gives FTS5's bm25 scores, and searches rank the same without it.

``dateline_bm25`` (bot/storage/_ranking.c) takes the phrase counts from the caller and the
row's length from the ``%_docsize`` row the statement joins, instead of reading both itself;
these tests compare it with FTS5's own ``bm25()`` row by row on real indexes, feed it broken
counts, and compare whole search pages ranked each way.
"""

from __future__ import annotations

import itertools
import math
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.search.query import parse_query
from bot.search.service import SearchService
from bot.storage.ranking import (
    FUNCTION,
    RANKING_BUILD,
    FtsQuery,
    RankingConnection,
    scored_matches,
)

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = {"quotes_fts": (1.0, 0.6), "articles_fts": (2.0, 1.0)}
native_only = pytest.mark.skipif(
    not RANKING_BUILD.startswith(FUNCTION), reason=f"ranking here: {RANKING_BUILD}"
)


@pytest.fixture
def connection(seed_db: Path) -> Iterator[sqlite3.Connection]:
    opened = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True, factory=RankingConnection)
    try:
        yield opened
    finally:
        opened.close()


def _scores(
    connection: sqlite3.Connection, fts: str, match: str, counts: str, *, native: bool
) -> dict[int, float]:
    sql, params = scored_matches(fts, WEIGHTS[fts], FtsQuery(match, counts), native_ranking=native)
    return {int(pk): float(score) for pk, score in connection.execute(sql, params)}


async def _queries(service: SearchService, table: str) -> list[tuple[str, str]]:
    """Expressions and counts the service builds: every indexed word of the seed articles
    alone, in pairs with inflections and hyphen splits, as prefixes and as phrases."""
    lexicon = service._quotes if table == "quotes" else service._articles
    words = sorted(lexicon.vocabulary.frequency)
    rng = random.Random(3)
    texts = list(words)
    texts += [f"{a} {b}" for a, b in zip(rng.sample(words, 80), rng.sample(words, 80), strict=True)]
    texts += [f"{word[:3]}*" for word in rng.sample(words, 40)]
    texts += [f'"{a} {b}"' for a, b in itertools.pairwise(words[:41])]
    texts += ["deconflict", "de-conflict", "Lavrov said", "Syria's"]
    queries = []
    for text in texts:
        try:
            prepared = await service._prepare(lexicon, table, text)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - a word with no match has no query to compare
            continue
        queries.append((prepared.query.match, prepared.query.counts))
        queries.append((prepared.query.match, ""))  # nothing given: it counts every phrase
    groups = lexicon.whosaid_groups(parse_query("the president said we expect talks on syria"))
    operator_or = lexicon.fts_query([group for group in groups if group], "OR")
    queries.append((operator_or.match, operator_or.counts))
    return queries


@native_only
@pytest.mark.parametrize("table", ["quotes", "articles"])
async def test_native_scores_are_bm25s_to_the_last_bit(
    service: SearchService, connection: sqlite3.Connection, table: str
) -> None:
    queries = await _queries(service, table)
    assert len(queries) > 200
    compared = 0
    for match, counts in queries:
        builtin = _scores(connection, f"{table}_fts", match, counts, native=False)
        native = _scores(connection, f"{table}_fts", match, counts, native=True)
        assert native == builtin, match
        compared += len(builtin)
    assert compared > 1000


@native_only
@pytest.mark.parametrize(
    "counts", ["nonsense", "1 2 x 4", "-5 -5", "99999999999 0", "3.5 7", " ", "1e9"]
)
def test_broken_counts_give_finite_scores_for_the_same_rows(
    connection: sqlite3.Connection, counts: str
) -> None:
    match = '("the") AND ("lavrov" OR "sergei" OR "sergey")'
    builtin = _scores(connection, "quotes_fts", match, counts, native=False)
    native = _scores(connection, "quotes_fts", match, counts, native=True)
    assert builtin
    assert native.keys() == builtin.keys()
    assert all(math.isfinite(score) and score <= 0 for score in native.values())


@native_only
async def test_search_pages_are_the_same_ranked_either_way(service: SearchService) -> None:
    texts = ["deconflict", "Syria", "Russia", "Lavrov", "military", "pre*", "the"]
    texts += ["capable ground force", '"ground force"']
    before = service._store.native_ranking

    async def pages() -> list[object]:
        found: list[object] = []
        for text in texts:
            found.append(await service.search_quotes(text, limit=50))
            found.append(await service.search_articles(text, limit=50))
        found.append(await service.who_said("no military solution to the turmoil"))
        return found

    try:
        service._store.native_ranking = True
        native = await pages()
        service._store.native_ranking = False
        builtin = await pages()
    finally:
        service._store.native_ranking = before
    assert native == builtin


def test_the_install_ranks_natively_where_it_could(service: SearchService) -> None:
    """Where the compiled modules were built (test_native checks that), the ranking function
    was too, and the search store uses it."""
    from bot.corpus import EXTRACTOR_BUILD

    if not EXTRACTOR_BUILD.startswith("compiled"):
        pytest.skip(f"the install is {EXTRACTOR_BUILD}")
    assert (RANKING_BUILD, service._store.native_ranking) == (f"{FUNCTION} (compiled)", True)


@native_only
def test_an_edited_ranking_source_is_not_run(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    probe = "from bot.storage.ranking import RANKING_BUILD; print(RANKING_BUILD)"

    def build() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert build() == f"{FUNCTION} (compiled)"
    with (tmp_path / "bot" / "storage" / "_ranking.c").open("a", encoding="utf-8") as source:
        source.write("\n/* an edit made after the install */\n")
    assert build().startswith("FTS5 bm25 (_ranking.c changed after it was compiled")
