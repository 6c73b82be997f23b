"""Numbered schema migrations, applied in order and recorded in ``PRAGMA user_version``.

Migration N moves a database from version N-1 to N. Never edit a migration that has shipped:
add a new one, so every existing index upgrades the same way.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, sources, speakers with aliases, quotes, full-text indexes.
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE speakers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE
    );
    CREATE TABLE speaker_aliases (
        speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        alias_key TEXT NOT NULL,
        PRIMARY KEY (speaker_id, alias_key)
    );
    CREATE INDEX speaker_aliases_key ON speaker_aliases(alias_key);
    CREATE TABLE articles (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        file TEXT NOT NULL UNIQUE,
        title TEXT,
        date_iso TEXT,
        year INTEGER,
        month INTEGER,
        day INTEGER,
        time TEXT,
        utc_offset TEXT,
        source_id INTEGER REFERENCES sources(id),
        url TEXT,
        author TEXT,
        body TEXT NOT NULL,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        encoding TEXT NOT NULL
    );
    CREATE INDEX articles_month_day ON articles(month, day);
    CREATE INDEX articles_date ON articles(date_iso);
    CREATE INDEX articles_source ON articles(source_id);
    CREATE TABLE quotes (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        para_start INTEGER NOT NULL,
        para_end INTEGER NOT NULL,
        speaker_id INTEGER REFERENCES speakers(id),
        speaker_name TEXT,
        partial INTEGER NOT NULL,
        explicit INTEGER NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_pk);
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    CREATE TABLE skipped_files (
        file TEXT PRIMARY KEY,
        reason TEXT NOT NULL
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    -- Contentless: they index folded text (homoglyphs, curly quotes) while the tables above
    -- keep the original. Rowids are articles.pk and quotes.pk.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, speaker, content='', tokenize='unicode61 remove_diacritics 2'
    );
    """,
    # 2: daily digests. digest_log's UNIQUE(guild_id, local_date) is the exactly-once claim.
    """
    CREATE TABLE digest_settings (
        guild_id INTEGER PRIMARY KEY,
        channel_id INTEGER NOT NULL,
        hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
        minute INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
        timezone TEXT NOT NULL,
        when_empty TEXT NOT NULL DEFAULT 'skip' CHECK (when_empty IN ('skip', 'nearest')),
        paused INTEGER NOT NULL DEFAULT 0,
        pause_reason TEXT,
        active_since TEXT NOT NULL,
        failure_streak INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_error_at TEXT,
        updated_by INTEGER,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE digest_log (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        local_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed', 'skipped')),
        late INTEGER NOT NULL DEFAULT 0,
        channel_id INTEGER,
        message_ids TEXT NOT NULL DEFAULT '',
        detail TEXT,
        claimed_at TEXT NOT NULL,
        finished_at TEXT,
        UNIQUE (guild_id, local_date)
    );
    """,
    # 3: incremental reloads: corrections in force, problems found, and a reload log.
    """
    ALTER TABLE articles ADD COLUMN corrections_hash TEXT NOT NULL DEFAULT '';
    CREATE TABLE corrections (
        file TEXT PRIMARY KEY,
        fields TEXT NOT NULL,
        origins TEXT NOT NULL
    );
    CREATE TABLE correction_problems (
        id INTEGER PRIMARY KEY,
        message TEXT NOT NULL
    );
    CREATE TABLE reloads (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        started_by TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        seconds REAL,
        summary TEXT
    );
    """,
    # 4: the body alone, without a second copy of the whole text (which only served quote
    # contexts, paragraphs of the body): quotes' offsets now point into the body. The body
    # goes last, so reading the other columns never walks its overflow pages. The index is
    # derived data: it is emptied here and rebuilt whole by the next build (the bot builds an
    # index with no "indexed_at" on start). Settings, digests and the reload log stay.
    """
    INSERT INTO quotes_fts(quotes_fts) VALUES ('delete-all');
    INSERT INTO articles_fts(articles_fts) VALUES ('delete-all');
    DELETE FROM quotes;
    DELETE FROM speaker_aliases;
    DELETE FROM speakers;
    DROP TABLE articles;
    DELETE FROM sources;
    DELETE FROM skipped_files;
    DELETE FROM meta WHERE key IN ('indexed_at', 'extraction_version');
    CREATE TABLE articles (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        file TEXT NOT NULL UNIQUE,
        title TEXT,
        date_iso TEXT,
        year INTEGER,
        month INTEGER,
        day INTEGER,
        time TEXT,
        utc_offset TEXT,
        source_id INTEGER REFERENCES sources(id),
        url TEXT,
        author TEXT,
        content_hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        encoding TEXT NOT NULL,
        corrections_hash TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL
    );
    CREATE INDEX articles_month_day ON articles(month, day);
    CREATE INDEX articles_date ON articles(date_iso);
    CREATE INDEX articles_source ON articles(source_id);
    """,
    # 5: each quote carries its article's citation (id, title, date, url, source), written
    # with the quote. A page of search hits then reads one row per hit: looking each hit's
    # article up in the articles table (large, as it holds every body) was the costliest part
    # of a quote search's statement. Articles never change in place (a changed file is
    # removed and added again), so the copy cannot drift from its article.
    """
    ALTER TABLE quotes ADD COLUMN article_id TEXT;
    ALTER TABLE quotes ADD COLUMN article_title TEXT;
    ALTER TABLE quotes ADD COLUMN article_date TEXT;
    ALTER TABLE quotes ADD COLUMN article_url TEXT;
    ALTER TABLE quotes ADD COLUMN article_source_id INTEGER;
    UPDATE quotes SET (article_id, article_title, article_date, article_url, article_source_id) =
        (SELECT id, title, date_iso, url, source_id FROM articles a WHERE a.pk = quotes.article_pk);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
