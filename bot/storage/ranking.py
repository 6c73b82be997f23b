"""bm25 without its counting pass: the C ranking function and how a search uses it.

FTS5's ``bm25()`` first counts, for every phrase of a query, the rows holding it, by walking
the phrase's whole posting list; then, for every matching row, it reads the row's length
from the ``%_docsize`` table with a statement of its own. Dateline's queries OR every
inflection of every word, so on the Reuters benchmark those two steps were most of a quote
search's statement. ``dateline_bm25`` (``_ranking.c``, built by setup.py) computes the same
score from the same numbers, taking the counts from the caller (the vocabulary the service
already holds, :func:`bot.search.query.phrase_counts`) and the row's length from the
``%_docsize`` row that the search statement joins: half the statement's time, identical
scores (``tests/test_ranking.py`` compares them with ``bm25()`` row by row).

Where the extension was not built (no C compiler, ``DATELINE_PURE_PYTHON``), is older than
its source, or cannot be installed on a connection, searches rank with ``bm25()`` and give
the same results, a little slower.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from bot import native

log = logging.getLogger(__name__)

FUNCTION = "dateline_bm25"
_SOURCE = "_ranking.c"


def _load() -> tuple[Any, str]:
    """The extension module (or ``None``) and a sentence saying which ranking runs."""
    reason = native.stale_reason(Path(__file__).parent, _SOURCE)
    if reason is None:
        try:
            from bot.storage import _ranking  # type: ignore[attr-defined]
        except ImportError as error:
            reason = f"the extension does not load: {error}"
        else:
            return _ranking, f"{FUNCTION} (compiled)"
    return None, f"FTS5 bm25 ({reason})"


_EXTENSION, RANKING_BUILD = _load()


class FtsQuery(NamedTuple):
    """An FTS5 expression built from quoted tokens, and how many rows hold each of its
    phrases (:func:`bot.search.query.phrase_counts`), which the ranking takes as given."""

    match: str
    counts: str


class RankingConnection(sqlite3.Connection):
    """A connection with ``dateline_bm25`` installed when possible (``aiosqlite.connect``
    builds it in its own thread with ``factory=``); without it, it is a plain connection,
    and :meth:`bot.storage.search_store.SearchStore.open` finds out which it got."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if _EXTENSION is None:
            return
        import _sqlite3  # the module whose SQLite this connection runs on

        try:
            _EXTENSION.install(self, sqlite3.Connection, _sqlite3.__file__)
        except RuntimeError as error:
            log.warning("searches rank with FTS5's bm25: %s", error)


def scored_matches(
    fts: str, weights: tuple[float, float], query: FtsQuery, *, native_ranking: bool
) -> tuple[str, list[Any]]:
    """``SELECT pk, score`` over the rows of ``fts`` matching ``query`` (lower is better),
    with its parameters."""
    if native_ranking:
        sql = (
            f"SELECT {fts}.rowid AS pk, {FUNCTION}({fts}, ?, ?, ?, size.sz) AS score "
            f"FROM {fts} JOIN {fts}_docsize size ON size.id = {fts}.rowid WHERE {fts} MATCH ?"
        )
        return sql, [*weights, query.counts, query.match]
    sql = f"SELECT rowid AS pk, bm25({fts}, ?, ?) AS score FROM {fts} WHERE {fts} MATCH ?"
    return sql, [*weights, query.match]
