"""Writing a whole index build, and reading articles back for export.

The build streams articles into one transaction, then resolves speakers across the corpus
(which needs every name first) and fills the full-text tables. Readers on other connections
see the previous index until the single ``COMMIT``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.corpus.aliases import SpeakerGroup
from bot.models import ExtractedArticle
from bot.textnorm import fold, fold_key


@dataclass(frozen=True)
class ArticleRecord:
    """An extracted article plus what the index needs to know about its file."""

    id: str
    article: ExtractedArticle
    content_hash: str
    size: int
    mtime_ns: int
    encoding: str
    body: str  # the body paragraphs joined, as stored
    folded_title: str  # what the full-text tables index (see bot.textnorm.fold)
    folded_body: str
    folded_quotes: tuple[str, ...]
    warning: str | None = None


@dataclass(frozen=True)
class StoredQuote:
    id: str
    text: str
    speaker: str | None
    speaker_id: int | None
    speaker_canonical: str | None
    partial: bool
    explicit: bool


@dataclass(frozen=True)
class StoredArticle:
    id: str
    file: str
    title: str | None
    date: str | None
    time: str | None
    utc_offset: str | None
    source: str | None
    url: str | None
    author: str | None
    quotes: tuple[StoredQuote, ...]


class IndexWriter:
    """Fills an empty (just cleared) index inside the caller's transaction."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection
        self._sources: dict[str, int] = {}
        self._quote_speakers: list[tuple[int, str]] = []
        self._quote_texts: dict[int, str] = {}  # quote pk -> folded text for the FTS table
        self._next_article = 0
        self._next_quote = 0

    async def clear(self) -> None:
        for statement in (
            "INSERT INTO quotes_fts(quotes_fts) VALUES ('delete-all')",
            "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')",
            "DELETE FROM quotes",
            "DELETE FROM articles",
            "DELETE FROM speaker_aliases",
            "DELETE FROM speakers",
            "DELETE FROM sources",
            "DELETE FROM skipped_files",
        ):
            await self._db.execute(statement)

    async def add_articles(self, records: Sequence[ArticleRecord]) -> None:
        """Insert a batch with explicit keys: a few ``executemany`` calls, not one per row.

        Keys are assigned here (the tables were just cleared), so no per-row round trip is
        needed to learn ``lastrowid``. Text is folded by the workers, not on the event loop.
        """
        articles, documents, quotes = [], [], []
        for record in records:
            self._next_article += 1
            article_pk = self._next_article
            article, info, date = record.article, record.article.info, record.article.info.date
            source_id = await self._source_id(info.source) if info.source else None
            articles.append(
                (
                    article_pk, record.id, article.file, info.title,
                    date.iso() if date else None,
                    date.year if date else None,
                    date.month if date else None,
                    date.day if date else None,
                    info.time, info.utc_offset, source_id, info.url, info.author,
                    record.body, article.text, record.content_hash, record.size,
                    record.mtime_ns, record.encoding,
                )
            )  # fmt: skip
            documents.append((article_pk, record.folded_title, record.folded_body))
            for seq, quote in enumerate(article.quotes, start=1):
                self._next_quote += 1
                paragraph = article.body[quote.paragraph]
                quotes.append(
                    (
                        self._next_quote, f"{record.id}-{seq}", article_pk, seq, quote.text,
                        quote.start, quote.end, paragraph.start, paragraph.end, quote.speaker,
                        int(quote.partial), int(quote.explicit),
                    )
                )  # fmt: skip
                self._quote_texts[self._next_quote] = record.folded_quotes[seq - 1]
                if quote.speaker:
                    self._quote_speakers.append((self._next_quote, quote.speaker))
        await self._db.executemany(
            """INSERT INTO articles (pk, id, file, title, date_iso, year, month, day, time,
                   utc_offset, source_id, url, author, body, text, content_hash, size,
                   mtime_ns, encoding)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            articles,
        )
        await self._db.executemany(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", documents
        )
        await self._db.executemany(
            """INSERT INTO quotes (pk, id, article_pk, seq, text, start, "end", para_start,
                   para_end, speaker_name, partial, explicit)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            quotes,
        )

    async def add_skipped(self, file: str, reason: str) -> None:
        await self._db.execute(
            "INSERT OR REPLACE INTO skipped_files (file, reason) VALUES (?, ?)", (file, reason)
        )

    def speaker_names(self) -> list[str]:
        """Every attributed name, once per quote (counts choose the usual spelling)."""
        return [name for _, name in self._quote_speakers]

    async def finish(self, groups: Iterable[SpeakerGroup], meta: dict[str, str]) -> None:
        """Store speakers and aliases, link quotes to them, and index quote text."""
        speaker_of_alias: dict[str, int] = {}
        search_names: dict[int, str] = {}
        for group in groups:
            cursor = await self._db.execute(
                "INSERT INTO speakers (name, name_key) VALUES (?, ?)",
                (group.name, fold_key(group.name)),
            )
            speaker_id = cursor.lastrowid
            assert speaker_id is not None
            await self._db.executemany(
                "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, alias_key) "
                "VALUES (?, ?, ?)",
                [(speaker_id, alias, fold_key(alias)) for alias in group.aliases],
            )
            for alias in group.aliases:
                speaker_of_alias[alias.strip()] = speaker_id
            search_names[speaker_id] = fold(" ".join(group.aliases))
        links = [
            (speaker_of_alias.get(name.strip()), quote_pk)
            for quote_pk, name in self._quote_speakers
        ]
        await self._db.executemany("UPDATE quotes SET speaker_id = ? WHERE pk = ?", links)
        speaker_by_quote = {quote_pk: speaker_id for speaker_id, quote_pk in links}
        await self._db.executemany(
            "INSERT INTO quotes_fts(rowid, text, speaker) VALUES (?, ?, ?)",
            [
                (
                    quote_pk,
                    folded,
                    search_names.get(speaker_by_quote.get(quote_pk) or -1, ""),
                )
                for quote_pk, folded in self._quote_texts.items()
            ],
        )
        await self._db.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", sorted(meta.items())
        )

    async def _source_id(self, name: str) -> int:
        if name not in self._sources:
            cursor = await self._db.execute("INSERT INTO sources (name) VALUES (?)", (name,))
            assert cursor.lastrowid is not None
            self._sources[name] = cursor.lastrowid
        return self._sources[name]


async def iter_articles(connection: aiosqlite.Connection) -> AsyncIterator[StoredArticle]:
    """Every article in file order with its quotes, for export."""
    quotes_by_article: dict[int, list[StoredQuote]] = {}
    async with connection.execute(
        """SELECT q.article_pk, q.id, q.text, q.speaker_name, q.speaker_id, s.name AS canonical,
                  q.partial, q.explicit
           FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id
           ORDER BY q.article_pk, q.seq"""
    ) as cursor:
        async for row in cursor:
            quotes_by_article.setdefault(row["article_pk"], []).append(
                StoredQuote(
                    id=row["id"],
                    text=row["text"],
                    speaker=row["speaker_name"],
                    speaker_id=row["speaker_id"],
                    speaker_canonical=row["canonical"],
                    partial=bool(row["partial"]),
                    explicit=bool(row["explicit"]),
                )
            )
    async with connection.execute(
        """SELECT a.pk, a.id, a.file, a.title, a.date_iso, a.time, a.utc_offset,
                  s.name AS source, a.url, a.author
           FROM articles a LEFT JOIN sources s ON s.id = a.source_id
           ORDER BY a.file"""
    ) as cursor:
        async for row in cursor:
            yield StoredArticle(
                id=row["id"],
                file=row["file"],
                title=row["title"],
                date=row["date_iso"],
                time=row["time"],
                utc_offset=row["utc_offset"],
                source=row["source"],
                url=row["url"],
                author=row["author"],
                quotes=tuple(quotes_by_article.get(row["pk"], ())),
            )


async def skipped_files(connection: aiosqlite.Connection) -> list[tuple[str, str]]:
    async with connection.execute("SELECT file, reason FROM skipped_files ORDER BY file") as cur:
        return [(row["file"], row["reason"]) async for row in cur]


async def counts(connection: aiosqlite.Connection) -> dict[str, int]:
    """Row counts a person cares about: articles, quotes, speakers, sources, skipped files."""
    result: dict[str, int] = {}
    for name in ("articles", "quotes", "speakers", "sources", "skipped_files"):
        async with connection.execute(f"SELECT count(*) FROM {name}") as cursor:
            row = await cursor.fetchone()
        result[name] = int(row[0]) if row else 0
    return result
