"""Writing index builds and reloads, and reading articles back for export.

A build streams new and changed articles into one transaction, then resolves speakers
across the corpus (which needs every name first) and re-indexes quote text. Readers on other
connections see the previous index until the single ``COMMIT``.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import aiosqlite

from bot.corpus.aliases import SpeakerGroup
from bot.corpus.corrections import CorrectionSet
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
    corrections_hash: str = ""
    warning: str | None = None
    problems: tuple[str, ...] = ()  # corrections that matched nothing in this article


@dataclass(frozen=True)
class Unchanged:
    """A file whose stat changed but whose content (and corrections) did not."""

    relative: str
    size: int
    mtime_ns: int


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


@dataclass(frozen=True)
class FileState:
    """What the index knows about one article file, to decide whether it changed."""

    size: int
    mtime_ns: int
    content_hash: str
    corrections_hash: str


class IndexWriter:
    """Changes the index inside the caller's transaction; see :mod:`bot.indexer`."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection
        self._sources: dict[str, int] = {}
        self._used_ids: set[str] = set()
        self._next_article = 0
        self._next_quote = 0

    @classmethod
    async def open(cls, connection: aiosqlite.Connection) -> IndexWriter:
        writer = cls(connection)
        await writer._load()
        return writer

    async def _load(self) -> None:
        async with self._db.execute("SELECT id FROM articles") as cursor:
            self._used_ids = {row[0] async for row in cursor}
        async with self._db.execute("SELECT id, name FROM sources") as cursor:
            self._sources = {row[1]: row[0] async for row in cursor}
        self._next_article = await _scalar(self._db, "SELECT coalesce(max(pk), 0) FROM articles")
        self._next_quote = await _scalar(self._db, "SELECT coalesce(max(pk), 0) FROM quotes")

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
        await self._load()

    async def remove_files(self, files: Sequence[str]) -> None:
        """Delete articles (their quotes cascade) and their full-text entries.

        The article index is contentless, so deleting needs the values it indexed: the
        stored title and body, folded exactly as when they were added (the fold version is
        checked before any incremental build).
        """
        if not files:
            return
        rows = []
        for start in range(0, len(files), 500):
            chunk = list(files[start : start + 500])
            marks = ",".join("?" * len(chunk))
            async with self._db.execute(
                f"SELECT pk, id, title, body FROM articles WHERE file IN ({marks})",
                chunk,
            ) as cursor:
                rows.extend([tuple(row) async for row in cursor])
        folded = await asyncio.to_thread(
            lambda: [(pk, fold(title or ""), fold(body)) for pk, _, title, body in rows]
        )
        await self._db.executemany(
            "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
            folded,
        )
        await self._db.executemany("DELETE FROM articles WHERE pk = ?", [(r[0],) for r in rows])
        self._used_ids -= {row[1] for row in rows}

    async def add_articles(self, records: Sequence[ArticleRecord]) -> None:
        """Insert a batch with explicit keys: a few ``executemany`` calls, not one per row.

        Keys are assigned here, so no per-row round trip is needed to learn ``lastrowid``;
        text was folded by the workers, not on the event loop.
        """
        articles, documents, quotes = [], [], []
        for record in records:
            record = self._with_unique_id(record)
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
                    record.mtime_ns, record.encoding, record.corrections_hash,
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
        await self._db.executemany(
            """INSERT INTO articles (pk, id, file, title, date_iso, year, month, day, time,
                   utc_offset, source_id, url, author, body, text, content_hash, size,
                   mtime_ns, encoding, corrections_hash)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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

    def _with_unique_id(self, record: ArticleRecord) -> ArticleRecord:
        """Two files with one URL (or identical text) still get distinct, stable ids."""
        if record.id in self._used_ids:
            salt = f"{record.id}:{record.article.file}".encode()
            record = replace(record, id=hashlib.sha1(salt).hexdigest()[:12])
        self._used_ids.add(record.id)
        return record

    async def touch_files(self, files: Sequence[Unchanged]) -> None:
        """Record the new stat of files whose content turned out unchanged."""
        await self._db.executemany(
            "UPDATE articles SET size = ?, mtime_ns = ? WHERE file = ?",
            [(f.size, f.mtime_ns, f.relative) for f in files],
        )

    async def rebuild_speakers(self, group: Callable[[list[str]], Iterable[SpeakerGroup]]) -> None:
        """Regroup every speaker name in the corpus and re-index quote text and speakers.

        Grouping is corpus-wide (a new spelling in one file can join two groups), so it is
        redone on every build; it costs a pass over the quotes, not over the articles.
        """
        async with self._db.execute(
            "SELECT pk, text, speaker_name FROM quotes ORDER BY pk"
        ) as cursor:
            quotes = [(row[0], row[1], row[2]) async for row in cursor]
        for statement in (
            "INSERT INTO quotes_fts(quotes_fts) VALUES ('delete-all')",
            "UPDATE quotes SET speaker_id = NULL WHERE speaker_id IS NOT NULL",
            "DELETE FROM speaker_aliases",
            "DELETE FROM speakers",
            "DELETE FROM sources WHERE id NOT IN "
            "(SELECT source_id FROM articles WHERE source_id IS NOT NULL)",
        ):
            await self._db.execute(statement)
        names = [name for _, _, name in quotes if name]
        groups = await asyncio.to_thread(lambda: list(group(names)))
        speaker_of_alias: dict[str, int] = {}
        search_names: dict[int, str] = {}
        for speaker_id, speaker in enumerate(groups, start=1):
            await self._db.execute(
                "INSERT INTO speakers (id, name, name_key) VALUES (?, ?, ?)",
                (speaker_id, speaker.name, fold_key(speaker.name)),
            )
            await self._db.executemany(
                "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, alias_key) "
                "VALUES (?, ?, ?)",
                [(speaker_id, alias, fold_key(alias)) for alias in speaker.aliases],
            )
            for alias in speaker.aliases:
                speaker_of_alias[alias.strip()] = speaker_id
            search_names[speaker_id] = fold(" ".join(speaker.aliases))
        links = [
            (speaker_of_alias[name.strip()], pk)
            for pk, _, name in quotes
            if name and name.strip() in speaker_of_alias
        ]
        await self._db.executemany("UPDATE quotes SET speaker_id = ? WHERE pk = ?", links)
        speaker_by_quote = {pk: speaker_id for speaker_id, pk in links}
        rows = await asyncio.to_thread(
            lambda: [
                (pk, fold(text), search_names.get(speaker_by_quote.get(pk, -1), ""))
                for pk, text, _ in quotes
            ]
        )
        await self._db.executemany(
            "INSERT INTO quotes_fts(rowid, text, speaker) VALUES (?, ?, ?)", rows
        )

    async def replace_skipped(self, skipped: Sequence[tuple[str, str]]) -> None:
        await self._db.execute("DELETE FROM skipped_files")
        await self._db.executemany(
            "INSERT OR REPLACE INTO skipped_files (file, reason) VALUES (?, ?)", skipped
        )

    async def replace_corrections(
        self, corrections: CorrectionSet, problems: Sequence[str]
    ) -> None:
        """Keep the corrections in force and the problems found, for ``/corpus status``."""
        await self._db.execute("DELETE FROM corrections")
        await self._db.executemany(
            "INSERT INTO corrections (file, fields, origins) VALUES (?, ?, ?)",
            [
                (
                    file,
                    ", ".join(
                        sorted([*correction.fields, *(["speakers"] if correction.speakers else [])])
                    ),
                    ", ".join(correction.origins),
                )
                for file, correction in sorted(corrections.by_file.items())
            ],
        )
        await self._db.execute("DELETE FROM correction_problems")
        await self._db.executemany(
            "INSERT INTO correction_problems (message) VALUES (?)", [(p,) for p in problems]
        )

    async def set_meta(self, meta: Mapping[str, str]) -> None:
        await self._db.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", sorted(meta.items())
        )

    async def _source_id(self, name: str) -> int:
        if name not in self._sources:
            cursor = await self._db.execute("INSERT INTO sources (name) VALUES (?)", (name,))
            assert cursor.lastrowid is not None
            self._sources[name] = cursor.lastrowid
        return self._sources[name]


async def _scalar(connection: aiosqlite.Connection, sql: str) -> int:
    async with connection.execute(sql) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


async def existing_files(connection: aiosqlite.Connection) -> dict[str, FileState]:
    async with connection.execute(
        "SELECT file, size, mtime_ns, content_hash, corrections_hash FROM articles"
    ) as cursor:
        return {row[0]: FileState(row[1], row[2], row[3], row[4]) async for row in cursor}


async def speaker_and_source_names(
    connection: aiosqlite.Connection,
) -> tuple[set[str], set[str]]:
    """Current speaker and source names, to report what a reload added."""
    async with connection.execute("SELECT name FROM speakers") as cursor:
        speakers = {row[0] async for row in cursor}
    async with connection.execute("SELECT name FROM sources") as cursor:
        sources = {row[0] async for row in cursor}
    return speakers, sources


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
