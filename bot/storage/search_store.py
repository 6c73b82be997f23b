"""All SQL the search service runs. Every value is a bound parameter.

The service hands over an FTS5 expression it built from quoted tokens (never raw user text)
and plain filter values; this module only assembles fixed SQL fragments around them. The
vocabulary tables are ``fts5vocab`` views in the connection's ``temp`` schema, so opening a
read-only index works and nothing is written to the file.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

import aiosqlite

from bot.storage.database import connect
from bot.storage.index_store import counts
from bot.storage.ranking import FUNCTION, FtsQuery, RankingConnection, scored_matches

FtsTable = Literal["quotes", "articles"]
_QUOTE_WEIGHTS = (1.0, 0.6)  # text, speaker: the name counts, but less than the words
_ARTICLE_WEIGHTS = (2.0, 1.0)  # title, body
_PHRASES_PER_STATEMENT = 50

_QUOTE_COLUMNS = """
    q.pk, q.id, q.text, q.speaker_name, q.speaker_id, sp.name AS canonical, q.para_start,
    q.para_end, q.start, q."end", a.pk AS article_pk, a.id AS article_id, a.title,
    a.date_iso, a.url, src.name AS source
"""
_QUOTE_JOINS = """
    JOIN articles a ON a.pk = q.article_pk
    LEFT JOIN speakers sp ON sp.id = q.speaker_id
    LEFT JOIN sources src ON src.id = a.source_id
"""
# What a ranked hit shows, all from the quote's own row (which carries its article's
# citation) and the two small name tables: ranked searches read these, not _QUOTE_COLUMNS.
_HIT_COLUMNS = """
    q.pk, q.id, q.text, q.speaker_name, sp.name AS canonical, q.article_id,
    q.article_title AS title, q.article_date AS date_iso, q.article_url AS url,
    src.name AS source
"""
_HIT_JOINS = """
    LEFT JOIN speakers sp ON sp.id = q.speaker_id
    LEFT JOIN sources src ON src.id = q.article_source_id
"""
_ARTICLE_COLUMNS = """
    a.pk, a.id, a.title, a.date_iso, a.url, a.author, src.name AS source
"""


class QuoteRow(NamedTuple):
    """A quote with its article's citation fields: the columns of ``_QUOTE_COLUMNS``, in
    order (a named tuple: a page builds ten of these on every search)."""

    pk: int
    id: str
    text: str
    speaker_name: str | None
    speaker_id: int | None
    canonical: str | None
    para_start: int
    para_end: int
    start: int
    end: int
    article_pk: int
    article_id: str
    title: str | None
    date_iso: str | None
    url: str | None
    source: str | None


class HitRow(NamedTuple):
    """A ranked quote: the columns of ``_HIT_COLUMNS``, in order, then its bm25.

    A search reads only what a hit shows, from the quote's row alone (no article lookup):
    on the Reuters benchmark, with caches cold as between a bot's searches, the article
    lookups of a page of ten hits cost about 30 us of a ~110 us statement.
    """

    pk: int
    id: str
    text: str
    speaker_name: str | None
    canonical: str | None
    article_id: str
    title: str | None
    date_iso: str | None
    url: str | None
    source: str | None
    score: float


class ArticleRow(NamedTuple):
    """An article's citation fields: the columns of ``_ARTICLE_COLUMNS``, in order."""

    pk: int
    id: str
    title: str | None
    date_iso: str | None
    url: str | None
    author: str | None
    source: str | None


@dataclass(frozen=True)
class SpeakerRow:
    id: int
    name: str
    aliases: tuple[str, ...]
    quote_count: int


@dataclass(frozen=True)
class SourceRow:
    id: int
    name: str
    article_count: int
    first_iso: str | None
    last_iso: str | None
    undated: int


@dataclass(frozen=True)
class TitleRow:
    id: str
    title: str
    source: str | None
    date_iso: str | None


@dataclass(frozen=True)
class SpeakerStats:
    quote_count: int
    first_iso: str | None
    last_iso: str | None
    undated: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Filters:
    """Restrictions on a search; ``None`` means "any". Dates are inclusive ISO strings."""

    speaker_ids: tuple[int, ...] | None = None
    source_ids: tuple[int, ...] | None = None
    date_from: str | None = None
    date_to: str | None = None
    year: int | None = None

    def where(self, *, with_speakers: bool) -> tuple[str, list[Any]]:
        """SQL conditions (fixed text, ``?`` placeholders) and their parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if with_speakers and self.speaker_ids is not None:
            clauses.append(f"q.speaker_id IN ({_marks(self.speaker_ids)})")
            params.extend(self.speaker_ids)
        if self.source_ids is not None:
            clauses.append(f"a.source_id IN ({_marks(self.source_ids)})")
            params.extend(self.source_ids)
        if self.date_from is not None or self.date_to is not None:
            # A year-unknown article cannot be placed in a range, so a range excludes it.
            clauses.append("a.year IS NOT NULL")
        if self.date_from is not None:
            clauses.append("a.date_iso >= ?")
            params.append(self.date_from)
        if self.date_to is not None:
            clauses.append("a.date_iso <= ?")
            params.append(self.date_to)
        if self.year is not None:
            clauses.append("a.year = ?")
            params.append(self.year)
        return (" AND " + " AND ".join(clauses) if clauses else ""), params

    @property
    def empty(self) -> bool:
        return self == NO_FILTERS


NO_FILTERS = Filters()


class _Ranking(NamedTuple):
    """A full-text table with its bm25 column weights and the filter applied to matches ``h``."""

    fts: Literal["quotes_fts", "articles_fts"]
    weights: tuple[float, float]
    joins: str
    where: str
    params: list[Any]


async def _has_function(connection: aiosqlite.Connection, name: str) -> bool:
    """Whether FTS5 knows the auxiliary function ``name`` (the statement is only prepared)."""
    try:
        await connection.execute(f"SELECT {name}(quotes_fts) FROM quotes_fts WHERE 0")
    except sqlite3.OperationalError:
        return False
    return True


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values) or "NULL"


Row = TypeVar("Row", QuoteRow, HitRow, ArticleRow)


def _as(kind: type[Row], row: aiosqlite.Row) -> Row:
    """The leading columns of ``row`` as a ``kind``: a statement's SELECT list starts with
    that type's columns, in order (extra columns such as the total come after)."""
    return kind._make(row[: len(kind._fields)])


class SearchStore:
    """Read-side queries over one index connection."""

    def __init__(self, connection: aiosqlite.Connection, *, native_ranking: bool) -> None:
        self._db = connection
        self.native_ranking = native_ranking
        """Whether searches rank with ``dateline_bm25`` (see :mod:`bot.storage.ranking`)."""

    @classmethod
    async def open(cls, path: Path) -> SearchStore:
        """Open the index read-only, create the ``temp`` vocabulary tables and find out
        whether the connection got the native ranking function."""
        connection = await connect(path, readonly=True, factory=RankingConnection)
        try:
            for table in ("quotes", "articles"):
                await connection.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_vocab "
                    f"USING fts5vocab(main, {table}_fts, 'row')"
                )
            native_ranking = await _has_function(connection, FUNCTION)
        except BaseException:
            await connection.close()
            raise
        return cls(connection, native_ranking=native_ranking)

    async def figures(self) -> dict[str, int]:
        """The archive's row counts as last committed (see :func:`counts`)."""
        return await counts(self._db)

    async def close(self) -> None:
        await self._db.close()

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        # One hop to the connection thread; execute + fetchall + close would be three, and
        # on a sub-millisecond FTS query those hops are most of the latency.
        return list(await self._db.execute_fetchall(sql, params))

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        rows = await self._all(sql, params)
        return rows[0] if rows else None

    # --- vocabulary and in-memory directories -------------------------------------------

    async def vocabulary(self, table: FtsTable) -> tuple[list[tuple[str, int]], int]:
        """Every token of one full-text table with its document count, and the row count."""
        rows = await self._all(f"SELECT term, doc FROM temp.{table}_vocab")
        total = await self._one(f"SELECT count(*) FROM {table}")
        return [(row[0], int(row[1])) for row in rows], int(total[0]) if total else 0

    async def speakers(self) -> list[SpeakerRow]:
        """Every speaker with aliases and quote count, most quoted first."""
        aliases: dict[int, list[str]] = {}
        for row in await self._all("SELECT speaker_id, alias FROM speaker_aliases ORDER BY alias"):
            aliases.setdefault(row[0], []).append(row[1])
        rows = await self._all(
            """SELECT sp.id, sp.name, count(q.pk) AS quotes
               FROM speakers sp LEFT JOIN quotes q ON q.speaker_id = sp.id
               GROUP BY sp.id ORDER BY quotes DESC, sp.name_key"""
        )
        return [
            SpeakerRow(row[0], row[1], tuple(aliases.get(row[0], [row[1]])), int(row[2]))
            for row in rows
        ]

    async def sources(self) -> list[SourceRow]:
        """Every source with article count and date range, most articles first."""
        rows = await self._all(
            """SELECT src.id, src.name, count(a.pk),
                      min(CASE WHEN a.year IS NOT NULL THEN a.date_iso END),
                      max(CASE WHEN a.year IS NOT NULL THEN a.date_iso END),
                      sum(a.year IS NULL)
               FROM sources src LEFT JOIN articles a ON a.source_id = src.id
               GROUP BY src.id ORDER BY count(a.pk) DESC, src.name"""
        )
        return [
            SourceRow(row[0], row[1], int(row[2]), row[3], row[4], int(row[5] or 0)) for row in rows
        ]

    async def titles(self) -> list[TitleRow]:
        """Titled articles, newest first, for autocomplete."""
        rows = await self._all(
            """SELECT a.id, a.title, src.name, a.date_iso
               FROM articles a LEFT JOIN sources src ON src.id = a.source_id
               WHERE a.title IS NOT NULL AND a.title != ''
               ORDER BY a.year IS NULL, a.date_iso DESC, a.pk"""
        )
        return [TitleRow(row[0], row[1], row[2], row[3]) for row in rows]

    # --- ranked search ---------------------------------------------------------------------

    async def search_quotes(
        self, query: FtsQuery, filters: Filters, limit: int, offset: int
    ) -> tuple[list[HitRow], int]:
        """One page of quotes in rank order with their bm25, and the total number of matches."""
        where, params = filters.where(with_speakers=True)
        joins = (
            ""
            if filters.empty
            else "JOIN quotes q ON q.pk = h.pk JOIN articles a ON a.pk = q.article_pk"
        )
        rows, total = await self._ranked(
            _Ranking("quotes_fts", _QUOTE_WEIGHTS, joins, where, params),
            _HIT_COLUMNS,
            f"JOIN quotes q ON q.pk = page.pk {_HIT_JOINS}",
            query,
            limit,
            offset,
        )
        return [_as(HitRow, row) for row in rows], total

    async def search_articles(
        self, query: FtsQuery, filters: Filters, limit: int, offset: int
    ) -> tuple[list[tuple[ArticleRow, str, float]], int]:
        """One page of articles (with body, for snippets) in rank order, and the total."""
        where, params = filters.where(with_speakers=False)
        joins = "" if filters.empty else "JOIN articles a ON a.pk = h.pk"
        rows, total = await self._ranked(
            _Ranking("articles_fts", _ARTICLE_WEIGHTS, joins, where, params),
            f"{_ARTICLE_COLUMNS}, a.body",
            "JOIN articles a ON a.pk = page.pk LEFT JOIN sources src ON src.id = a.source_id",
            query,
            limit,
            offset,
        )
        return [
            (_as(ArticleRow, row), str(row["body"]), float(row["score"])) for row in rows
        ], total

    async def _ranked(
        self,
        ranking: _Ranking,
        columns: str,
        page_joins: str,
        query: FtsQuery,
        limit: int,
        offset: int,
    ) -> tuple[list[aiosqlite.Row], int]:
        """Rank, cut one page, read its rows and count all matches, in one statement.

        One round trip instead of three (rank, fetch, count) matters when FTS5 itself takes
        well under a millisecond. FTS5 visits every match once: the matches and their scores
        are kept in a temporary table (``h``), the page is the top of it and the total its
        size, so the count costs no second pass over the full-text index (a second pass,
        or ``count(*) OVER ()`` which sorts every match, measured 8-15 % slower on the
        heaviest queries of the Reuters benchmark indexes). Only the page's rowids are joined to
        the big tables (``page_joins`` reads ``columns`` for ``page.pk``).
        """
        fts, weights, joins, where, params = ranking
        scored, scored_params = scored_matches(
            fts, weights, query, native_ranking=self.native_ranking
        )
        rows = await self._all(
            f"""WITH h AS MATERIALIZED (
                    SELECT h.pk, h.score FROM ({scored}) AS h {joins} WHERE 1 {where}),
                page AS MATERIALIZED (
                    SELECT pk, score FROM h ORDER BY score, pk LIMIT ? OFFSET ?)
                SELECT {columns}, page.score AS score, (SELECT count(*) FROM h) AS total
                FROM page {page_joins}
                ORDER BY page.score, page.pk""",
            [*scored_params, *params, limit, offset],
        )
        if rows:
            return rows, int(rows[0]["total"])
        if not offset:
            return [], 0
        # Past the last page: no row carries the total, so count the matches alone.
        row = await self._one(
            f"SELECT count(*) FROM (SELECT rowid AS pk FROM {fts} WHERE {fts} MATCH ?) AS h "
            f"{joins} WHERE 1 {where}",
            [query.match, *params],
        )
        return [], int(row[0]) if row else 0

    async def phrases_present(self, table: FtsTable, phrases: Sequence[str]) -> list[bool]:
        """Whether each FTS5 phrase expression matches any row of ``table`` (one statement per
        :data:`_PHRASES_PER_STATEMENT`); an existence test stops at the first hit."""
        fts = f"{table}_fts"
        present: list[bool] = []
        for start in range(0, len(phrases), _PHRASES_PER_STATEMENT):
            chunk = list(phrases[start : start + _PHRASES_PER_STATEMENT])
            sql = " UNION ALL ".join(
                f"SELECT {number}, EXISTS (SELECT 1 FROM {fts} WHERE {fts} MATCH ?)"
                for number in range(len(chunk))
            )
            rows = await self._all(sql, chunk)
            found = {int(row[0]): bool(row[1]) for row in rows}
            present.extend(found.get(number, False) for number in range(len(chunk)))
        return present

    async def list_quotes(self, filters: Filters, limit: int, offset: int) -> tuple[list[int], int]:
        """Quotes matching only filters (no words), in date order, and how many there are."""
        where, params = filters.where(with_speakers=True)
        rows = await self._all(
            f"""SELECT q.pk, count(*) OVER () FROM quotes q JOIN articles a ON a.pk = q.article_pk
                WHERE 1 {where}
                ORDER BY a.date_iso IS NULL, a.year IS NULL, a.date_iso, a.pk, q.seq
                LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )
        if rows:
            return [row[0] for row in rows], int(rows[0][1])
        row = await self._one(
            f"SELECT count(*) FROM quotes q JOIN articles a ON a.pk = q.article_pk WHERE 1 {where}",
            params,
        )
        return [], int(row[0]) if row else 0

    async def quote_candidates(self, query: FtsQuery, limit: int) -> list[HitRow]:
        """Top ``limit`` quotes for an OR query with their bm25, best first ("who said this").

        The candidates' rows come in the same statement, so the search is one round trip.
        """
        scored, scored_params = scored_matches(
            "quotes_fts", _QUOTE_WEIGHTS, query, native_ranking=self.native_ranking
        )
        rows = await self._all(
            f"""WITH h AS (SELECT pk, score FROM ({scored}) ORDER BY score, pk LIMIT ?)
                SELECT {_HIT_COLUMNS}, h.score AS score
                FROM h JOIN quotes q ON q.pk = h.pk {_HIT_JOINS} ORDER BY h.score, h.pk""",
            [*scored_params, limit],
        )
        return [_as(HitRow, row) for row in rows]

    # --- fetching rows -----------------------------------------------------------------------

    async def quotes_by_pk(self, pks: Sequence[int]) -> dict[int, QuoteRow]:
        if not pks:
            return {}
        rows = await self._all(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q {_QUOTE_JOINS} WHERE q.pk IN ({_marks(pks)})",
            list(pks),
        )
        return {row["pk"]: _as(QuoteRow, row) for row in rows}

    async def articles_by_pk(self, pks: Sequence[int]) -> dict[int, tuple[ArticleRow, str]]:
        """Articles with their body text (for snippets)."""
        if not pks:
            return {}
        rows = await self._all(
            f"""SELECT {_ARTICLE_COLUMNS}, a.body FROM articles a
                LEFT JOIN sources src ON src.id = a.source_id WHERE a.pk IN ({_marks(pks)})""",
            list(pks),
        )
        return {row["pk"]: (_as(ArticleRow, row), row["body"]) for row in rows}

    async def article_by_id(self, article_id: str) -> ArticleRow | None:
        row = await self._one(
            f"""SELECT {_ARTICLE_COLUMNS} FROM articles a
                LEFT JOIN sources src ON src.id = a.source_id WHERE a.id = ?""",
            [article_id],
        )
        return _as(ArticleRow, row) if row else None

    async def quotes_of_articles(self, article_pks: Sequence[int]) -> list[QuoteRow]:
        if not article_pks:
            return []
        rows = await self._all(
            f"""SELECT {_QUOTE_COLUMNS} FROM quotes q {_QUOTE_JOINS}
                WHERE q.article_pk IN ({_marks(article_pks)}) ORDER BY q.article_pk, q.seq""",
            list(article_pks),
        )
        return [_as(QuoteRow, row) for row in rows]

    async def quote_by_id(self, quote_id: str) -> tuple[QuoteRow, str] | None:
        """The quote and its paragraph, as the article's file writes them."""
        row = await self._one(
            f"""SELECT {_QUOTE_COLUMNS}, substr(a.body, q.para_start + 1,
                       q.para_end - q.para_start) AS paragraph
                FROM quotes q {_QUOTE_JOINS} WHERE q.id = ?""",
            [quote_id],
        )
        return (_as(QuoteRow, row), row["paragraph"] or "") if row else None

    # --- speakers, days, random ----------------------------------------------------------------

    async def speaker_stats(self, speaker_ids: Sequence[int]) -> SpeakerStats:
        marks = _marks(speaker_ids)
        # The sources come along as a JSON list of [name, quotes], so the profile's figures
        # are one round trip; their order is set here, not by group_concat's.
        row = await self._one(
            f"""SELECT count(q.pk),
                       min(CASE WHEN a.year IS NOT NULL THEN a.date_iso END),
                       max(CASE WHEN a.year IS NOT NULL THEN a.date_iso END),
                       sum(a.year IS NULL),
                       (SELECT json_group_array(json_array(name, n)) FROM (
                            SELECT src.name AS name, count(*) AS n FROM quotes q
                            JOIN articles a ON a.pk = q.article_pk
                            JOIN sources src ON src.id = a.source_id
                            WHERE q.speaker_id IN ({marks}) GROUP BY src.id))
                FROM quotes q JOIN articles a ON a.pk = q.article_pk
                WHERE q.speaker_id IN ({marks})""",
            [*speaker_ids, *speaker_ids],
        )
        assert row is not None
        sources = sorted(json.loads(row[4] or "[]"), key=lambda pair: (-pair[1], pair[0]))
        return SpeakerStats(
            quote_count=int(row[0]),
            first_iso=row[1],
            last_iso=row[2],
            undated=int(row[3] or 0),
            sources=tuple(name for name, _ in sources),
        )

    async def speaker_timeline(
        self, speaker_ids: Sequence[int], limit: int, offset: int
    ) -> list[QuoteRow]:
        """Quotes in date order; year-unknown ones last, undated ones after those."""
        rows = await self._all(
            f"""SELECT {_QUOTE_COLUMNS} FROM quotes q {_QUOTE_JOINS}
                WHERE q.speaker_id IN ({_marks(speaker_ids)})
                ORDER BY a.date_iso IS NULL, a.year IS NULL, a.date_iso, a.pk, q.seq
                LIMIT ? OFFSET ?""",
            [*speaker_ids, limit, offset],
        )
        return [_as(QuoteRow, row) for row in rows]

    async def articles_on(self, days: Sequence[tuple[int, int]]) -> list[ArticleRow]:
        """Articles published on any of the month-days, any year, by date."""
        clause = " OR ".join("(a.month = ? AND a.day = ?)" for _ in days) or "0"
        params = [value for pair in days for value in pair]
        rows = await self._all(
            f"""SELECT {_ARTICLE_COLUMNS} FROM articles a
                LEFT JOIN sources src ON src.id = a.source_id
                WHERE {clause} ORDER BY a.year DESC, a.date_iso, a.pk""",
            params,
        )
        return [_as(ArticleRow, row) for row in rows]

    async def quotes_on(self, days: Sequence[tuple[int, int]]) -> list[QuoteRow]:
        """Quotes from articles published on any of the month-days, any year."""
        clause = " OR ".join("(a.month = ? AND a.day = ?)" for _ in days) or "0"
        params = [value for pair in days for value in pair]
        rows = await self._all(
            f"""SELECT {_QUOTE_COLUMNS} FROM quotes q {_QUOTE_JOINS}
                WHERE {clause} ORDER BY a.year DESC, a.date_iso, a.pk, q.seq""",
            params,
        )
        return [_as(QuoteRow, row) for row in rows]

    async def random_quote(
        self, speaker_ids: Sequence[int] | None, rng: random.Random
    ) -> QuoteRow | None:
        """A uniformly random quote (of the given speakers): a random offset into the quotes
        in key order, no full sort, in one statement (one round trip to the database)."""
        where = f"WHERE speaker_id IN ({_marks(speaker_ids)})" if speaker_ids is not None else ""
        params = list(speaker_ids or [])
        row = await self._one(
            f"""SELECT {_QUOTE_COLUMNS} FROM quotes q {_QUOTE_JOINS}
                WHERE q.pk = (SELECT pk FROM quotes {where} ORDER BY pk LIMIT 1
                              OFFSET CAST(? * (SELECT count(*) FROM quotes {where}) AS INTEGER))""",
            [*params, rng.random(), *params],
        )
        return _as(QuoteRow, row) if row else None
