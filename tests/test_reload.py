"""Incremental reloads on real SQLite files: changes, stability, atomicity, corrections."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.config import Config, CorpusConfig, StorageConfig
from bot.corpus_admin import CorpusAdmin, ReloadFailed, ReloadInProgress
from bot.indexer import _BATCH_SIZE, _PROCESS_POOL_MIN_FILES, _batch_size, _executor, build_index
from bot.search.service import SearchService
from bot.storage.database import connect
from bot.storage.index_store import iter_articles
from bot.storage.meta_store import set_meta

ROOT = Path(__file__).resolve().parents[1]


def article(title: str, speaker: str, words: str, url: str | None = None) -> str:
    tail = f"\n\nOriginal url:\n\n<{url}>\n" if url else "\n"
    return f'{title}\n\nMarch 3, 2020\n\n"{words}," {speaker} said.{tail}'


def write_corpus(folder: Path, count: int, prefix: str = "story") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{prefix}-{n:05d}.txt").write_text(
            article(f"Headline number {n}", f"Person Number{n}", f"statement {prefix} {n}"),
            encoding="utf-8",
        )


async def index(corpus: Path, database: Path, **options: object) -> object:
    connection = await connect(database)
    try:
        return await build_index(connection, corpus, max_file_bytes=1_000_000, **options)  # type: ignore[arg-type]
    finally:
        await connection.close()


def citation_mismatches(database: Path) -> int:
    """Quotes whose copy of their article's citation differs from the article's own."""
    connection = sqlite3.connect(database)
    try:
        row = connection.execute(
            """SELECT count(*) FROM quotes q JOIN articles a ON a.pk = q.article_pk
               WHERE q.article_id IS NOT a.id OR q.article_title IS NOT a.title
                  OR q.article_date IS NOT a.date_iso OR q.article_url IS NOT a.url
                  OR q.article_source_id IS NOT a.source_id"""
        ).fetchone()
        return int(row[0])
    finally:
        connection.close()


async def exported(database: Path) -> dict[str, dict[str, object]]:
    connection = await connect(database, readonly=True)
    try:
        return {a.file: {"id": a.id, "title": a.title, "quotes": a.quotes, "source": a.source,
                         "date": a.date}
                async for a in iter_articles(connection)}  # fmt: skip
    finally:
        await connection.close()


async def test_add_change_remove_rename_then_reload(tmp_path: Path) -> None:
    corpus, database = tmp_path / "corpus", tmp_path / "index.db"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article("Alpha", "Ann Able", "first words", "https://x.org/a"))
    (corpus / "b.txt").write_text(article("Beta", "Ben Baker", "second words"))
    (corpus / "c.txt").write_text(article("Gamma", "Cy Cole", "third words"))
    first = await index(corpus, database)
    assert first.added == ("a.txt", "b.txt", "c.txt")  # type: ignore[attr-defined]
    before = await exported(database)

    (corpus / "a.txt").write_text(article("Alpha v2", "Ann Able", "new words", "https://x.org/a"))
    (corpus / "b.txt").unlink()
    (corpus / "c.txt").rename(corpus / "renamed.txt")
    (corpus / "d.txt").write_text(article("Delta", "Dee Dunn", "fourth words"))
    os.utime(corpus / "renamed.txt")
    report = await index(corpus, database)
    assert report.changed == ("a.txt",)  # type: ignore[attr-defined]
    assert report.added == ("d.txt", "renamed.txt")  # type: ignore[attr-defined]
    assert report.removed == ("b.txt", "c.txt")  # type: ignore[attr-defined]
    assert "Dee Dunn" in report.new_speakers  # type: ignore[attr-defined]
    after = await exported(database)
    assert set(after) == {"a.txt", "d.txt", "renamed.txt"}
    assert after["a.txt"]["title"] == "Alpha v2"
    assert after["a.txt"]["id"] == before["a.txt"]["id"]  # same URL, same id
    assert after["renamed.txt"]["id"] == before["c.txt"]["id"]  # same content, same id


async def test_nothing_changed_and_touched_files_are_not_re_extracted(tmp_path: Path) -> None:
    corpus, database = tmp_path / "corpus", tmp_path / "index.db"
    write_corpus(corpus, 5)
    await index(corpus, database)
    untouched = await index(corpus, database)
    assert untouched.unchanged == 5  # type: ignore[attr-defined]
    assert untouched.added == untouched.changed == ()  # type: ignore[attr-defined]
    os.utime(corpus / "story-00001.txt", ns=(1, 1))  # new mtime, same content
    touched = await index(corpus, database)
    assert touched.unchanged == 5  # type: ignore[attr-defined]
    assert touched.changed == ()  # type: ignore[attr-defined]


async def test_an_index_built_by_other_extraction_rules_is_re_extracted_whole(
    tmp_path: Path,
) -> None:
    """After an upgrade that changes what is extracted, unchanged files must not keep what
    the old rules made of them: the first reload rebuilds everything, the next is quick."""
    corpus, database = tmp_path / "corpus", tmp_path / "index.db"
    write_corpus(corpus, 3)
    await index(corpus, database)
    connection = await connect(database)
    try:
        await set_meta(connection, "extraction_version", "0")  # as an older Dateline left it
    finally:
        await connection.close()
    upgraded = await index(corpus, database)
    again = await index(corpus, database)
    assert upgraded.full  # type: ignore[attr-defined]
    assert upgraded.unchanged == 0  # type: ignore[attr-defined]
    assert len(upgraded.added) == 3  # type: ignore[attr-defined]
    assert not again.full  # type: ignore[attr-defined]
    assert again.unchanged == 3  # type: ignore[attr-defined]


async def test_a_failure_mid_reload_keeps_the_previous_index(tmp_path: Path) -> None:
    corpus, database = tmp_path / "corpus", tmp_path / "index.db"
    write_corpus(corpus, 10, prefix="old")
    await index(corpus, database)
    before = await exported(database)
    write_corpus(corpus, 150, prefix="new")  # several batches

    calls = 0

    def explode(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("injected failure mid-reload")

    with pytest.raises(RuntimeError, match="injected"):
        await index(corpus, database, progress=explode)
    assert await exported(database) == before
    async with await SearchService.open(database) as search:
        page = await search.search_quotes("statement old")
    assert page.total == 10


async def test_builds_collect_garbage_less_often_and_restore_the_setting(tmp_path: Path) -> None:
    """Overlapping builds raise the collector's threshold while they run; when the last one
    ends, even by failing, the process is back to what it had before."""
    write_corpus(tmp_path / "a", 150, prefix="a")
    write_corpus(tmp_path / "b", 150, prefix="b")
    before = gc.get_threshold()
    seen: list[int] = []

    def watch(done: int, total: int) -> None:
        seen.append(gc.get_threshold()[0])

    def explode(done: int, total: int) -> None:
        if done:
            raise RuntimeError("injected failure")

    await asyncio.gather(
        index(tmp_path / "a", tmp_path / "a.db", progress=watch),
        index(tmp_path / "b", tmp_path / "b.db", progress=watch),
    )
    assert seen
    assert max(seen) > before[0]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError, match="injected"):
        await index(tmp_path / "a", tmp_path / "c.db", progress=explode)
    assert gc.get_threshold() == before
    # Extraction workers (a process pool for large corpora) run with the raised threshold.
    with _executor(_PROCESS_POOL_MIN_FILES, 1) as pool:
        worker = pool.submit(gc.get_threshold).result()
    assert worker[0] > before[0]
    assert worker[1:] == before[1:]


def test_a_killed_index_process_leaves_the_previous_index(tmp_path: Path) -> None:
    corpus, database = tmp_path / "corpus", tmp_path / "index.db"
    write_corpus(corpus, 20, prefix="old")
    command = [sys.executable, "-m", "bot", "index", "--corpus", str(corpus), "--db", str(database)]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True, timeout=120)
    before = asyncio.run(exported(database))
    write_corpus(corpus, 4000, prefix="new")
    # Its own process group, so the kill takes the extraction workers too, as a crash would.
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    wal = database.with_name(database.name + "-wal")
    size = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > size + 200_000:  # writing is under way
            break
        time.sleep(0.02)
    assert process.poll() is None, "the index finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()  # type: ignore[union-attr]
    process.stderr.close()  # type: ignore[union-attr]
    assert asyncio.run(exported(database)) == before


async def test_queries_during_a_reload_answer_from_the_previous_index(tmp_path: Path) -> None:
    corpus, database = tmp_path / "corpus", tmp_path / "index.db"
    write_corpus(corpus, 10, prefix="old")
    await index(corpus, database)
    write_corpus(corpus, 600, prefix="new")
    config = Config(corpus=CorpusConfig(path=corpus), storage=StorageConfig(database=database))
    async with await SearchService.open(database) as search:
        admin = CorpusAdmin(config, lambda: search)
        answers: list[int] = []
        started = asyncio.Event()

        async def progress(done: int, total: int) -> None:
            started.set()
            answers.append((await search.search_quotes("statement")).total)

        reload = asyncio.create_task(admin.reload("tester", progress))
        await started.wait()
        with pytest.raises(ReloadInProgress, match="tester"):
            await admin.reload("someone else")
        report = await reload
        after = (await search.search_quotes("statement")).total
    assert answers
    assert set(answers) == {10}  # every answer during the reload: the previous index
    assert after == 610
    assert len(report.added) == 600


async def test_a_failed_reload_says_what_failed(tmp_path: Path) -> None:
    corpus, database = tmp_path / "corpus", tmp_path / "index.db"
    write_corpus(corpus, 3)
    await index(corpus, database)
    config = Config(
        corpus=CorpusConfig(path=tmp_path / "missing"), storage=StorageConfig(database=database)
    )
    async with await SearchService.open(database) as search:
        admin = CorpusAdmin(config, lambda: search)
        with pytest.raises(ReloadFailed, match="corpus folder not found") as failed:
            await admin.reload("tester")
        assert "previous index is unchanged" in str(failed.value)
        assert (await search.search_quotes("statement")).total == 3
        status = await admin.status()
    assert status.figures.last_reload is not None
    assert status.figures.last_reload.status == "failed"


async def test_corrections_apply_and_bad_ones_are_reported(tmp_path: Path) -> None:
    corpus, database = tmp_path / "corpus", tmp_path / "index.db"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article("Wrong title", "Ann Able", "first words"))
    (corpus / "b.txt").write_text(article("Beta", "Ben Baker", "second words"))
    (corpus / "a.corrections.toml").write_text(
        'title = "Right title"\ndate = "--03-04"\nsource = "The Daily"\n'
        '[speakers]\n"first" = "Ann B. Able"\n'
    )
    (corpus / "corrections.toml").write_text(
        '["b.txt"]\nurl = "https://daily.example/b"\ncolour = "red"\n'
        '["b.txt".speakers]\n"7" = "Nobody"\n'
        '["missing.txt"]\ntitle = "x"\n'
        '["../outside.txt"]\ntitle = "x"\n'
    )
    (corpus / "orphan.corrections.toml").write_text('title = "x"\n')
    report = await index(corpus, database)
    data = await exported(database)
    assert data["a.txt"]["title"] == "Right title"
    assert data["a.txt"]["date"] == "--03-04"
    assert data["a.txt"]["source"] == "The Daily"
    assert data["a.txt"]["quotes"][0].speaker == "Ann B. Able"  # type: ignore[index]
    assert citation_mismatches(database) == 0
    problems = "\n".join(report.correction_problems)  # type: ignore[attr-defined]
    for expected in (
        "colour",
        "no quote matches '7'",
        "missing.txt",
        "outside the corpus",
        "orphan.corrections.toml",
    ):
        assert expected in problems, expected
    # A changed correction alone re-applies on the next reload.
    (corpus / "a.corrections.toml").write_text('title = "Righter title"\n')
    again = await index(corpus, database)
    assert again.changed == ("a.txt",)  # type: ignore[attr-defined]
    assert (await exported(database))["a.txt"]["title"] == "Righter title"
    assert citation_mismatches(database) == 0, "a corrected title reaches its quotes"
    config = Config(corpus=CorpusConfig(path=corpus), storage=StorageConfig(database=database))
    status = await CorpusAdmin(config, lambda: None).status()  # type: ignore[arg-type,return-value]
    assert [file for file, _, _ in status.figures.corrections] == ["a.txt", "b.txt"]
    assert status.figures.correction_problems


def test_export_json_of_a_corrected_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article("Wrong", "Ann Able", "words"))
    (corpus / "a.corrections.toml").write_text('title = "Right"\n')
    output = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--corpus", str(corpus)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert json.loads(output.stdout.splitlines()[0])["title"] == "Right"


async def _answers(database: Path) -> dict[str, object]:
    """What users would see: quote searches by words and by speaker spelling."""
    async with await SearchService.open(database) as search:
        result: dict[str, object] = {}
        for words in ("statement", "lavrov", "sergei", "sergey", "talks"):
            try:
                page = await search.search_quotes(words, limit=50)
                result[f"q:{words}"] = sorted(hit.text for hit in page.items)
            except Exception as error:  # noqa: BLE001 - "no results" is an answer too
                result[f"q:{words}"] = type(error).__name__
        for name in ("Lavrov", "Sergey Lavrov", "Ann Able"):
            try:
                page = await search.search_quotes(None, speaker=name, limit=50)
                result[f"s:{name}"] = sorted(
                    (hit.text, hit.speaker_canonical) for hit in page.items
                )
            except Exception as error:  # noqa: BLE001
                result[f"s:{name}"] = type(error).__name__
    return result


async def test_incremental_reloads_answer_like_a_fresh_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    (corpus / "l1.txt").write_text(article("Talks one", "Sergei Lavrov", "talks are on"))
    (corpus / "l2.txt").write_text(article("Talks two", "Lavrov", "talks go on"))
    (corpus / "a.txt").write_text(article("Able", "Ann Able", "statement by ann"))
    incremental = tmp_path / "incremental.db"
    await index(corpus, incremental)

    steps = [
        lambda: (corpus / "l3.txt").write_text(article("Talks 3", "Sergey Lavrov", "talks end")),
        lambda: (corpus / "a.txt").write_text(article("Able", "Ann Able", "new statement")),
        lambda: (corpus / "l1.txt").unlink(),
        lambda: (corpus / "story-00002.txt").unlink(),
        lambda: (corpus / "l2.txt").write_text(article("Talks two", "Bob Lavrov", "talks stop")),
    ]
    ann_id = (await exported(incremental))["a.txt"]["quotes"][0].speaker_id  # type: ignore[index]
    for number, step in enumerate(steps):
        step()
        await index(corpus, incremental)
        ann = (await exported(incremental))["a.txt"]["quotes"][0]  # type: ignore[index]
        assert ann.speaker_id == ann_id, "a speaker keeps their id across reloads"
        fresh = tmp_path / f"fresh-{number}.db"
        await index(corpus, fresh)
        assert await _answers(incremental) == await _answers(fresh), f"after step {number}"
        assert citation_mismatches(incremental) == 0, f"after step {number}"
        # Speaker ids differ by design: a reload keeps existing ids, a fresh build numbers anew.
        assert _without_speaker_ids(await exported(incremental)) == _without_speaker_ids(
            await exported(fresh)
        ), f"after step {number}"


@pytest.mark.parametrize("write_batch", [3, 1000])
async def test_writing_in_bulk_stores_what_writing_each_batch_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_batch: int
) -> None:
    """Extracted articles are written in bigger batches than they are extracted in, yet a
    changed file's old row still goes before the articles found after it and after those
    found before it. Ids show the order: two files with one URL compete for its id, and
    the new ``a.txt`` (found first) must not take the id that changed ``s03`` still holds."""
    monkeypatch.setattr("bot.indexer._BATCH_SIZE", 1)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(24):
        url = f"https://example.com/{n % 5}"  # five URLs shared by 24 files
        (corpus / f"s{n:02d}.txt").write_text(article(f"T{n}", f"Ann Person{n}", f"w {n}", url))
    results = {}
    for label, size in {"each batch": 1, "in bulk": write_batch}.items():
        monkeypatch.setattr("bot.indexer._WRITE_BATCH", size)
        copy = tmp_path / label
        shutil.copytree(corpus, copy)
        database = tmp_path / f"{label}.db"
        await index(copy, database)
        (copy / "a.txt").write_text(article("A", "Cy Doe", "a", "https://example.com/3"))
        for n in (3, 8, 13):
            url = f"https://example.com/{n % 5}"
            (copy / f"s{n:02d}.txt").write_text(article(f"T{n}b", "Bo Lee", "new", url))
        (copy / "s00.txt").unlink()
        await index(copy, database)
        results[label] = {f: (a["id"], a["title"]) for f, a in (await exported(database)).items()}
    assert results["in bulk"] == results["each batch"]
    first_holder = results["each batch"]["s03.txt"][0]
    assert results["each batch"]["a.txt"][0] != first_holder  # the order the test is about


def test_few_jobs_make_smaller_batches_so_every_process_gets_work() -> None:
    assert _batch_size(19_042, 2) == _BATCH_SIZE
    assert _batch_size(300, 2) == 38  # 8 tasks of at most 38 files
    assert _batch_size(3, 4) == 1
    assert _batch_size(0, 2) == 1


def _without_speaker_ids(data: dict[str, dict[str, object]]) -> dict[str, object]:
    from dataclasses import replace

    return {
        file: {**record, "quotes": [replace(q, speaker_id=None) for q in record["quotes"]]}  # type: ignore[attr-defined]
        for file, record in data.items()
    }


async def test_a_whole_build_leaves_each_full_text_index_merged(tmp_path: Path) -> None:
    """A build inserts document by document, which leaves FTS5 several segments per index
    (each query then merges several doclists per term); a whole build ends with them merged
    into one, with FTS5's incremental merging and in-memory buffer back to their defaults
    for later reloads (a whole build buffers more terms in memory than a reload should)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    words = [f"w{n:x}" for n in range(40_000)]
    for n in range(120):  # about 3 MB of distinct words: more than FTS5's default buffer
        body = " ".join(words[(n * 331 + k * 7) % len(words)] for k in range(4_000))
        (folder / f"{n:03d}.txt").write_text(
            f'Report {n}\n\nMarch 3, 2020\n\n{body}.\n\n"{body[:3000]}," Jane Doe said.\n',
            encoding="utf-8",
        )
    await index(folder, tmp_path / "index.db")
    connection = sqlite3.connect(tmp_path / "index.db", isolation_level=None)
    try:
        for fts in ("articles_fts", "quotes_fts"):
            shape = f"SELECT count(*), sum(length(block)) FROM {fts}_data"
            built = connection.execute(shape).fetchone()
            connection.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
            assert connection.execute(shape).fetchone() == built, fts
            automerge = connection.execute(
                f"SELECT v FROM {fts}_config WHERE k = 'automerge'"
            ).fetchone()
            assert automerge is None or automerge[0] == 4, fts
            hashsize = connection.execute(
                f"SELECT v FROM {fts}_config WHERE k = 'hashsize'"
            ).fetchone()
            assert hashsize is None or hashsize[0] == 1_048_576, fts
    finally:
        connection.close()
