"""Writing index builds and reloads, and reading articles back for export.

A build streams new and changed articles into one transaction, then resolves speakers
across the corpus (which needs every name first) and re-indexes quote text. Readers on other
connections see the previous index until the single ``COMMIT``.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import aiosqlite

from bot.corpus.aliases import SpeakerGroup
from bot.corpus.corrections import CorrectionSet
from bot.textnorm import fold, fold_key

_FTS_TABLES = ("articles_fts", "quotes_fts")
_FTS5_AUTOMERGE = 4  # FTS5's own default
_FTS5_HASHSIZE = 1_048_576  # FTS5's own default: pending terms kept in memory before a flush
# A whole build keeps more pending terms in memory: Reuters' 19,000 articles need about
# 18 MB, so they reach the disk as one segment, in no flush during the build and no merge
# after it (median of 6 interleaved builds: 4.17 s -> 3.98 s, 18 MB more peak memory).
_FTS5_BUILD_HASHSIZE = 32 * 1_048_576


class QuoteRow(NamedTuple):
    """One extracted quote as stored: its span and its paragraph's, as offsets in the body."""

    text: str
    start: int
    end: int
    para_start: int
    para_end: int
    speaker: str | None
    partial: bool
    explicit: bool


class ArticleRecord(NamedTuple):
    """What the index stores of one extracted article and its file, as plain values.

    Workers build it and send it to the writing process, so it holds only stored values, not
    the extraction's objects: for 19,000 Reuters articles the paragraph objects pickled to
    58 MB and took 1.2 s to unpickle with Python's default collector settings, against 39 MB
    and 0.04 s as plain values. A named tuple of them (the date already in its stored
    columns) rather than a dataclass holding a ``PublicationInfo`` and a ``PartialDate``:
    pickling 0.10 -> 0.065 s and unpickling 0.105 -> 0.045 s for the same articles.
    """

    id: str
    file: str
    title: str | None
    date_iso: str | None  # ``YYYY-MM-DD``, or ``--MM-DD`` when the year is unknown
    year: int | None
    month: int | None
    day: int | None
    time: str | None
    utc_offset: str | None
    source: str | None
    url: str | None
    author: str | None
    body: str  # the body paragraphs joined, as stored (and shown as a quote's context)
    quotes: tuple[QuoteRow, ...]
    content_hash: str
    size: int
    mtime_ns: int
    encoding: str
    folded_title: str  # what the full-text tables index (see bot.textnorm.fold)
    folded_body: str
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
        self._new_quotes: set[int] = set()  # added in this build: not in the quote index yet

    @classmethod
    async def open(cls, connection: aiosqlite.Connection) -> IndexWriter:
        writer = cls(connection)
        await writer._load()
        return writer

    async def _load(self) -> None:
        async with self._db.execute("SELECT id FROM articles") as cursor:
            self._used_ids = {row[0] for row in await cursor.fetchall()}
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
            # A whole build merges the full-text segments once, at its end, not as it goes.
            *(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', 0)" for fts in _FTS_TABLES),
            *(
                f"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {_FTS5_BUILD_HASHSIZE})"
                for fts in _FTS_TABLES
            ),
        ):
            await self._db.execute(statement)
        await self._load()

    async def _merge(self, fts: str) -> None:
        """Merge a full-text index into one segment; restore FTS5's default merging and
        memory use (see ``rebuild_speakers``)."""
        await self._db.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        for key, value in (("automerge", _FTS5_AUTOMERGE), ("hashsize", _FTS5_HASHSIZE)):
            await self._db.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('{key}', {value})")

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
        await self._remove_quotes_of([row[0] for row in rows])
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
        if not records:
            return
        articles, documents, quotes = [], [], []
        for record in records:
            record = self._with_unique_id(record)
            self._next_article += 1
            article_pk = self._next_article
            source_id = await self._source_id(record.source) if record.source else None
            articles.append(
                (
                    article_pk, record.id, record.file, record.title, record.date_iso,
                    record.year, record.month, record.day, record.time, record.utc_offset,
                    source_id, record.url, record.author, record.content_hash,
                    record.size, record.mtime_ns, record.encoding, record.corrections_hash,
                    record.body,
                )
            )  # fmt: skip
            documents.append((article_pk, record.folded_title, record.folded_body))
            for seq, quote in enumerate(record.quotes, start=1):
                self._next_quote += 1
                self._new_quotes.add(self._next_quote)
                quotes.append(
                    (
                        self._next_quote, f"{record.id}-{seq}", article_pk, seq, quote.text,
                        quote.start, quote.end, quote.para_start, quote.para_end,
                        quote.speaker, int(quote.partial), int(quote.explicit),
                        record.id, record.title, record.date_iso, record.url, source_id,
                    )
                )  # fmt: skip
        await self._db.executemany(
            """INSERT INTO articles (pk, id, file, title, date_iso, year, month, day, time,
                   utc_offset, source_id, url, author, content_hash, size, mtime_ns,
                   encoding, corrections_hash, body)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            articles,
        )
        await self._db.executemany(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", documents
        )
        await self._db.executemany(
            """INSERT INTO quotes (pk, id, article_pk, seq, text, start, "end", para_start,
                   para_end, speaker_name, partial, explicit, article_id, article_title,
                   article_date, article_url, article_source_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            quotes,
        )

    def _with_unique_id(self, record: ArticleRecord) -> ArticleRecord:
        """Two files with one URL (or identical text) still get distinct, stable ids."""
        if record.id in self._used_ids:
            salt = f"{record.id}:{record.file}".encode()
            record = record._replace(id=hashlib.sha1(salt).hexdigest()[:12])
        self._used_ids.add(record.id)
        return record

    async def touch_files(self, files: Sequence[Unchanged]) -> None:
        """Record the new stat of files whose content turned out unchanged."""
        if not files:  # the usual case in a build: skip the round trip to the database thread
            return
        await self._db.executemany(
            "UPDATE articles SET size = ?, mtime_ns = ? WHERE file = ?",
            [(f.size, f.mtime_ns, f.relative) for f in files],
        )

    async def rebuild_speakers(
        self, group: Callable[[list[str]], Iterable[SpeakerGroup]], *, merge: bool = False
    ) -> None:
        """Regroup every speaker name in the corpus; touch only the rows that change.

        Grouping is corpus-wide (a new spelling in one file can join two groups), so it runs
        on every build that changed quotes. A group keeps its speaker id while its canonical
        name stays the same, and only quotes whose speaker or spellings changed (or that are
        new) are re-indexed, so editing one article does not rewrite twelve thousand rows.

        ``merge`` (a whole build) also merges each full-text index into one segment. After a
        whole build the segments left by thousands of inserts make every query probe and
        merge several doclists per term; one b-tree makes ranking about a fifth faster
        (benchmarks/bench_search.py). The article index merges while Python groups the
        names in another thread, since neither needs the other (a Reuters build's serial
        end 0.04 s shorter); the quote index once its rows are in. Incremental reloads add
        small segments that FTS5's automerge keeps few.
        """
        quotes = await _fetch(self._db, "SELECT pk, text, speaker_name, speaker_id FROM quotes")
        old_ids = {key: speaker_id for speaker_id, key in await _fetch(
            self._db, "SELECT id, name_key FROM speakers"
        )}  # fmt: skip
        old_aliases = await self._alias_sets()
        names = [row[2] for row in quotes if row[2]]
        grouping = asyncio.to_thread(lambda: list(group(names)))
        if merge:
            groups, _ = await asyncio.gather(grouping, self._merge("articles_fts"))
        else:
            groups = await grouping
        plan = _assign_speaker_ids(groups, old_ids)
        gone = set(old_aliases) - {speaker_id for speaker_id, _ in plan}
        changed_groups: set[int] = set(gone)
        speaker_of_alias: dict[str, int] = {}
        upserts: list[tuple[int, str, str]] = []
        alias_rows: list[tuple[int, str, str]] = []
        for speaker_id, speaker in plan:
            aliases = frozenset(speaker.aliases)
            for alias in aliases:
                speaker_of_alias[alias.strip()] = speaker_id
            if old_aliases.get(speaker_id) == aliases:
                continue
            changed_groups.add(speaker_id)
            upserts.append((speaker_id, speaker.name, fold_key(speaker.name)))
            alias_rows.extend((speaker_id, alias, fold_key(alias)) for alias in sorted(aliases))
        # Three statements for all changed groups, not three per group: a full build of
        # Reuters has 3,000 speakers, and each round trip to the connection thread costs.
        await self._db.executemany(
            "INSERT INTO speakers (id, name, name_key) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name",
            upserts,
        )
        await self._db.executemany(
            "DELETE FROM speaker_aliases WHERE speaker_id = ?", [(row[0],) for row in upserts]
        )
        await self._db.executemany(
            "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, alias_key) VALUES (?, ?, ?)",
            alias_rows,
        )
        # Once per group, not once per quote (12,000 quotes, 3,000 groups in Reuters).
        new_names = {
            speaker_id: _search_names(frozenset(speaker.aliases)) for speaker_id, speaker in plan
        }
        relinks, stale_fts, fresh_fts = [], [], []
        for pk, text, name, old_id in quotes:
            new_id = speaker_of_alias.get(name.strip()) if name else None
            is_new = pk in self._new_quotes
            if not is_new and new_id == old_id and new_id not in changed_groups:
                continue
            if new_id != old_id:
                relinks.append((new_id, pk))
            if not is_new:
                stale_fts.append((pk, text, _search_names(old_aliases.get(old_id))))
            fresh_fts.append((pk, text, new_names.get(new_id or 0, "")))
        await self._db.executemany("UPDATE quotes SET speaker_id = ? WHERE pk = ?", relinks)
        # Only now, with no quote pointing at them, can groups that are gone be deleted.
        await self._db.executemany(
            "DELETE FROM speakers WHERE id = ?", [(speaker_id,) for speaker_id in gone]
        )
        await self._delete_quote_fts(stale_fts)
        rows = await asyncio.to_thread(lambda: [(pk, fold(t), n) for pk, t, n in fresh_fts])
        await self._db.executemany(
            "INSERT INTO quotes_fts(rowid, text, speaker) VALUES (?, ?, ?)", rows
        )
        if merge:
            await self._merge("quotes_fts")
        await self._db.execute(
            "DELETE FROM sources WHERE id NOT IN "
            "(SELECT source_id FROM articles WHERE source_id IS NOT NULL)"
        )
        self._new_quotes.clear()

    async def _remove_quotes_of(self, article_pks: Sequence[int]) -> None:
        """Take the quotes of these articles out of the quote index (the rows cascade later)."""
        aliases = await self._alias_sets()
        stale: list[tuple[int, str, str]] = []
        for start in range(0, len(article_pks), 500):
            chunk = list(article_pks[start : start + 500])
            marks = ",".join("?" * len(chunk))
            async with self._db.execute(
                f"SELECT pk, text, speaker_id FROM quotes WHERE article_pk IN ({marks})", chunk
            ) as cursor:
                for pk, text, speaker_id in await cursor.fetchall():
                    if pk in self._new_quotes:  # added earlier in this build, not indexed yet
                        self._new_quotes.discard(pk)
                        continue
                    stale.append((pk, text, _search_names(aliases.get(speaker_id))))
        await self._delete_quote_fts(stale)

    async def _alias_sets(self) -> dict[int, frozenset[str]]:
        sets: dict[int, set[str]] = {}
        for speaker_id, alias in await _fetch(
            self._db, "SELECT speaker_id, alias FROM speaker_aliases"
        ):
            sets.setdefault(speaker_id, set()).add(alias)
        return {speaker_id: frozenset(aliases) for speaker_id, aliases in sets.items()}

    async def _delete_quote_fts(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Remove quotes from the contentless index with the values they were indexed with."""
        folded = await asyncio.to_thread(lambda: [(pk, fold(t), n) for pk, t, n in rows])
        await self._db.executemany(
            "INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', ?, ?, ?)",
            folded,
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


def _assign_speaker_ids(
    groups: Sequence[SpeakerGroup], old_ids: Mapping[str, int]
) -> list[tuple[int, SpeakerGroup]]:
    """Keep a group's id while its canonical name (folded) is unchanged; number the rest."""
    taken: set[int] = set()
    plan: list[tuple[int, SpeakerGroup]] = []
    for speaker in groups:
        speaker_id = old_ids.get(fold_key(speaker.name))
        if speaker_id is not None and speaker_id not in taken:
            taken.add(speaker_id)
            plan.append((speaker_id, speaker))
        else:
            plan.append((0, speaker))
    next_id = max([*old_ids.values(), *taken, 0]) + 1
    result = []
    for speaker_id, speaker in plan:
        if speaker_id == 0:
            speaker_id, next_id = next_id, next_id + 1
        result.append((speaker_id, speaker))
    return result


def _search_names(aliases: frozenset[str] | None) -> str:
    """What the quote index holds for a speaker: every spelling, folded."""
    return fold(" ".join(sorted(aliases))) if aliases else ""


async def _fetch(connection: aiosqlite.Connection, sql: str) -> list[tuple[Any, ...]]:
    async with connection.execute(sql) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]


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
        speakers = {row[0] for row in await cursor.fetchall()}
    async with connection.execute("SELECT name FROM sources") as cursor:
        sources = {row[0] for row in await cursor.fetchall()}
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
    # One statement, so one hop to the connection's thread: on a busy connection every hop
    # waits behind the queries queued before it (15 hops made /about take 1.6 s in the soak).
    names = ("articles", "quotes", "speakers", "sources", "skipped_files")
    selects = ", ".join(f"(SELECT count(*) FROM {name})" for name in names)
    rows = list(await connection.execute_fetchall(f"SELECT {selects}"))
    return {name: int(value) for name, value in zip(names, rows[0], strict=True)}
