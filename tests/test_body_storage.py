"""The stored body, the only copy of an article's text in the index, and the schema change
that made it so.

Quote contexts are paragraphs of the body, so quotes keep offsets into it. Taking an article
out of the contentless full-text index must give exactly the words it indexed, read back from
the stored body.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from bot_harness import SEED_CORPUS as SEEDS

from bot.indexer import build_index
from bot.search.service import SearchService
from bot.storage.database import connect
from bot.storage.meta_store import get_meta, is_empty
from bot.storage.migrations import MIGRATIONS, SCHEMA_VERSION


async def test_quote_offsets_point_into_the_stored_body(tmp_path: Path) -> None:
    """The context shown for a quote is its paragraph, written as in the file."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "wire.txt").write_text(
        "WIRE STORY\n\nMarch 3, 2020\n\nMENU | Share | Subscribe to Wire\n\n"
        '    LONDON - "First words," Ann Lee said.\n    Text between.\n'
        '    "Second words, split," she said, "and joined."\n',
        encoding="utf-8",
    )
    database = tmp_path / "index.db"
    connection = await connect(database)
    try:
        await build_index(connection, corpus, max_file_bytes=5_000_000)
    finally:
        await connection.close()
    check = sqlite3.connect(database)
    rows = check.execute(
        """SELECT a.file, q.text, substr(a.body, q.start + 1, q."end" - q.start),
                  substr(a.body, q.para_start + 1, q.para_end - q.para_start)
           FROM quotes q JOIN articles a ON a.pk = q.article_pk"""
    ).fetchall()
    check.close()
    assert len(rows) > 48  # the seeds' quotes and the wire story's
    for file, quote, at_offsets, paragraph in rows:
        assert at_offsets == quote
        assert quote in paragraph
        assert paragraph in (corpus / file).read_text(encoding="utf-8")


def _vocabulary(database: Path) -> set[str]:
    connection = sqlite3.connect(database)
    try:
        connection.execute(
            "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, 'articles_fts', 'row')"
        )
        return {row[0] for row in connection.execute("SELECT term FROM temp.words")}
    finally:
        connection.close()


async def test_removing_or_changing_an_article_takes_its_words_out_of_the_index(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    gone = corpus / "gone.txt"
    gone.write_text("Vanishing story\n\nMarch 3, 2020\n\nThe zyxwvut grew.\n", encoding="utf-8")
    edited = corpus / "edited.txt"
    edited.write_text("Edited story\n\nMarch 4, 2020\n\nThe qwertzu fell.\n", encoding="utf-8")
    database = tmp_path / "index.db"
    connection = await connect(database)
    try:
        await build_index(connection, corpus, max_file_bytes=5_000_000)
        assert {"zyxwvut", "qwertzu"} <= _vocabulary(database)
        gone.unlink()
        edited.write_text("Edited story\n\nMarch 4, 2020\n\nThe plover rose.\n", encoding="utf-8")
        report = await build_index(connection, corpus, max_file_bytes=5_000_000)
    finally:
        await connection.close()
    assert report.removed == ("gone.txt",)
    assert report.changed == ("edited.txt",)
    words = _vocabulary(database)
    assert not {"zyxwvut", "qwertzu"} & words
    assert {"plover", "lavrov"} <= words


def _schema_at(database: Path, version: int) -> sqlite3.Connection:
    """A new index file as an older release made it: migrations 1..``version`` only."""
    connection = sqlite3.connect(database, isolation_level=None)
    for script in MIGRATIONS[:version]:
        connection.executescript(script)
    connection.execute(f"PRAGMA user_version = {version}")
    return connection


def _index_at_schema_3(database: Path) -> None:
    """An index as versions before the spans left it: a body column, one article, settings."""
    connection = _schema_at(database, 3)
    connection.execute(
        "INSERT INTO articles (pk, id, file, body, text, content_hash, size, mtime_ns, encoding)"
        " VALUES (1, 'a1', 'old.txt', 'Old body', 'Old\n\nOld body', 'h', 1, 1, 'utf-8')"
    )
    connection.execute(
        'INSERT INTO quotes (pk, id, article_pk, seq, text, start, "end", para_start, '
        "para_end, partial, explicit) VALUES (1, 'a1-1', 1, 1, 'Old', 0, 3, 0, 8, 0, 1)"
    )
    connection.execute(
        "INSERT INTO articles_fts (rowid, title, body) VALUES (1, 'old', 'old body')"
    )
    connection.execute(
        "INSERT INTO meta (key, value) VALUES ('indexed_at', '1'), ('extraction_version', '1')"
    )
    connection.execute(
        "INSERT INTO digest_settings (guild_id, channel_id, hour, minute, timezone, "
        "active_since, updated_at) VALUES (7, 8, 9, 0, 'UTC', '2026-01-01', '2026-01-01')"
    )
    connection.close()


async def test_an_older_index_is_emptied_for_a_rebuild_and_keeps_its_settings(
    tmp_path: Path,
) -> None:
    database = tmp_path / "index.db"
    _index_at_schema_3(database)
    connection = await connect(database)
    try:
        assert await is_empty(connection)  # so the bot rebuilds it on start
        assert await get_meta(connection, "extraction_version") is None
        async with connection.execute("SELECT count(*) FROM quotes") as cursor:
            assert (await cursor.fetchone())[0] == 0
        async with connection.execute("SELECT guild_id FROM digest_settings") as cursor:
            assert [row[0] for row in await cursor.fetchall()] == [7]
        report = await build_index(connection, SEEDS, max_file_bytes=5_000_000)
    finally:
        await connection.close()
    assert report.full
    assert report.articles == 5
    check = sqlite3.connect(database)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    check.close()
    assert "old" not in _vocabulary(database)
    service = await SearchService.open(database)
    try:
        page = await service.search_articles("Moscow")
    finally:
        await service.close()
    assert page.total == 4  # every seed article that names Moscow in its body
    assert all("**moscow**" in hit.snippet.lower() for hit in page.items)


async def test_an_index_from_before_quotes_carried_their_citation_gets_it_filled_in(
    tmp_path: Path,
) -> None:
    """Migration 5 copies each article's id, title, date, url and source onto its quotes,
    which search hits read; the index is kept, not rebuilt."""
    database = tmp_path / "index.db"
    connection = _schema_at(database, 4)
    connection.execute("INSERT INTO sources (id, name) VALUES (3, 'The Daily')")
    connection.execute(
        "INSERT INTO articles (pk, id, file, title, date_iso, year, month, day, source_id, url,"
        " content_hash, size, mtime_ns, encoding, body) VALUES (1, 'a1', 'a.txt', 'Headline',"
        " '2020-03-03', 2020, 3, 3, 3, 'https://daily.example/a', 'h', 1, 1, 'utf-8', 'Body')"
    )
    connection.execute(
        'INSERT INTO quotes (pk, id, article_pk, seq, text, start, "end", para_start, '
        "para_end, partial, explicit) VALUES (1, 'a1-1', 1, 1, 'Body', 0, 4, 0, 4, 0, 1)"
    )
    connection.execute("INSERT INTO meta (key, value) VALUES ('indexed_at', '1')")
    connection.close()

    migrated = await connect(database)
    try:
        assert not await is_empty(migrated)
    finally:
        await migrated.close()
    check = sqlite3.connect(database)
    row = check.execute(
        "SELECT article_id, article_title, article_date, article_url, article_source_id FROM quotes"
    ).fetchone()
    check.close()
    assert row == ("a1", "Headline", "2020-03-03", "https://daily.example/a", 3)
