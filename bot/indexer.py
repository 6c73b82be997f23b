"""Build or refresh the index from a corpus folder: read, extract off the loop, write atomically.

A reload re-extracts only new or changed files: size and modification time are the fast
path, and a file whose stat changed is hashed to confirm that its content did. Extraction is
CPU work, so it runs in worker processes for large jobs (a thread for small ones) while the
event loop stays free for Discord's heartbeats. All writing happens in one transaction: if
anything fails, or the process is killed, the previous index stays exactly as it was, and
readers on other connections see it until the single commit.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import os
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot import __version__
from bot.corpus.aliases import group_speakers
from bot.corpus.corrections import (
    SIDECAR_SUFFIX,
    Correction,
    CorrectionSet,
    apply_correction,
    load_corrections,
)
from bot.corpus.extract import EXTRACTION_VERSION, extract_article
from bot.corpus.reader import ARTICLE_SUFFIXES, Decoded, Skipped, read_article, scan_corpus
from bot.models import ExtractedArticle
from bot.storage.database import transaction
from bot.storage.index_store import (
    ArticleRecord,
    FileState,
    IndexWriter,
    QuoteRow,
    Unchanged,
    counts,
    existing_files,
    speaker_and_source_names,
)
from bot.storage.meta_store import get_meta
from bot.textnorm import FOLD_VERSION, fold

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
# Below this many files to extract, starting worker processes costs more than it saves.
_PROCESS_POOL_MIN_FILES = 200
# Files per worker task, and extracted articles per write. Each task and each write has a
# fixed cost in the writing process (futures, pickles, wake-ups; three statements), about
# 1.5 ms per 64 articles: a Reuters build at 64 and 64 spent 1.90 s of CPU there, at 256
# and 512 1.52 s, and took 3.33 s instead of 3.58 s (median of 6 interleaved builds).
_BATCH_SIZE = 256
_WRITE_BATCH = 512
# The body as stored: its paragraphs (exact slices of the text) joined by a blank line.
_PARAGRAPH_SEPARATOR = "\n\n"
# Allocations between young-generation collections while building (Python's default: 700).
_BUILD_GC_THRESHOLD = 50_000


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
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    new_speakers: tuple[str, ...] = ()
    new_sources: tuple[str, ...] = ()
    corrections: int = 0
    correction_problems: tuple[str, ...] = ()
    full: bool = False


@dataclass(frozen=True)
class _Job:
    """One file to process in a worker, with what the index already knows about it."""

    path: str
    relative: str
    known_hash: str | None
    correction: Correction


def stable_article_id(url: str | None, text: str) -> str:
    """An id that survives re-indexing: from the URL when there is one, else the content."""
    basis = f"url:{url.strip().rstrip('/').lower()}" if url else f"text:{text}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


def process_file(
    path: str | Path,
    root: Path,
    max_bytes: int,
    publishers: Mapping[str, str] | None = None,
    correction: Correction | None = None,
    known_hash: str | None = None,
    relative: str | None = None,
) -> ArticleRecord | Skipped | Unchanged:
    """Read, hash and (unless unchanged) extract one file; runs in a worker, never raises."""
    decoded = read_article(path, root, max_bytes, relative)
    if isinstance(decoded, Skipped):
        return decoded
    content_hash = hashlib.sha256(decoded.text.encode("utf-8")).hexdigest()
    if content_hash == known_hash:
        return Unchanged(decoded.relative, decoded.size, decoded.mtime_ns)
    try:
        article = extract_article(decoded.text, decoded.relative, publishers)
        problems: list[str] = []
        if correction is not None:
            article, problems = apply_correction(article, correction)
    except Exception as error:
        log.exception("extraction failed for %s", decoded.relative)
        return Skipped(decoded.relative, f"extraction failed: {type(error).__name__}: {error}")
    return _record(decoded, article, content_hash, correction, problems)


def _record(
    decoded: Decoded,
    article: ExtractedArticle,
    content_hash: str,
    correction: Correction | None,
    problems: list[str],
) -> ArticleRecord:
    body = _PARAGRAPH_SEPARATOR.join([paragraph.text for paragraph in article.body])
    # Where each paragraph begins in the body: the index stores offsets into the body.
    starts, at = [], 0
    for paragraph in article.body:
        starts.append(at)
        at += len(paragraph.text) + len(_PARAGRAPH_SEPARATOR)
    info, date = article.info, article.info.date
    quotes = []
    for quote in article.quotes:
        paragraph, start = article.body[quote.paragraph], starts[quote.paragraph]
        shift = start - paragraph.start  # from the original text to the body
        quotes.append(
            QuoteRow(
                quote.text,
                quote.start + shift,
                quote.end + shift,
                start,
                start + len(paragraph.text),
                quote.speaker,
                quote.partial,
                quote.explicit,
            )
        )
    return ArticleRecord(
        id=stable_article_id(info.url, decoded.text),
        file=article.file,
        title=info.title,
        date_iso=date.iso() if date else None,
        year=date.year if date else None,
        month=date.month if date else None,
        day=date.day if date else None,
        time=info.time,
        utc_offset=info.utc_offset,
        source=info.source,
        url=info.url,
        author=info.author,
        body=body,
        quotes=tuple(quotes),
        content_hash=content_hash,
        size=decoded.size,
        mtime_ns=decoded.mtime_ns,
        encoding=decoded.encoding,
        folded_title=fold(info.title or ""),
        folded_body=fold(body),
        corrections_hash=correction.fingerprint() if correction else "",
        warning=decoded.warning,
        problems=tuple(problems),
    )


def _process_batch(
    jobs: Sequence[_Job], root: Path, max_bytes: int, publishers: Mapping[str, str] | None
) -> list[ArticleRecord | Skipped | Unchanged]:
    return [
        process_file(
            job.path, root, max_bytes, publishers, job.correction, job.known_hash, job.relative
        )
        for job in jobs
    ]


def _batch_size(jobs: int, processes: int) -> int:
    """``_BATCH_SIZE``, or less when there are few jobs: at least four tasks per process, so
    one process is not left with the last big task while the others wait."""
    return max(1, min(_BATCH_SIZE, -(-jobs // (4 * processes))))


def _batches(jobs: Sequence[_Job], size: int) -> Iterator[Sequence[_Job]]:
    for start in range(0, len(jobs), size):
        yield jobs[start : start + size]


@dataclass(frozen=True)
class _Plan:
    """Which files need work, decided from the folder listing and the index."""

    root: Path
    total: int
    jobs: tuple[_Job, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    corrections: CorrectionSet


def plan_reload(corpus: Path, known: Mapping[str, FileState], *, full: bool) -> _Plan:
    """List the corpus and compare it with the index (blocking: call in a thread)."""
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    root = corpus.resolve()
    found = scan_corpus(root, (*ARTICLE_SUFFIXES, SIDECAR_SUFFIX))
    sidecars = [Path(item.path) for item in found if item.relative.endswith(SIDECAR_SUFFIX)]
    files = {item.relative: item for item in found if not item.relative.endswith(SIDECAR_SUFFIX)}
    corrections = load_corrections(root, set(files), sidecars)
    jobs: list[_Job] = []
    unchanged: list[str] = []
    for relative, item in files.items():
        state = known.get(relative)
        correction = corrections.for_file(relative)
        if state is None or full or state.corrections_hash != correction.fingerprint():
            jobs.append(_Job(item.path, relative, None, correction))
        elif item.size == state.size and item.mtime_ns == state.mtime_ns:
            unchanged.append(relative)
        else:
            jobs.append(_Job(item.path, relative, state.content_hash, correction))
    removed = tuple(sorted(set(known) - set(files)))
    return _Plan(root, len(files), tuple(jobs), tuple(unchanged), removed, corrections)


async def build_index(
    connection: aiosqlite.Connection,
    corpus: Path,
    *,
    max_file_bytes: int,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    publishers: Mapping[str, str] | None = None,
    full: bool = False,
) -> IndexReport:
    """Bring the index in line with ``corpus``: only what changed, in one transaction.

    ``full`` re-extracts every file. The index is also rebuilt whole when it was built
    with other extraction rules or another text folding than this version's.
    """
    started = time.perf_counter()
    full = full or not await _built_by_these_rules(connection)
    known = {} if full else await existing_files(connection)
    before_speakers, before_sources = await speaker_and_source_names(connection)
    plan = await asyncio.to_thread(plan_reload, corpus, known, full=full)
    skipped: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    problems = list(plan.corrections.problems)
    added: list[str] = []
    changed: list[str] = []
    confirmed_unchanged = 0
    stale_total = 0
    done = len(plan.unchanged)
    if progress:
        progress(done, plan.total)
    loop = asyncio.get_running_loop()
    async with _rare_collections(), transaction(connection):
        writer = await IndexWriter.open(connection)
        if full:
            await writer.clear()
        await writer.remove_files(plan.removed)
        with _executor(len(plan.jobs), workers) as pool:
            processes = getattr(pool, "_max_workers", 1)
            batches = _batches(plan.jobs, _batch_size(len(plan.jobs), processes))
            # A bounded window of batches in flight keeps memory flat on very large corpora.
            window = 2 * processes + 2
            pending: deque[asyncio.Future[list[ArticleRecord | Skipped | Unchanged]]] = deque()

            def submit_next() -> None:
                batch = next(batches, None)
                if batch is not None:
                    pending.append(
                        loop.run_in_executor(
                            pool, _process_batch, batch, plan.root, max_file_bytes, publishers
                        )
                    )

            for _ in range(window):
                submit_next()
            unwritten: list[ArticleRecord] = []  # from earlier batches, written in bulk
            while pending:
                results = await pending.popleft()
                submit_next()
                records: list[ArticleRecord] = []
                touched: list[Unchanged] = []
                stale: list[str] = []  # known files to drop: changed, or now unreadable
                for result in results:
                    if isinstance(result, Unchanged):
                        touched.append(result)
                        confirmed_unchanged += 1
                        continue
                    file = result.relative if isinstance(result, Skipped) else result.file
                    if file in known:
                        stale.append(file)
                    if isinstance(result, Skipped):
                        skipped.append((file, result.reason))
                        continue
                    (changed if file in known else added).append(file)
                    if result.warning:
                        warnings.append((file, result.warning))
                    problems.extend(result.problems)
                    records.append(result)
                if stale:
                    # Earlier articles first, then this batch's removals, then its articles:
                    # the order of one batch at a time, so ids are taken and freed as before.
                    await writer.add_articles(unwritten)
                    unwritten = []
                    await writer.remove_files(stale)
                    stale_total += len(stale)
                unwritten.extend(records)
                if len(unwritten) >= _WRITE_BATCH or not pending:
                    await writer.add_articles(unwritten)
                    unwritten = []
                await writer.touch_files(touched)
                done += len(results)
                if progress:
                    progress(done, plan.total)
        if full or added or changed or plan.removed or stale_total:
            # Corpus-wide regrouping is only needed when some quotes came or went.
            await writer.rebuild_speakers(group_speakers, merge=full)
        await writer.replace_skipped(skipped)
        await writer.replace_corrections(plan.corrections, problems)
        await writer.set_meta(
            {
                "corpus": str(plan.root),
                "indexed_at": str(int(time.time())),
                "dateline_version": __version__,
                "fold_version": FOLD_VERSION,
                "extraction_version": EXTRACTION_VERSION,
            }
        )
        totals = await counts(connection)
        after_speakers, after_sources = await speaker_and_source_names(connection)
    for relative, reason in skipped:
        log.warning("skipped %s: %s", relative, reason)
    return IndexReport(
        files=plan.total,
        articles=totals["articles"],
        quotes=totals["quotes"],
        speakers=totals["speakers"],
        sources=totals["sources"],
        skipped=tuple(skipped),
        warnings=tuple(warnings),
        seconds=time.perf_counter() - started,
        added=tuple(sorted(added)),
        changed=tuple(sorted(changed)),
        removed=plan.removed,
        unchanged=len(plan.unchanged) + confirmed_unchanged,
        new_speakers=tuple(sorted(after_speakers - before_speakers)),
        new_sources=tuple(sorted(after_sources - before_sources)),
        corrections=len(plan.corrections.by_file),
        correction_problems=tuple(problems),
        full=full,
    )


async def _built_by_these_rules(connection: aiosqlite.Connection) -> bool:
    """Whether the index's text was folded and extracted as this version does it."""
    return (
        await get_meta(connection, "fold_version") == FOLD_VERSION
        and await get_meta(connection, "extraction_version") == EXTRACTION_VERSION
    )


def _executor(files: int, workers: int | None) -> Executor:
    if files < _PROCESS_POOL_MIN_FILES or workers == 0:
        return ThreadPoolExecutor(max_workers=1)
    return ProcessPoolExecutor(
        max_workers=workers or min(os.cpu_count() or 1, 4), initializer=_rare_worker_collections
    )


class _RareCollections:
    """Run the cyclic garbage collector less often while a build runs, then as before.

    A build makes millions of short-lived objects (extracted articles, records, rows) that
    reference counting already frees; scanning them every 700 allocations cost about 10 %
    of a full Reuters build (median of three interleaved runs, 6.8 s -> 6.0 s). Collections
    still happen, just less often, so reference cycles cannot pile up. Builds that overlap
    in one process (the test suite runs several) share the setting; the last one out
    restores what was there before the first.
    """

    def __init__(self) -> None:
        self._running = 0
        self._saved = gc.get_threshold()

    @asynccontextmanager
    async def during_build(self) -> AsyncIterator[None]:
        if not self._running:
            self._saved = gc.get_threshold()
            _rare_worker_collections()
        self._running += 1
        try:
            yield
        finally:
            self._running -= 1
            if not self._running:
                gc.set_threshold(*self._saved)


_rare_collections = _RareCollections().during_build


def _rare_worker_collections() -> None:
    """Raise only the young-generation threshold; also the initializer of extraction worker
    processes, which live for one build and so need no restoring."""
    gc.set_threshold(_BUILD_GC_THRESHOLD, *gc.get_threshold()[1:])
