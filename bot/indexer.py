"""Build the index from a corpus folder: read, extract (off the event loop), write atomically.

Extraction is CPU work, so it runs in worker processes for large corpora (and a thread for
small ones) while the event loop stays free for Discord's heartbeats. Writing happens in one
transaction: if anything fails, the previous index stays exactly as it was.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import aiosqlite

from bot import __version__
from bot.corpus.aliases import group_speakers
from bot.corpus.extract import extract_article
from bot.corpus.reader import Decoded, Skipped, iter_article_paths, read_article
from bot.models import ExtractedArticle
from bot.storage.database import transaction
from bot.storage.index_store import ArticleRecord, IndexWriter, counts
from bot.textnorm import fold

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
# Below this many files, starting worker processes costs more than it saves.
_PROCESS_POOL_MIN_FILES = 200
_BATCH_SIZE = 64


@dataclass(frozen=True)
class IndexReport:
    """What an index build did, for the CLI summary and the reload reply."""

    files: int
    articles: int
    quotes: int
    speakers: int
    sources: int
    skipped: tuple[tuple[str, str], ...]
    warnings: tuple[tuple[str, str], ...]
    seconds: float
    extra: dict[str, int] = field(default_factory=dict)


def stable_article_id(url: str | None, text: str) -> str:
    """An id that survives re-indexing: from the URL when there is one, else the content."""
    basis = f"url:{url.strip().rstrip('/').lower()}" if url else f"text:{text}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


def process_file(
    path: Path, root: Path, max_bytes: int, publishers: Mapping[str, str] | None = None
) -> ArticleRecord | Skipped:
    """Read and extract one file; runs in a worker, so it must never raise."""
    decoded = read_article(path, root, max_bytes)
    if isinstance(decoded, Skipped):
        return decoded
    try:
        article = extract_article(decoded.text, decoded.relative, publishers)
    except Exception as error:
        log.exception("extraction failed for %s", decoded.relative)
        return Skipped(decoded.relative, f"extraction failed: {type(error).__name__}: {error}")
    return _record(decoded, article)


def _record(decoded: Decoded, article: ExtractedArticle) -> ArticleRecord:
    content_hash = hashlib.sha256(decoded.text.encode("utf-8")).hexdigest()
    body = "\n\n".join(paragraph.text for paragraph in article.body)
    return ArticleRecord(
        id=stable_article_id(article.info.url, decoded.text),
        article=article,
        content_hash=content_hash,
        size=decoded.size,
        mtime_ns=decoded.mtime_ns,
        encoding=decoded.encoding,
        body=body,
        folded_title=fold(article.info.title or ""),
        folded_body=fold(body),
        folded_quotes=tuple(fold(quote.text) for quote in article.quotes),
        warning=decoded.warning,
    )


def _process_batch(
    paths: Sequence[Path], root: Path, max_bytes: int, publishers: Mapping[str, str] | None
) -> list[ArticleRecord | Skipped]:
    return [process_file(path, root, max_bytes, publishers) for path in paths]


def _batches(paths: Sequence[Path], size: int) -> Iterator[Sequence[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


async def build_index(
    connection: aiosqlite.Connection,
    corpus: Path,
    *,
    max_file_bytes: int,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    publishers: Mapping[str, str] | None = None,
) -> IndexReport:
    """Replace the whole index with the articles in ``corpus``, in one transaction."""
    started = time.perf_counter()
    root, paths = await asyncio.to_thread(list_corpus, corpus)
    skipped: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    used_ids: set[str] = set()
    done = 0
    loop = asyncio.get_running_loop()
    with _executor(len(paths), workers) as pool:
        batches = _batches(paths, _BATCH_SIZE)
        # A bounded window of batches in flight keeps memory flat on very large corpora.
        window = 2 * getattr(pool, "_max_workers", 1) + 2
        pending: deque[asyncio.Future[list[ArticleRecord | Skipped]]] = deque()

        def submit_next() -> None:
            batch = next(batches, None)
            if batch is not None:
                pending.append(
                    loop.run_in_executor(
                        pool, _process_batch, batch, root, max_file_bytes, publishers
                    )
                )

        for _ in range(window):
            submit_next()
        async with transaction(connection):
            writer = IndexWriter(connection)
            await writer.clear()
            while pending:
                results = await pending.popleft()
                submit_next()
                records = []
                for result in results:
                    if isinstance(result, Skipped):
                        skipped.append((result.relative, result.reason))
                        await writer.add_skipped(result.relative, result.reason)
                        continue
                    if result.warning:
                        warnings.append((result.article.file, result.warning))
                    records.append(_unique(result, used_ids))
                await writer.add_articles(records)
                done += len(results)
                if progress:
                    progress(done, len(paths))
            groups = group_speakers(writer.speaker_names())
            await writer.finish(
                groups,
                {
                    "corpus": str(root),
                    "indexed_at": str(int(time.time())),
                    "dateline_version": __version__,
                },
            )
            totals = await counts(connection)
    for relative, reason in skipped:
        log.warning("skipped %s: %s", relative, reason)
    return IndexReport(
        files=len(paths),
        articles=totals["articles"],
        quotes=totals["quotes"],
        speakers=totals["speakers"],
        sources=totals["sources"],
        skipped=tuple(skipped),
        warnings=tuple(warnings),
        seconds=time.perf_counter() - started,
    )


def list_corpus(corpus: Path) -> tuple[Path, list[Path]]:
    """The resolved corpus folder and its article files (blocking: call in a thread)."""
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    root = corpus.resolve()
    return root, list(iter_article_paths(root))


def _unique(record: ArticleRecord, used: set[str]) -> ArticleRecord:
    """Two files with one URL (or identical text) still get distinct, stable ids."""
    if record.id in used:
        salt = hashlib.sha1(f"{record.id}:{record.article.file}".encode()).hexdigest()[:12]
        record = replace(record, id=salt)
    used.add(record.id)
    return record


def _executor(files: int, workers: int | None) -> Executor:
    if files < _PROCESS_POOL_MIN_FILES or workers == 0:
        return ThreadPoolExecutor(max_workers=1)
    return ProcessPoolExecutor(max_workers=workers or min(os.cpu_count() or 1, 4))
